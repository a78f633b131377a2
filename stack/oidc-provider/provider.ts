// The local stack's OpenID Connect provider, built on oidc-provider (certified): two public clients,
// the CLI and the web console (both authorization code + PKCE), and one resource, the API, for which
// it issues JWT access tokens of ACCESS_TOKEN_TTL_SECONDS carrying the caller's agency, role and clearance.
import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import Provider, { type Configuration, errors } from 'oidc-provider';
import { TASKFORCE_API_AUDIENCE } from '../../api/auth/oidc-settings.ts';
import { API_SCOPE, CLI_CLIENT_ID, CLI_REDIRECT_URI } from './cli-client.ts';
import { CONSOLE_CLIENT_ID, CONSOLE_REDIRECT_URI, isConsoleOrigin } from './console-client.ts';
import { DEV_USERS } from './dev-users.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** Where the provider sends the browser (or the CLI) to sign in: login.ts answers there. */
export const INTERACTION_PATH = '/interaction/';

/**
 * The CLI and the console are first party: signing in is consenting to what they ask, the API's
 * scope. A native client needs the user's interaction in every authorization, and the sign-in form is that.
 */
export async function grantSigningIn(provider: Provider, clientId: string, accountId: string): Promise<string> {
  const grant = new provider.Grant({ clientId, accountId });
  grant.addOIDCScope('openid');
  grant.addResourceScope(TASKFORCE_API_AUDIENCE, API_SCOPE);
  return grant.save();
}

export function createProvider(issuer: string, signingKeys: JWK[]): Provider {
  const configuration: Configuration = {
    clients: [
      {
        client_id: CLI_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [CLI_REDIRECT_URI],
      },
      {
        client_id: CONSOLE_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [CONSOLE_REDIRECT_URI],
      },
    ],
    // The console exchanges its code from the browser: only a page its redirect allows may read the answer.
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === CONSOLE_CLIENT_ID && isConsoleOrigin(origin, (uri) => client.redirectUriAllowed(uri)),
    jwks: { keys: signingKeys as NonNullable<Configuration['jwks']>['keys'] },
    // Sessions live in memory and die with the process; the cookies' keys may as well.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: (_ctx, id) => (DEV_USERS.has(id) ? { accountId: id, claims: () => ({ sub: id }) } : undefined),
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => TASKFORCE_API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== TASKFORCE_API_AUDIENCE) throw new errors.InvalidTarget(`the only resource here is ${TASKFORCE_API_AUDIENCE}`);
          return {
            scope: API_SCOPE,
            audience: TASKFORCE_API_AUDIENCE,
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      const user = 'accountId' in token && token.accountId ? DEV_USERS.get(token.accountId) : undefined;
      return user && { agency: user.agency, role: user.role, clearance: user.clearance };
    },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}` },
    pkce: { required: () => true },
    scopes: ['openid'],
  };
  return new Provider(issuer, configuration);
}
