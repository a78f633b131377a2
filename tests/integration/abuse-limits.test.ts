// The API's abuse limits over real HTTP: requests per address and per caller, open event streams
// per caller, each refused as 429 problem+json with Retry-After; and the stream cookie a browser's
// EventSource uses instead of an Authorization header.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import type { AbuseLimits } from '../../api/abuse-limits.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { loadSettings } from '../../infra/settings.ts';

const settings = loadSettings();
const secret = new TextEncoder().encode(`abuse-test-${randomUUID()}-${randomUUID()}`);
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
const started: { app: FastifyInstance; health: HealthChecker }[] = [];

const caller = (userId: string): Caller => ({ agency: 'MOFA', role: 'operator', clearance: 'CONFIDENTIAL', userId });

async function serve(limits: AbuseLimits): Promise<string> {
  const health = createHealthChecker({ ...settings, pool });
  const app = buildApi({ pool, health, tokens: createTokenVerifier(secret) }, { limits });
  started.push({ app, health });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function get(base: string, path: string, token?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
}

afterEach(async () => {
  for (const { app, health } of started.splice(0)) {
    await app.close();
    await health.close();
  }
});
afterAll(() => pool.end());

describe('abuse limits', () => {
  it('refuses an address over its requests per minute, before looking at its token, with 429 and Retry-After', async () => {
    const base = await serve({ perAddress: 3, perCaller: 100, streamsPerCaller: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(base, '/me', 'not-a-token')).status);
    const refused = await get(base, '/me', 'not-a-token');
    expect(statuses).toEqual([401, 401, 401]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/requests a minute from this address/);
  });

  it('refuses a caller over its requests per minute, and not another caller from the same address', async () => {
    const base = await serve({ perAddress: 100, perCaller: 2, streamsPerCaller: 5 });
    const busy = await signToken(secret, caller(`busy-${randomUUID()}`), '5m');
    const calm = await signToken(secret, caller(`calm-${randomUUID()}`), '5m');
    expect((await get(base, '/me', busy)).status).toBe(200);
    expect((await get(base, '/me', busy)).status).toBe(200);
    const refused = await get(base, '/me', busy);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/requests a minute from this caller/);
    expect((await get(base, '/me', calm)).status).toBe(200);
  });

  it('holds a caller to its open event streams, and frees a place when one closes', async () => {
    const base = await serve({ perAddress: 100, perCaller: 100, streamsPerCaller: 1 });
    const token = await signToken(secret, caller(`streamer-${randomUUID()}`), '5m');
    const first = new AbortController();
    const open = await get(base, '/streams/events', token, { signal: first.signal });
    expect(open.status).toBe(200);
    const second = await get(base, '/streams/events', token);
    expect(second.status).toBe(429);
    expect(((await second.json()) as { detail: string }).detail).toMatch(/event streams are open for this caller/);
    first.abort();
    await open.body?.cancel().catch(() => undefined);
    let again = 0;
    const third = new AbortController();
    for (let attempt = 0; attempt < 50 && again !== 200; attempt++) {
      const response = await get(base, '/streams/events', token, { signal: third.signal });
      again = response.status;
      if (again !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    third.abort();
    expect(again).toBe(200);
  });

  it('lets a browser open the event stream with the cookie POST /streams/session sets, and nothing else', async () => {
    const base = await serve({ perAddress: 100, perCaller: 100, streamsPerCaller: 5 });
    const token = await signToken(secret, caller(`browser-${randomUUID()}`), '5m');
    const session = await get(base, '/streams/session', token, { method: 'POST' });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^taskforce_stream_token=[^;]+; Path=\/streams; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const abort = new AbortController();
    const stream = await get(base, '/streams/events', undefined, { headers: { cookie: pair }, signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    abort.abort();
    // The cookie opens only the stream: other routes still want the header.
    expect((await get(base, '/me', undefined, { headers: { cookie: pair } })).status).toBe(401);
  });
});
