// The API over HTTP against the real test stack: health from real services, the bearer-token gate
// (401/403), problem documents for every client error, no internals in a 500, metrics, and an
// OpenAPI document generated from the routes. Fixture routes exercise the route helper the way
// resource routes will.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Caller } from '../../access/caller.ts';
import { REDACTED, redactEvent } from '../../access/redact.ts';
import { authorize, requireVisible } from '../../api/auth/guard.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker, type HealthReport } from '../../api/health.ts';
import { addRoute } from '../../api/route.ts';
import type { Session } from '../../api/routes/session.ts';
import { buildApi, DEFAULT_BODY_LIMIT } from '../../api/server.ts';
import { pii } from '../../events/personal-data.ts';
import { createLogger } from '../../infra/logger.ts';
import { loadSettings } from '../../infra/settings.ts';
import { CaseKind } from '../../workflows/kinds.ts';
import { sample } from '../support/prometheus-text.ts';

const settings = loadSettings();
const secret = new TextEncoder().encode(`api-test-${randomUUID()}-${randomUUID()}`);
const logLines: string[] = [];

let pool: pg.Pool;
let health: HealthChecker;
let app: FastifyInstance;

const token = (caller: Partial<Caller> = {}, ttl = '5m', at = new Date()) =>
  signToken(secret, { userId: 'kim', agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL', ...caller }, ttl, at);
const bearer = async (caller: Partial<Caller> = {}) => ({ authorization: `Bearer ${await token(caller)}` });

const Rescue = z.object({
  personName: pii(z.string().min(1), 'name'),
  shelter: pii(z.string(), 'location').optional(),
  note: z.string().max(500),
});

function fixtureRoutes(api: FastifyInstance): void {
  addRoute(
    api,
    {
      method: 'GET',
      url: '/fixtures/cases',
      operationId: 'fixtureListCases',
      summary: 'lists cases (fixture)',
      tags: ['fixtures'],
      access: 'case.read',
      query: z.object({ kind: CaseKind, limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: z.object({ kind: CaseKind, limit: z.number() }),
    },
    ({ query, caller }) => {
      authorize(caller, 'case.read', query.kind);
      return query;
    },
  );
  addRoute(
    api,
    {
      method: 'POST',
      url: '/fixtures/:kind/:caseId/rescues',
      operationId: 'fixtureRecordRescue',
      summary: 'records a rescue (fixture)',
      tags: ['fixtures'],
      access: 'case.command',
      params: z.object({ kind: CaseKind, caseId: z.string().min(3) }),
      body: Rescue,
      response: z.object({ accepted: z.boolean(), by: z.string() }),
      status: 202,
    },
    ({ params, caller }) => {
      authorize(caller, 'case.command', params.kind);
      return { accepted: true, by: caller.userId };
    },
  );
  addRoute(
    api,
    {
      method: 'GET',
      url: '/fixtures/victim-report',
      operationId: 'fixtureVictimReport',
      summary: 'a VictimReported event as the caller may see it (fixture)',
      tags: ['fixtures'],
      access: 'case.read',
      query: z.object({ assigned: z.enum(['yes', 'no']).default('no') }),
      response: z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) }),
    },
    ({ caller, query }) => {
      requireVisible(caller, { kind: 'victim', classification: 'RESTRICTED' }, 'the case');
      const event = {
        type: 'VictimReported',
        data: { caseId: 'victim-1', personName: 'Lee Ji-woo', reportedBy: 'family', lastKnownLocation: 'Poipet' },
      };
      return redactEvent(event, caller, { assigned: query.assigned === 'yes' });
    },
  );
  addRoute(
    api,
    {
      method: 'POST',
      url: '/fixtures/failure',
      operationId: 'fixtureFailure',
      summary: 'fails unexpectedly (fixture)',
      tags: ['fixtures'],
      access: 'public',
      body: Rescue,
      response: z.object({}),
    },
    () => {
      throw new Error('connection to 10.0.0.7 refused for user taskforce_admin');
    },
  );
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
  health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  app = buildApi(
    { pool, health, tokens: createTokenVerifier(secret) },
    { logger: createLogger('api', { write: (line: string) => logLines.push(line) }) },
  );
  app.register(async (scope) => fixtureRoutes(scope));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await health?.close();
  await pool?.end();
});

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json() as Record<string, unknown>;
  expect(problem).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:taskforce:problem:/),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(problem.instance).toMatch(/^\//);
  return problem;
}

