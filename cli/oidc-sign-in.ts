// Signs in through an OpenID Connect provider with the authorization code flow and PKCE, the CLI
// playing the browser: it follows the provider's redirects (keeping its cookies), fills in the
// provider's sign-in form with the user name and password it was given, and reads the code from
// the last redirect, to the loopback redirect URI, instead of listening there. That works headless,
// but only with a plain user name and password form such as the local provider's.
import { createHash, randomBytes } from 'node:crypto';
import { TASKFORCE_API_AUDIENCE } from '../api/auth/oidc-settings.ts';
import { API_SCOPE, CLI_CLIENT_ID, CLI_REDIRECT_URI } from '../stack/oidc-provider/cli-client.ts';
import { CliError, EXIT } from './exit-codes.ts';

/** Redirects and forms one sign-in may pass through before it is given up as a loop. */
const MAX_STEPS = 10;

export interface SignInRequest {
  issuer: string;
  username: string;
  password: string;
}

export interface SignedIn {
  accessToken: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

/** The few cookies a sign-in sets, sent back on every later request to the provider. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}

async function request(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new CliError(
      `cannot reach the OpenID Connect provider at ${new URL(url).origin} (${cause}): is the stack up (npm start)?`,
      EXIT.unavailable,
    );
  }
}

async function discover(issuer: string): Promise<ProviderMetadata> {
  const response = await request(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`${issuer} has no OpenID Connect discovery document (it answered ${response.status})`);
  const metadata = (await response.json()) as ProviderMetadata;
  if (metadata.issuer !== issuer) throw new Error(`the provider at ${issuer} calls itself ${metadata.issuer}`);
  return metadata;
}

/** The sign-in form's target and its two fields: the password input, and the other one for the user name. */
function signInForm(html: string, pageUrl: string): { action: string; usernameField: string; passwordField: string } | undefined {
  const action = /<form[^>]*\saction="([^"]+)"/i.exec(html)?.[1];
  const inputs = [...html.matchAll(/<input([^>]*)>/gi)].map((match) => match[1] ?? '');
  const nameOf = (input: string | undefined) => (input ? /\sname="([^"]+)"/i.exec(input)?.[1] : undefined);
  const passwordField = nameOf(inputs.find((input) => /\stype="password"/i.test(input)));
  const usernameField = nameOf(inputs.find((input) => !/\stype="(password|hidden|submit)"/i.test(input)));
  if (!action || !passwordField || !usernameField) return undefined;
  return { action: new URL(action.replaceAll('&amp;', '&'), pageUrl).href, usernameField, passwordField };
}

/** Follows the provider from the authorization request to the redirect that carries the code. */
async function authorizationCode(metadata: ProviderMetadata, sign: SignInRequest, challenge: string, state: string): Promise<URL> {
  const jar = new CookieJar();
  const start = new URL(metadata.authorization_endpoint);
  start.search = new URLSearchParams({
    client_id: CLI_CLIENT_ID,
    response_type: 'code',
    redirect_uri: CLI_REDIRECT_URI,
    scope: `openid ${API_SCOPE}`,
    resource: TASKFORCE_API_AUDIENCE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  let url = start.href;
  let init: RequestInit = {};
  let formsSent = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const response = await request(url, { ...init, headers: { ...init.headers, ...jar.header() } });
    jar.keep(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(CLI_REDIRECT_URI)) return next;
      url = next.href;
      init = {};
      continue;
    }
    const html = await response.text();
    const form = signInForm(html, url);
    if (form && formsSent > 0) throw new CliError(`the provider refused the user name or password of "${sign.username}"`, EXIT.notAllowed);
    if (!form)
      throw new Error(`the provider answered ${response.status} where a sign-in form or a redirect was expected: ${html.slice(0, 200)}`);
    formsSent += 1;
    url = form.action;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ [form.usernameField]: sign.username, [form.passwordField]: sign.password }).toString(),
    };
  }
  throw new Error(`the sign-in did not finish within ${MAX_STEPS} steps`);
}

export async function signIn(sign: SignInRequest): Promise<SignedIn> {
  const metadata = await discover(sign.issuer);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');

  const redirect = await authorizationCode(metadata, sign, challenge, state);
  const answer = redirect.searchParams;
  if (answer.get('error'))
    throw new CliError(`the provider refused the sign-in: ${answer.get('error_description') ?? answer.get('error')}`, EXIT.notAllowed);
  if (answer.get('state') !== state) throw new Error('the provider answered another sign-in (state mismatch)');
  if (answer.has('iss') && answer.get('iss') !== metadata.issuer)
    throw new Error(`the answer came from ${answer.get('iss')}, not ${metadata.issuer}`);
  const code = answer.get('code');
  if (!code) throw new Error('the provider answered without an authorization code');

  const response = await request(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLI_REDIRECT_URI,
      client_id: CLI_CLIENT_ID,
      code_verifier: verifier,
      resource: TASKFORCE_API_AUDIENCE,
    }).toString(),
  });
  const tokens = (await response.json()) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!response.ok || !tokens.access_token) {
    throw new Error(`the provider issued no token: ${tokens.error_description ?? tokens.error ?? response.status}`);
  }
  return { accessToken: tokens.access_token, expiresAt: Math.floor(Date.now() / 1000) + (tokens.expires_in ?? 0) };
}
