// Which OpenID Connect provider the API trusts, and how its tokens' claims become a caller. Read
// from TASKFORCE_OIDC_* variables, so the API works with any issuer (the local stack's provider,
// Keycloak, Entra ID) by configuration alone; the defaults point at the local stack's provider.
import { loadStackConfig } from '../../infra/config.ts';
import { TokenTtl, ttlSeconds } from './tokens.ts';

/** The audience of the API's tokens: the resource indicator a client asks the provider for. */
export const TASKFORCE_API_AUDIENCE = 'urn:taskforce:api';

export interface OidcSettings {
  /** The provider's issuer identifier; its discovery document is at <issuer>/.well-known/openid-configuration. */
  issuer: string;
  /** The `aud` the API's tokens must carry. */
  audience: string;
  /** Tokens whose exp - iat exceeds this are refused, whatever the provider chose. */
  maxLifetimeSeconds: number;
  /** How long the provider's published keys are trusted before they are fetched again. */
  keysCacheSeconds: number;
  /** The names of the claims that carry the caller's identity. */
  claims: { subject: string; agency: string; role: string; clearance: string };
}

const ENV = {
  issuer: 'TASKFORCE_OIDC_ISSUER',
  audience: 'TASKFORCE_OIDC_AUDIENCE',
  maxLifetime: 'TASKFORCE_OIDC_MAX_TOKEN_LIFETIME',
  keysCache: 'TASKFORCE_OIDC_KEYS_CACHE',
  subject: 'TASKFORCE_OIDC_CLAIM_SUBJECT',
  agency: 'TASKFORCE_OIDC_CLAIM_AGENCY',
  role: 'TASKFORCE_OIDC_CLAIM_ROLE',
  clearance: 'TASKFORCE_OIDC_CLAIM_CLEARANCE',
} as const;

function lifetime(env: NodeJS.ProcessEnv, name: string, fallback: string): number {
  const value = env[name] || fallback;
  const parsed = TokenTtl.safeParse(value);
  if (!parsed.success) throw new Error(`${name} "${value}": ${parsed.error.issues[0]?.message}`);
  return ttlSeconds(parsed.data);
}

/** The issuer of the local stack's provider for this environment's profile and ports. */
export function localIssuer(env: NodeJS.ProcessEnv = process.env): string {
  return `http://127.0.0.1:${loadStackConfig(env).oidcPort}`;
}

/**
 * The settings from the environment. In production (NODE_ENV=production) the issuer must be named:
 * the local stack's provider has development users with a published password.
 */
export function loadOidcSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings {
  const configured = env[ENV.issuer];
  if (!configured && env.NODE_ENV === 'production') {
    throw new Error(`${ENV.issuer} is not set: in production the API needs the issuer URL of your OpenID Connect provider`);
  }
  const issuer = configured || localIssuer(env);
  if (!URL.canParse(issuer)) throw new Error(`${ENV.issuer} "${issuer}" is not a URL`);
  return {
    issuer,
    audience: env[ENV.audience] || TASKFORCE_API_AUDIENCE,
    maxLifetimeSeconds: lifetime(env, ENV.maxLifetime, '1h'),
    keysCacheSeconds: lifetime(env, ENV.keysCache, '10m'),
    claims: {
      subject: env[ENV.subject] || 'sub',
      agency: env[ENV.agency] || 'agency',
      role: env[ENV.role] || 'role',
      clearance: env[ENV.clearance] || 'clearance',
    },
  };
}

/** The variable that names a claim, for error messages that say what to configure. */
export const CLAIM_ENV = { subject: ENV.subject, agency: ENV.agency, role: ENV.role, clearance: ENV.clearance } as const;
