// Bearer tokens signed with a shared secret (HS256), carrying the caller's agency, role and
// clearance: the tests mint them (and `taskforce token` for the test profile). Whoever holds the
// secret can be anyone, so the API accepts them only in the test profile (accepted-tokens.ts);
// everywhere else callers sign in through the OpenID Connect provider (oidc-verifier.ts).
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Caller } from '../../access/caller.ts';
import { Agency, Classification, Role } from '../../events/envelope.ts';
import type { DeploymentSecret } from '../../infra/secrets.ts';

const ISSUER = 'taskforce';
const AUDIENCE = 'taskforce-api';
const ALGORITHM = 'HS256';
const MIN_SECRET_BYTES = 32;

/** Only for the dev and test profiles: anyone reading this file can mint tokens with it. */
const DEV_SECRET = 'taskforce-dev-only-token-secret-never-use-in-production';

export const SECRET_ENV = 'TASKFORCE_TOKEN_SECRET';

/** The signing secret as a deployment secret (infra/secrets.ts): unset or the development one, anyone can mint tokens. */
export const TOKEN_SECRET: DeploymentSecret = {
  variable: SECRET_ENV,
  developmentUse(value) {
    if (!value) return 'is not set (the development secret printed in api/auth/tokens.ts would sign tokens)';
    return value === DEV_SECRET ? 'is the development secret printed in api/auth/tokens.ts' : undefined;
  },
  howToMake: `openssl rand -base64 ${MIN_SECRET_BYTES}`,
};

/**
 * The signing secret from TASKFORCE_TOKEN_SECRET. In production (NODE_ENV=production) it must be
 * set; elsewhere a fixed dev secret stands in, with a warning, so the tests work out of the box.
 */
export function loadTokenSecret(env: NodeJS.ProcessEnv, warn: (message: string) => void): Uint8Array {
  const configured = env[SECRET_ENV];
  if (configured === undefined || configured === '') {
    if (env.NODE_ENV === 'production') {
      throw new Error(
        `${SECRET_ENV} is not set: in production the API needs a secret of at least ${MIN_SECRET_BYTES} bytes to verify tokens`,
      );
    }
    warn(`${SECRET_ENV} is not set: using the fixed development secret; tokens it signs are not secret`);
    return new TextEncoder().encode(DEV_SECRET);
  }
  const secret = new TextEncoder().encode(configured);
  if (secret.length < MIN_SECRET_BYTES) {
    throw new Error(`${SECRET_ENV} is too short (${secret.length} bytes): HS256 needs at least ${MIN_SECRET_BYTES}`);
  }
  return secret;
}

/** A lifetime such as "45s", "30m", "8h" or "7d". */
export const TokenTtl = z.string().regex(/^[1-9][0-9]*[smhd]$/, 'a lifetime is a number and a unit: 45s, 30m, 8h or 7d');

const TTL_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function ttlSeconds(ttl: string): number {
  const parsed = TokenTtl.parse(ttl);
  return Number(parsed.slice(0, -1)) * TTL_SECONDS[parsed.slice(-1) as keyof typeof TTL_SECONDS];
}

const Claims = z.object({
  sub: z.string().min(1).max(200),
  agency: Agency,
  role: Role,
  clearance: Classification,
  exp: z.number().int(),
});

export async function signToken(secret: Uint8Array, caller: Caller, ttl: string, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ agency: caller.agency, role: caller.role, clearance: caller.clearance })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(caller.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds(ttl))
    .sign(secret);
}

/** Why a token was refused; the message is safe to show to the caller. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(
    readonly reason: 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}

export function createTokenVerifier(secret: Uint8Array): TokenVerifier {
  return {
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new TokenRejectedError('expired', 'the bearer token has expired');
        throw new TokenRejectedError('invalid', 'the bearer token is not valid');
      }
      const claims = Claims.safeParse(payload);
      if (!claims.success) throw new TokenRejectedError('invalid', 'the bearer token lacks agency, role or clearance claims');
      const { sub, agency, role, clearance } = claims.data;
      return { userId: sub, agency, role, clearance };
    },
  };
}
