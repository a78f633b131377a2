// Verifies bearer tokens issued by an OpenID Connect provider. The provider's discovery document
// names its key set (jwks_uri); jose fetches and caches those keys, and fetches them again when a
// token names a key it has not seen (the provider rotated its keys), at most once per cooldown.
// Then the token's issuer, audience, expiry and lifetime are checked, and its claims become a caller.
import { createRemoteJWKSet, decodeJwt, errors, type JWTPayload, jwtVerify } from 'jose';
import type { z } from 'zod';
import { Caller } from '../../access/caller.ts';
import { Agency, Classification, Role } from '../../events/envelope.ts';
import { sleep } from '../../infra/sleep.ts';
import { CLAIM_ENV, type OidcSettings } from './oidc-settings.ts';
import { TokenRejectedError, type TokenVerifier } from './tokens.ts';

/** Signatures by a provider's published public keys; never a shared secret, never "none". */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const DISCOVERY_TIMEOUT_MS = 5000;
/** After fetching the keys, the least wait before a token with an unknown key id makes the API fetch them again. */
const DEFAULT_KEYS_COOLDOWN_MS = 5000;

/** How far the provider's clock may run ahead of the API's. */
const CLOCK_TOLERANCE_MS = 5000;

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/** Whether the token, unverified, says it was issued in the last `ms` (or cannot tell). */
function issuedWithin(token: string, ms: number): boolean {
  try {
    const { iat } = decodeJwt(token);
    return typeof iat === 'number' && iat * 1000 >= Date.now() - ms - CLOCK_TOLERANCE_MS;
  } catch {
    return false;
  }
}

/** The provider could not be asked for its keys: the token is neither accepted nor refused. */
export class TokenVerificationUnavailableError extends Error {
  override readonly name = 'TokenVerificationUnavailableError';
}

interface DiscoveryDocument {
  issuer?: unknown;
  jwks_uri?: unknown;
}

async function discoverKeySet(settings: OidcSettings, cooldownMs: number): Promise<RemoteKeySet> {
  const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: DiscoveryDocument;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`it answered ${response.status}`);
    document = (await response.json()) as DiscoveryDocument;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new TokenVerificationUnavailableError(`the OpenID Connect provider's discovery document ${url} could not be read (${cause})`);
  }
  if (document.issuer !== settings.issuer) {
    throw new TokenVerificationUnavailableError(
      `the discovery document ${url} names the issuer ${String(document.issuer)}, not ${settings.issuer}`,
    );
  }
  if (typeof document.jwks_uri !== 'string' || !URL.canParse(document.jwks_uri)) {
    throw new TokenVerificationUnavailableError(`the discovery document ${url} has no jwks_uri`);
  }
  return createRemoteJWKSet(new URL(document.jwks_uri), {
    cacheMaxAge: settings.keysCacheSeconds * 1000,
    cooldownDuration: cooldownMs,
  });
}

/** What the caller is told when the signature or a registered claim is wrong. */
function rejectionOf(error: unknown, settings: OidcSettings): TokenRejectedError {
  if (error instanceof errors.JWTExpired)
    return new TokenRejectedError('expired', 'the bearer token has expired: sign in again (`taskforce login`)');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') {
      return new TokenRejectedError(
        'invalid',
        `the bearer token was not issued by ${settings.issuer}, the OpenID Connect provider this API trusts`,
      );
    }
    if (error.claim === 'aud') {
      return new TokenRejectedError('invalid', `the bearer token is not for this API: its audience must include "${settings.audience}"`);
    }
    return new TokenRejectedError('invalid', `the bearer token's "${error.claim}" claim is not valid (${error.reason})`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRejectedError('invalid', `the bearer token is signed with a key that ${settings.issuer} does not publish (any more)`);
  }
  return new TokenRejectedError('invalid', 'the bearer token is not valid');
}

/** The caller the token's claims name, through the configured claim names; every missing or wrong claim is reported. */
function callerOf(payload: JWTPayload, settings: OidcSettings): Caller {
  const names = settings.claims;
  const read = <T>(field: keyof typeof names, schema: z.ZodType<T>, what: string, problems: string[]): T | undefined => {
    const parsed = schema.safeParse(payload[names[field]]);
    if (parsed.success) return parsed.data;
    problems.push(`"${names[field]}" (${what}; its name is set by ${CLAIM_ENV[field]})`);
    return undefined;
  };
  const problems: string[] = [];
  const userId = read('subject', Caller.shape.userId, 'who the caller is, 1 to 200 characters', problems);
  const agency = read('agency', Caller.shape.agency, `one of ${Agency.options.join(', ')}`, problems);
  const role = read('role', Caller.shape.role, `one of ${Role.options.join(', ')}`, problems);
  const clearance = read('clearance', Caller.shape.clearance, `one of ${Classification.options.join(', ')}`, problems);
  if (userId === undefined || agency === undefined || role === undefined || clearance === undefined) {
    throw new TokenRejectedError('invalid', `the bearer token lacks valid claims: ${problems.join(', ')}`);
  }
  return { userId, agency, role, clearance };
}

export function createOidcVerifier(settings: OidcSettings, options: { keysCooldownMs?: number } = {}): TokenVerifier {
  const cooldownMs = options.keysCooldownMs ?? DEFAULT_KEYS_COOLDOWN_MS;
  let keySet: Promise<RemoteKeySet> | undefined;
  const keys = (): Promise<RemoteKeySet> => {
    keySet ??= discoverKeySet(settings, cooldownMs).catch((error: unknown) => {
      keySet = undefined; // the next request asks the provider again
      throw error;
    });
    return keySet;
  };
  const check = (token: string, getKey: RemoteKeySet) =>
    jwtVerify(token, getKey, {
      algorithms: ASYMMETRIC_ALGORITHMS,
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['exp', 'iat'],
    });
  /**
   * A key id the cached keys lack, while they are too recent to be fetched again: the provider may
   * have rotated its keys just after the API fetched them. Rather than refuse the first tokens of
   * the new key, wait out the cooldown (jose then fetches the keys once for every waiting request).
   * A token issued before the keys were fetched cannot be of a key published since: no wait.
   */
  const checkAfterRotation = async (token: string, getKey: RemoteKeySet) => {
    try {
      return await check(token, getKey);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !getKey.coolingDown || !issuedWithin(token, cooldownMs)) throw error;
      for (let waited = 0; getKey.coolingDown && waited < cooldownMs; waited += 100) await sleep(100);
      return check(token, getKey);
    }
  };
  return {
    async verify(token) {
      const getKey = await keys();
      let payload: JWTPayload;
      try {
        ({ payload } = await checkAfterRotation(token, getKey));
      } catch (error) {
        if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
          throw new TokenVerificationUnavailableError(`the keys of ${settings.issuer} could not be fetched (${(error as Error).message})`);
        }
        throw rejectionOf(error, settings);
      }
      const lifetime = (payload.exp as number) - (payload.iat as number);
      if (lifetime > settings.maxLifetimeSeconds) {
        throw new TokenRejectedError(
          'invalid',
          `the bearer token lives ${lifetime} s, longer than the ${settings.maxLifetimeSeconds} s this API accepts (TASKFORCE_OIDC_MAX_TOKEN_LIFETIME)`,
        );
      }
      return callerOf(payload, settings);
    },
  };
}
