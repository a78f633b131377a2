// The gate in front of every non-public route: a valid bearer token, and a caller the policy
// allows to perform the route's operation. Runs before the body is read, so a stranger cannot
// make the server parse anything.
import type { FastifyRequest } from 'fastify';
import { mayUse } from '../../access/policy.ts';
import { forbidden, ProblemError, unauthorized } from '../problem.ts';
import { TokenVerificationUnavailableError } from './oidc-verifier.ts';
import { cookieToken } from './token-cookie.ts';
import { TokenRejectedError, type TokenVerifier } from './tokens.ts';

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i;

/** "Bearer <token>" from the route's token cookie, when it names one and the request carries it. */
function bearerFromCookie(request: FastifyRequest, name: string | undefined): string | undefined {
  const token = cookieToken(request, name);
  return token === undefined ? undefined : `Bearer ${token}`;
}

export function authenticate(tokens: TokenVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const spec = request.routeOptions.config.spec;
    if (!spec || spec.access === 'public') return;
    const header = request.headers.authorization ?? bearerFromCookie(request, spec.tokenCookie);
    if (!header) throw unauthorized('this route needs a bearer token (Authorization: Bearer <token>; sign in with `taskforce login`)');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized('the Authorization header must read "Bearer <token>"');
    try {
      request.caller = await tokens.verify(token);
    } catch (error) {
      if (error instanceof TokenRejectedError) throw unauthorized(error.message);
      if (error instanceof TokenVerificationUnavailableError)
        throw new ProblemError(503, `the bearer token cannot be checked now: ${error.message}`);
      throw error;
    }
    const decision = mayUse(request.caller, spec.access);
    if (!decision.allowed) throw forbidden(decision.reason);
  };
}