describe('GET /health', () => {
  it('reports PostgreSQL, Kafka and Temporal up, with latencies, and answers 200', async () => {
    // A first Kafka or Temporal connection can miss the check's 2 s budget on a loaded machine.
    await expect.poll(async () => (await app.inject({ method: 'GET', url: '/health' })).statusCode, { timeout: 20_000 }).toBe(200);
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.status).toBe('ok');
    for (const name of ['postgres', 'kafka', 'temporal']) {
      expect(report.dependencies[name]).toMatchObject({ status: 'up' });
      expect(report.dependencies[name].latencyMs).toBeGreaterThan(0);
    }
  });

  it('answers 503 naming the dependencies that do not answer', async () => {
    const deadPool = new pg.Pool({ connectionString: 'postgres://nobody:nothing@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
    const deadHealth = createHealthChecker({
      pool: deadPool,
      kafkaBrokers: settings.kafkaBrokers,
      temporal: { ...settings.temporal, connectOptions: { address: '127.0.0.1:1' } },
      // Long enough for Kafka to answer on a loaded machine; the dead ones are refused at once.
      timeoutMs: 5000,
    });
    const degraded = buildApi({ pool: deadPool, health: deadHealth, tokens: createTokenVerifier(secret) });
    try {
      const response = await degraded.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(503);
      const report = response.json();
      expect(report.status).toBe('degraded');
      expect(report.dependencies.postgres.status).toBe('down');
      expect(report.dependencies.temporal.status).toBe('down');
      expect(report.dependencies.kafka.status).toBe('up');
      expect(report.dependencies.postgres.error).toBe('ECONNREFUSED');
    } finally {
      await degraded.close();
      await deadHealth.close();
      await deadPool.end();
    }
  });
});

describe('bearer tokens', () => {
  it('a protected route without a token is 401 with a Bearer challenge', async () => {
    const response = await app.inject({ method: 'GET', url: '/me' });
    expectProblem(response, 401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('an Authorization header that is not "Bearer <token>" is 401', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/me', headers: { authorization: 'Basic a2ltOnB3' } }), 401);
  });

  it('an expired token is 401 and says so', async () => {
    const expired = await token({}, '1m', new Date(Date.now() - 10 * 60_000));
    const problem = expectProblem(await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${expired}` } }), 401);
    expect(problem.detail).toMatch(/expired/);
  });

  it('a tampered token (clearance raised in the payload) is 401', async () => {
    const [header, payload, signature] = (await token({ clearance: 'RESTRICTED' })).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const raised = Buffer.from(JSON.stringify({ ...claims, clearance: 'SECRET' })).toString('base64url');
    const problem = expectProblem(
      await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${header}.${raised}.${signature}` } }),
      401,
    );
    expect(problem.detail).toMatch(/not valid/);
  });

  it('a token signed with another secret is 401', async () => {
    const foreign = await signToken(
      new TextEncoder().encode('x'.repeat(48)),
      { userId: 'kim', agency: 'NIS', role: 'supervisor', clearance: 'SECRET' },
      '5m',
    );
    expectProblem(await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${foreign}` } }), 401);
  });

  it('a valid token names the caller and what it may do', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/me',
      headers: await bearer({ agency: 'MOJ', role: 'analyst', userId: 'park' }),
    });
    expect(response.statusCode).toBe(200);
    const session = response.json();
    expect(session.caller).toEqual({ userId: 'park', agency: 'MOJ', role: 'analyst', clearance: 'CONFIDENTIAL' });
    expect(session.operations).toContain('case.read');
    expect(session.operations).not.toContain('case.command');
    expect(session.caseKinds.victim.personalData).not.toContain('phone');
  });
});

describe('access policy on routes', () => {
  it('a role the operation does not admit is 403 with the reason', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/fixtures/suspect/suspect-1/rescues',
      headers: await bearer({ role: 'analyst' }),
      payload: { personName: 'Kim', note: 'n' },
    });
    expect(expectProblem(response, 403).detail).toMatch(/analyst/);
  });

  it('too low a clearance for the operation is 403', async () => {
    expectProblem(
      await app.inject({ method: 'GET', url: '/fixtures/cases?kind=suspect', headers: await bearer({ clearance: 'PUBLIC' }) }),
      403,
    );
  });

  it('an agency without access to the case kind is 403 once the route knows the kind', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/fixtures/victim/victim-1/rescues',
      headers: await bearer({ agency: 'HOST_IMMIGRATION' }),
      payload: { personName: 'Kim', note: 'n' },
    });
    expect(expectProblem(response, 403).detail).toBe('HOST_IMMIGRATION has no access to victim cases');
  });

  it('an allowed caller gets the route, with its declared status', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/fixtures/victim/victim-1/rescues',
      headers: await bearer({ agency: 'MOFA', userId: 'lee' }),
      payload: { personName: 'Kim', note: 'n' },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: true, by: 'lee' });
  });

  it("personal data is redacted by the caller's agency and assignment; a kind the agency cannot see is 404", async () => {
    const get = async (caller: Partial<Caller>, assigned = 'no') =>
      app.inject({ method: 'GET', url: `/fixtures/victim-report?assigned=${assigned}`, headers: await bearer(caller) });
    expect((await get({ agency: 'MOFA' })).json().data).toMatchObject({ personName: 'Lee Ji-woo', lastKnownLocation: 'Poipet' });
    expect((await get({ agency: 'NPA' })).json().data).toMatchObject({ personName: 'Lee Ji-woo', lastKnownLocation: REDACTED });
    expect((await get({ agency: 'NPA' }, 'yes')).json().data).toMatchObject({ lastKnownLocation: 'Poipet' });
    expect((await get({ agency: 'MOFA', role: 'auditor' })).json().data).toMatchObject({
      personName: REDACTED,
      lastKnownLocation: REDACTED,
    });
    expectProblem(await get({ agency: 'HOST_POLICE' }), 404);
  });
});

describe('client errors are problem documents', () => {
  it('an unknown route is 404, and the instance leaves the query string out', async () => {
    const problem = expectProblem(await app.inject({ method: 'GET', url: '/no/such/route?passport=M123' }), 404);
    expect(problem.instance).toBe('/no/such/route');
    expect(problem.detail).not.toContain('M123');
  });

  it('a malformed query is 400 listing each bad field by path', async () => {
    const response = await app.inject({ method: 'GET', url: '/fixtures/cases?kind=ship&limit=0', headers: await bearer() });
    const problem = expectProblem(response, 400);
    expect((problem.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['query.kind', 'query.limit']);
  });

  it('malformed params and body are 400 with params.* and body.* paths', async () => {
    const response = await app.inject({ method: 'POST', url: '/fixtures/ship/x/rescues', headers: await bearer(), payload: { note: 7 } });
    const paths = (expectProblem(response, 400).errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body.note', 'body.personName', 'params.caseId', 'params.kind']);
  });

  it('a body that is not JSON is 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/fixtures/victim/victim-1/rescues',
      headers: { ...(await bearer()), 'content-type': 'application/json' },
      payload: '{"personName": ',
    });
    expectProblem(response, 400);
  });

  it(`a body over the limit (${DEFAULT_BODY_LIMIT} bytes) is 413`, async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/fixtures/victim/victim-1/rescues',
      headers: await bearer({ agency: 'MOFA' }),
      payload: { personName: 'Kim', note: 'x'.repeat(DEFAULT_BODY_LIMIT + 1) },
    });
    expectProblem(response, 413);
  });

  it('a body in another media type is 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/fixtures/victim/victim-1/rescues',
      headers: { ...(await bearer({ agency: 'MOFA' })), 'content-type': 'text/plain' },
      payload: 'personName=Kim',
    });
    expectProblem(response, 415);
  });
});

describe('unexpected errors', () => {
  it('become a 500 without internals, logged with the request id and without the body', async () => {
    logLines.length = 0;
    const response = await app.inject({
      method: 'POST',
      url: '/fixtures/failure',
      payload: { personName: 'Lee Ji-woo', note: 'held in Poipet' },
    });
    const problem = expectProblem(response, 500);
    expect(response.body).not.toMatch(/10\.0\.0\.7|taskforce_admin|stack|route\.ts/);
    const logged = logLines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'unexpected error');
    expect(logged).toMatchObject({ reqId: problem.requestId, error: { message: expect.stringContaining('10.0.0.7') } });
    expect(logLines.join('')).not.toMatch(/Lee Ji-woo|Poipet/);
  });
});

describe('GET /metrics', () => {
  it('counts requests by route template and status, and reports process memory', async () => {
    for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/fixtures/cases?kind=suspect', headers: await bearer() });
    await app.inject({ method: 'GET', url: '/fixtures/cases?kind=suspect' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const route = { method: 'GET', route: '/fixtures/cases' };
    expect(sample(response.body, 'taskforce_http_requests_total', { ...route, status: '200' })).toBeGreaterThanOrEqual(3);
    expect(sample(response.body, 'taskforce_http_requests_total', { ...route, status: '401' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(response.body, 'taskforce_http_request_duration_seconds_bucket', { ...route, status: '200', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(3);
    expect(sample(response.body, 'process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
    // Node's process metrics under prom-client's conventional names (the API once had its own, off them).
    expect(sample(response.body, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(response.body).not.toMatch(/^nodejs_heap_used_bytes /m);
  });
});

describe('the API describes itself', () => {
  it('GET /openapi.json is an OpenAPI 3.1 document of every route, with security and schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/metrics',
        '/openapi.json',
        '/docs',
        '/me',
        '/fixtures/cases',
        '/fixtures/{kind}/{caseId}/rescues',
      ]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item as Record<string, Record<string, unknown>>));
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of operations) expect(op.responses).toHaveProperty('500');

    expect(doc.paths['/health'].get.security).toEqual([]);
    const list = doc.paths['/fixtures/cases'].get;
    expect(list.security).toEqual([{ bearerAuth: [] }]);
    expect(list.responses).toHaveProperty('401');
    expect(list.parameters).toContainEqual(
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', maximum: 100 }),
      }),
    );
    expect(list.parameters).toContainEqual(expect.objectContaining({ name: 'kind', in: 'query', required: true }));

    const rescue = doc.paths['/fixtures/{kind}/{caseId}/rescues'].post;
    expect(rescue.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:kind', 'path:caseId']);
    const body = rescue.requestBody.content['application/json'].schema;
    expect(body.properties.personName).toMatchObject({ type: 'string', 'x-personal-data': 'name' });
    expect(body.required).toEqual(['personName', 'note']);
    expect(rescue.responses['202'].content['application/json'].schema.properties.accepted.type).toBe('boolean');
    expect(rescue.responses['413'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance']));
  });
});

describe('on a real listening port', () => {
  it('serves health, refuses a missing token and accepts a valid one', async () => {
    const server = buildApi({ pool, health, tokens: createTokenVerifier(secret) });
    await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = server.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      const base = `http://127.0.0.1:${address.port}`;
      await expect.poll(async () => (await fetch(`${base}/health`)).status, { timeout: 20_000 }).toBe(200);
      const healthResponse = await fetch(`${base}/health`);
      expect(healthResponse.status).toBe(200);
      expect(((await healthResponse.json()) as HealthReport).dependencies.kafka.status).toBe('up');
      const refused = await fetch(`${base}/me`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const me = await fetch(`${base}/me`, { headers: await bearer({ userId: 'choi' }) });
      expect(me.status).toBe(200);
      expect(((await me.json()) as Session).caller.userId).toBe('choi');
      expect(me.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await server.close();
    }
  });
});

describe('declaring routes', () => {
  it('a path parameter missing from the params schema is refused when the route is added', () => {
    const api = buildApi({ pool, health, tokens: createTokenVerifier(secret) });
    expect(() =>
      addRoute(
        api,
        { method: 'GET', url: '/cases/:caseId', operationId: 'x', summary: 'x', tags: ['x'], access: 'case.read', response: z.object({}) },
        () => ({}),
      ),
    ).toThrow(/parameters \[caseId\] but its params schema declares \[\]/);
  });

  it('two routes with one operationId are refused', async () => {
    const api = buildApi({ pool, health, tokens: createTokenVerifier(secret) });
    const spec = { method: 'GET', operationId: 'getHealth', summary: 'x', tags: ['x'], access: 'public', response: z.object({}) } as const;
    addRoute(api, { ...spec, url: '/health-again' }, () => ({}));
    await expect(api.ready()).rejects.toThrow(/operationId getHealth/);
  });
});
