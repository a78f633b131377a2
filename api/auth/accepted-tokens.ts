// Which bearer tokens the API accepts: those of the OpenID Connect provider it trusts, always; and,
// in the test profile alone, tokens signed with the shared test secret, which the test suite mints
// by the hundred. Anywhere else a shared secret would let whoever holds it be anyone.
import { decodeProtectedHeader } from 'jose';
import { profileFromEnv } from '../../infra/config.ts';
import { loadOidcSettings } from './oidc-settings.ts';
import { createOidcVerifier } from './oidc-verifier.ts';
import { createTokenVerifier, loadTokenSecret, SECRET_ENV, TokenRejectedError, type TokenVerifier } from './tokens.ts';

/** Sends each token to the verifier of its kind: a shared-secret (HS*) token to `sharedSecret`, when there is one. */
export function acceptedTokens(provider: TokenVerifier, issuer: string, sharedSecret?: TokenVerifier): TokenVerifier {
  return {
    async verify(token) {
      let algorithm: string | undefined;
      try {
        algorithm = decodeProtectedHeader(token).alg;
      } catch {
        throw new TokenRejectedError('invalid', 'the bearer token is not a JWT');
      }
      if (!algorithm?.startsWith('HS')) return provider.verify(token);
      if (sharedSecret) return sharedSecret.verify(token);
      throw new TokenRejectedError(
        'invalid',
        `shared-secret tokens (\`taskforce token\`) are accepted only in the test profile; this API accepts tokens from ${issuer}: sign in with \`taskforce login\``,
      );
    },
  };
}

/** The API process's verifier, from the environment (TASKFORCE_PROFILE, TASKFORCE_OIDC_*, TASKFORCE_TOKEN_SECRET). */
export function loadTokenVerifier(env: NodeJS.ProcessEnv, warn: (message: string) => void): TokenVerifier {
  const testProfile = profileFromEnv(env) === 'test';
  // The secret first: a test-profile API in production fails for the missing secret, as before.
  const sharedSecret = testProfile ? createTokenVerifier(loadTokenSecret(env, warn)) : undefined;
  if (!testProfile && env[SECRET_ENV]) warn(`${SECRET_ENV} is ignored: shared-secret tokens are accepted only in the test profile`);
  const settings = loadOidcSettings(env);
  return acceptedTokens(createOidcVerifier(settings), settings.issuer, sharedSecret);
}
