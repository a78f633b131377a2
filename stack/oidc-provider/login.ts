// The provider's sign-in page: GET /interaction/<uid> shows a form for a user name and password,
// POST /interaction/<uid>/login checks them against the development users and hands the signed-in
// account back to oidc-provider, which continues the authorization (and redirects to the client).
import type http from 'node:http';
import type Provider from 'oidc-provider';
import { devUserSigningIn } from './dev-users.ts';
import { grantSigningIn } from './provider.ts';

const MAX_FORM_BYTES = 4096;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Taskforce sign-in</title></head>
<body>
<h1>Sign in to Taskforce</h1>
<p>Development users are named &lt;agency&gt;-&lt;role&gt;-&lt;clearance&gt;, e.g. npa-operator-confidential (README.md, Signing in).</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>User name <input name="login" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
</body></html>`;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(body);
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_FORM_BYTES) throw new Error('the form is too large');
  }
  return new URLSearchParams(body);
}

export async function answerLogin(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let interaction: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch {
    return send(res, 400, 'text/plain', 'This sign-in has expired or is unknown: start again from the application.');
  }
  if (interaction.prompt.name !== 'login') {
    return send(res, 400, 'text/plain', `This provider cannot answer the "${interaction.prompt.name}" prompt.`);
  }
  if (req.method === 'GET') return send(res, 200, 'text/html', loginPage(interaction.uid));
  if (req.method !== 'POST' || !req.url?.endsWith('/login')) return send(res, 405, 'text/plain', 'Method not allowed.');
  const form = await readForm(req);
  const user = devUserSigningIn(form.get('login') ?? '', form.get('password') ?? '');
  if (!user) return send(res, 401, 'text/html', loginPage(interaction.uid, 'Unknown user name or wrong password.'));
  const grantId = await grantSigningIn(provider, String(interaction.params.client_id), user.userId);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.userId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
