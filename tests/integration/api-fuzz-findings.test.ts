// What `npm run fuzz` found, each answered over HTTP with the status it should have rather than a
// 500 or a request held for half a minute: a list cursor the API did not give is 400 at once, and
// one whose page Temporal cannot read is 400 too; an export of a run the case does not have is 404;
// the state of a case whose worker is gone is 503 within seconds; a NUL byte in an audit filter is
// 400 naming the field.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { loadSettings } from '../../app/settings.ts';
import { STATE_QUERY_WITHIN_MS, VISIBILITY_WITHIN_MS } from '../../cases/client.ts';
import { cursorOf } from '../../cases/visibility.ts';
import { testDataConverter } from '../support/temporal.ts';
import { type CaseApi, caseApi, terminateCases } from './api-cases-support.ts';

const operator = { agency: 'NPA', role: 'operator', userId: 'kim' } as const;
const supervisor = { agency: 'MOJ', role: 'supervisor', userId: 'prosecutor-9', clearance: 'CONFIDENTIAL' } as const;
const auditor = { agency: 'MOJ', role: 'auditor', userId: 'auditor-1' } as const;

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json() as { status: number; detail: string; errors?: { path: string; message: string }[] };
  expect(problem.status).toBe(status);
  return problem;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe('what the fuzzer found', () => {
  let api: CaseApi;
  /** A case whose workflow sits on a task queue no worker polls: it exists, but nothing answers for it. */
  const orphan = `victim-${randomUUID()}`;
  let orphanRunId: string;

  beforeAll(async () => {
    api = await caseApi();
    const handle = await api.harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: `no-worker-${randomUUID()}`,
      workflowId: orphan,
      args: [],
    });
    orphanRunId = handle.firstExecutionRunId;
  });
  afterAll(async () => {
    if (!api) return;
    await terminateCases(api.harness, [orphan]);
    await api.close();
  });

  const get = async (url: string, caller: object) => api.app.inject({ method: 'GET', url, headers: await api.bearer(caller) });

  it('refuses a cursor it did not give at once, with 400 on query.cursor', async () => {
    const real = (await get('/cases?kind=victim&pageSize=1', operator)).json() as { nextCursor: string | null };
    expect(real.nextCursor).toEqual(expect.any(String));
    const altered = `${real.nextCursor!.slice(0, -1)}${real.nextCursor!.endsWith('A') ? 'B' : 'A'}`;
    const unsigned = Buffer.from('{"CloseTime":"9999-12-31T23:59:59Z"}').toString('base64url');
    for (const cursor of ['abc', 'A', unsigned, altered, real.nextCursor!.slice(0, 20)]) {
      const { result, ms } = await timed(() => get(`/cases?kind=victim&cursor=${cursor}`, operator));
      const problem = expectProblem(result, 400);
      expect(problem.errors).toEqual([{ path: 'query.cursor', message: expect.stringMatching(/not a nextCursor this API gave/) }]);
      expect(ms).toBeLessThan(1_000);
    }
  });

  it("answers 400 on query.cursor when Temporal cannot read a cursor's page, and never waits past the deadline", async () => {
    // A token Temporal cannot read, carried by a cursor with a valid digest (only someone forging one gets here).
    const forged = cursorOf(Buffer.from('{"RunID":5}'));
    const settings = loadSettings();
    // Without the SDK's retries, Temporal's own answer (UNKNOWN) arrives and names the cursor.
    const connection = await Connection.connect({ address: settings.temporalAddress, interceptors: [] });
    let health: HealthChecker | undefined;
    let direct: FastifyInstance | undefined;
    try {
      const secret = new TextEncoder().encode(`fuzz-findings-${randomUUID()}`);
      health = createHealthChecker({
        pool: api.harness.pool,
        kafkaBrokers: settings.kafkaBrokers,
        temporalAddress: settings.temporalAddress,
        temporalNamespace: settings.temporalNamespace,
      });
      direct = buildApi({
        pool: api.harness.pool,
        health,
        tokens: createTokenVerifier(secret),
        temporal: {
          client: new Client({ connection, namespace: settings.temporalNamespace, dataConverter: testDataConverter }),
          taskQueue: api.harness.taskQueue,
          uiOrigins: [],
        },
      });
      const token = await signToken(secret, { ...operator, clearance: 'CONFIDENTIAL' }, '5m');
      const response = await direct.inject({
        method: 'GET',
        url: `/cases?kind=victim&cursor=${forged}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(expectProblem(response, 400).errors).toEqual([
        { path: 'query.cursor', message: expect.stringMatching(/Temporal cannot read the page/) },
      ]);
    } finally {
      await direct?.close();
      await health?.close();
      await connection.close();
    }

    // With them (the API's client retries UNKNOWN for ~20 s), the answer still comes at the deadline.
    const { result, ms } = await timed(() => get(`/cases?kind=victim&cursor=${forged}`, operator));
    expect(expectProblem(result, 503).detail).toMatch(/Temporal did not answer within 5 s/);
    expect(ms).toBeLessThan(VISIBILITY_WITHIN_MS + 2_000);
  });

  it('answers 404 for a history export of a run the case does not have', async () => {
    const exported = await get(`/cases/${orphan}/history?format=temporal&runId=${orphanRunId}`, supervisor);
    expect(exported.statusCode).toBe(200);
    const unknownRun = randomUUID();
    const problem = expectProblem(await get(`/cases/${orphan}/history?format=temporal&runId=${unknownRun}`, supervisor), 404);
    expect(problem.detail).toBe(`case ${orphan} has no run ${unknownRun}`);
    expectProblem(await get(`/cases/victim-${randomUUID()}/history?format=temporal&runId=${unknownRun}`, supervisor), 404);
  });

  it("answers 503 within seconds when the case's worker does not answer its state query", async () => {
    const { result, ms } = await timed(() => get(`/cases/${orphan}/state`, operator));
    expect(expectProblem(result, 503).detail).toBe(
      `the worker running case ${orphan} did not answer within ${STATE_QUERY_WITHIN_MS / 1000} s; try again shortly`,
    );
    expect(ms).toBeGreaterThanOrEqual(STATE_QUERY_WITHIN_MS - 50);
    expect(ms).toBeLessThan(STATE_QUERY_WITHIN_MS + 2_000);
  });

  it('refuses a NUL byte in an audit filter with 400 naming the field', async () => {
    for (const field of ['user', 'case']) {
      const problem = expectProblem(await get(`/audit?${field}=a%00b`, auditor), 400);
      expect(problem.errors).toEqual([{ path: `query.${field}`, message: 'must not contain a NUL character' }]);
    }
    expect((await get('/audit?user=kim&limit=1', auditor)).statusCode).toBe(200);
  });
});
