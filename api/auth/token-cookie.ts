// A browser cannot send an Authorization header from an EventSource (or from the Temporal UI's
// codec calls): it sends cookies. A caller who already holds a bearer token asks the API to keep it
// in an HttpOnly, SameSite=Strict cookie scoped to one path, for no longer than the token lives;
// only routes that name that cookie (RouteSpec.tokenCookie) accept it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';

/** The token the named cookie carries, when the route names one and the request sends it. */
export function cookieToken(request: FastifyRequest, cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookie && value.length > 0) return value.join('=');
  }
  return undefined;
}

/** The bearer token of this request: from the Authorization header, else from the route's cookie. */
export function bearerToken(request: FastifyRequest, cookie?: string): string {
  const header = request.headers.authorization;
  if (header) return header.replace(/^Bearer\s+/i, '');
  return cookieToken(request, cookie) ?? '';
}

/** When the (already verified) token of this request expires. */
export function tokenExpiry(request: FastifyRequest, cookie?: string): Date {
  return new Date((decodeJwt(bearerToken(request, cookie)).exp ?? 0) * 1000);
}

/** Sets the cookie to the request's (already verified) bearer token; returns when it expires. */
export function keepTokenInCookie(request: FastifyRequest, reply: FastifyReply, cookie: string, path: string): Date {
  const token = bearerToken(request);
  const expires = tokenExpiry(request);
  const maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000));
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${cookie}=${token}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`);
  return expires;
}
