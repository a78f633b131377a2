// Sign-in through the taskforce's OpenID Connect provider: the authorization code flow with PKCE
// (RFC 7636), all in the browser, as a public client. The access token lives in sessionStorage for
// its lifetime (15 minutes at the local provider); when it expires the console signs in again, and
// the provider's own session usually makes that a redirect with no form.
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  temporalUi: { url: string; namespace: string };
}

interface Pending {
  verifier: string;
  state: string;
  /** The page to come back to after signing in. */
  returnTo: string;
}

const TOKEN = 'taskforce.token';
const PENDING = 'taskforce.signIn';
/** The API's audience and scope, as the provider issues them (api/auth/oidc-settings.ts). */
const RESOURCE = 'urn:taskforce:api';
const SCOPE = 'openid taskforce';

const redirectUri = () => `${location.origin}/console/`;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function endpoints(config: ConsoleConfig): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  const response = await fetch(`${config.issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the identity provider ${config.issuer} did not answer (${response.status})`);
  return response.json();
}

/** Sends the browser to the provider's sign-in page. */
export async function signIn(config: ConsoleConfig): Promise<void> {
  const pending: Pending = { verifier: randomText(), state: randomText(), returnTo: location.hash };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  const url = new URL((await endpoints(config)).authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: SCOPE,
    resource: RESOURCE,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** When the provider has just sent the browser back with a code: exchanges it for the access token. */
export async function completeSignIn(config: ConsoleConfig): Promise<void> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code && !params.get('error')) return;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `/console/${pending?.returnTo ?? ''}`);
  if (params.get('error')) throw new Error(`the identity provider refused: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('this sign-in was not started here: sign in again');
  const response = await fetch((await endpoints(config)).token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
      resource: RESOURCE,
    }),
  });
  const answer = (await response.json()) as { access_token?: string; expires_in?: number; error_description?: string };
  if (!response.ok || !answer.access_token)
    throw new Error(`the identity provider gave no token: ${answer.error_description ?? response.status}`);
  sessionStorage.setItem(TOKEN, JSON.stringify({ token: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 0) * 1000 }));
}

/** The access token, while it is valid. */
export function accessToken(): string | undefined {
  const kept = JSON.parse(sessionStorage.getItem(TOKEN) ?? 'null') as { token: string; expiresAt: number } | null;
  return kept && kept.expiresAt > Date.now() + 5_000 ? kept.token : undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
}
