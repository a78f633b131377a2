// What `npm run fuzz` found, each answered over HTTP with the status it should have rather than a
// 500 or a request held for half a minute: a list cursor the API did not give is 400 at once, and
// one whose page Temporal cannot read is 400 too; an export of a run the case does not have is 404;
// the state of a case whose worker is gone is 503 within seconds; a case another deployment runs
// (the fuzzer found other test runs' cases on the shared stack) is not listed and is 404; a NUL
// byte in an audit filter is 400 naming the field.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { STATE_QUERY_WITHIN_MS, VISIBILITY_WITHIN_MS } from '../../cases/client.ts';
import { cursorOf } from '../../cases/visibility.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { loadSettings } from '../../infra/settings.ts';
import { CaseKindKey, CaseStatusKey } from '../../workflows/case-kit/search-attributes.ts';
import { testDataConverter } from '../support/temporal.ts';
import { type CaseApi, caseApi, terminateCases } from './api-cases-support.ts';

const settings = loadSettings();
const operator = { agency: 'NPA', role: 'operator', userId: 'kim', clearance: 'CONFIDENTIAL' } as const;
const supervisor = { agency: 'MOJ', role: 'supervisor', userId: 'prosecutor-9', clearance: 'CONFIDENTIAL' } as const;
const auditor = { agency: 'MOJ', role: 'auditor', userId: 'auditor-1' } as const;

interface Response {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): unknown;
}

function expectProblem(response: Response, status: number) {
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

/** An API over `client` serving the cases of `taskQueue` (whether or not a worker polls it). */
async function apiOver(client: Client, pool: CaseApi['harness']['pool'], taskQueue: string) {
  const secret = new TextEncoder().encode(`fuzz-findings-${randomUUID()}`);
  const health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  const app: FastifyInstance = buildApi({
    pool,
    health,
    tokens: createTokenVerifier(secret),
    temporal: { client, taskQueue, uiOrigins: [] },
  });
  return {
    async get(url: string, caller: Caller) {
      return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await signToken(secret, caller, '5m')}` } });
    },
    async close() {
      await app.close();
      await health.close();
    },
  };
}

describe('what the fuzzer found', () => {
  let api: CaseApi;
  /** A case whose workflow sits on a task queue no worker polls: it exists, but nothing answers for it. */
  const orphan = `victim-${randomUUID()}`;
  const orphanQueue = `no-worker-${randomUUID()}`;
  let orphanRunId: string;
  /** The deployment the orphan belongs to: an API on its task queue, whose workers are gone. */
  let workerless: Awaited<ReturnType<typeof apiOver>>;

  beforeAll(async () => {
    api = await caseApi();
    const handle = await api.harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: orphanQueue,
      workflowId: orphan,
      args: [],
      typedSearchAttributes: [
        { key: CaseKindKey, value: 'victim' },
        { key: CaseStatusKey, value: 'REPORTED' },
      ],
    });
    // Its opening fact is recorded, as a worker would have done before it went: a case nobody may see until then.
    await new EventStore(api.harness.pool).append(orphan, 0, [
      {
        eventId: randomUUID(),
        type: 'VictimReported',
        streamId: orphan,
        occurredAt: new Date().toISOString(),
        actor: { agency: 'MOFA', role: 'operator', userId: 'consul-1' },
        correlationId: `orphan-${orphan}`,
        causationId: null,
        data: {
          caseId: orphan,
          leadAgency: 'MOFA',
          personName: 'Person O',
          reportedBy: 'embassy',
          hostCountry: 'KH',
          deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
        },
      },
    ]);
    orphanRunId = handle.firstExecutionRunId;
    workerless = await apiOver(api.harness.client, api.harness.pool, orphanQueue);
  });
  afterAll(async () => {
    await workerless?.close();
    if (!api) return;
    await terminateCases(api.harness, [orphan]);
    await api.close();
  });

  const get = async (url: string, caller: object) => api.app.inject({ method: 'GET', url, headers: await api.bearer(caller) });

  it('refuses a cursor it did not give at once, with 400 on query.cursor', async () => {
    // Two cases of this deployment, so the first page of one has a next page.
    const opened = [`victim-${randomUUID()}`, `victim-${randomUUID()}`];
    for (const caseId of opened) {
      const created = await api.app.inject({
        method: 'POST',
        url: '/cases/victim',
        headers: await api.bearer(operator),
        payload: { caseId, leadAgency: 'MOFA', personName: 'Person C', reportedBy: 'embassy', hostCountry: 'KH' },
      });
      expect(created.statusCode).toBe(201);
    }
    try {
      const firstPage = async () => (await get('/cases?kind=victim&pageSize=1', operator)).json() as { nextCursor: string | null };
      await expect.poll(async () => (await firstPage()).nextCursor, { timeout: 15_000 }).toEqual(expect.any(String));
      const cursor = (await firstPage()).nextCursor!;
      expect((await get(`/cases?kind=victim&pageSize=1&cursor=${cursor}`, operator)).statusCode).toBe(200);
      const altered = `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`;
      const unsigned = Buffer.from('{"CloseTime":"9999-12-31T23:59:59Z"}').toString('base64url');
      for (const bad of ['abc', 'A', unsigned, altered, cursor.slice(0, 20)]) {
        const { result, ms } = await timed(() => get(`/cases?kind=victim&cursor=${bad}`, operator));
        const problem = expectProblem(result, 400);
        expect(problem.errors).toEqual([{ path: 'query.cursor', message: expect.stringMatching(/not a nextCursor this API gave/) }]);
        expect(ms).toBeLessThan(3_000);
      }
    } finally {
      await terminateCases(api.harness, opened);
    }
  });

  it("answers 400 on query.cursor when Temporal cannot read a cursor's page, and never waits past the deadline", async () => {
    // A token Temporal cannot read, carried by a cursor with a valid digest (only someone forging one gets here).
    const forged = cursorOf(Buffer.from('{"RunID":5}'));
    // Without the SDK's retries, Temporal's own answer (UNKNOWN) arrives and names the cursor.
    const connection = await Connection.connect({ ...settings.temporal.connectOptions, interceptors: [] });
    const direct = await apiOver(
      new Client({ connection, namespace: settings.temporalNamespace, dataConverter: testDataConverter }),
      api.harness.pool,
      api.harness.taskQueue,
    );
    try {
      expect(expectProblem(await direct.get(`/cases?kind=victim&cursor=${forged}`, operator), 400).errors).toEqual([
        { path: 'query.cursor', message: expect.stringMatching(/Temporal cannot read the page/) },
      ]);
    } finally {
      await direct.close();
      await connection.close();
    }

    // With them (the API's client retries UNKNOWN for ~20 s), the answer still comes at the deadline.
    const { result, ms } = await timed(() => get(`/cases?kind=victim&cursor=${forged}`, operator));
    expect(expectProblem(result, 503).detail).toMatch(/Temporal did not answer within 5 s/);
    expect(ms).toBeLessThan(VISIBILITY_WITHIN_MS + 2_000);
  });

  it('answers 404 for a history export of a run the case does not have', async () => {
    const exported = await workerless.get(`/cases/${orphan}/history?format=temporal&runId=${orphanRunId}`, supervisor);
    expect(exported.statusCode).toBe(200);
    const unknownRun = randomUUID();
    const problem = expectProblem(await workerless.get(`/cases/${orphan}/history?format=temporal&runId=${unknownRun}`, supervisor), 404);
    expect(problem.detail).toBe(`case ${orphan} has no run ${unknownRun}`);
    expectProblem(await workerless.get(`/cases/victim-${randomUUID()}/history?format=temporal&runId=${unknownRun}`, supervisor), 404);
  });

  it("answers 503 within seconds when the case's worker does not answer its state query", async () => {
    const { result, ms } = await timed(() => workerless.get(`/cases/${orphan}/state`, operator));
    expect(expectProblem(result, 503).detail).toBe(
      `the worker running case ${orphan} did not answer within ${STATE_QUERY_WITHIN_MS / 1000} s; try again shortly`,
    );
    expect(ms).toBeLessThan(STATE_QUERY_WITHIN_MS + 2_000);
  });

  it("neither lists nor answers for a case another deployment's workers run", async () => {
    // The orphan's own deployment lists it …
    await expect
      .poll(async () => ((await workerless.get('/cases?kind=victim', operator)).json() as { cases: { caseId: string }[] }).cases, {
        timeout: 15_000,
      })
      .toEqual([expect.objectContaining({ caseId: orphan })]);
    // … this one does not, and answers 404 at once where it would have waited on workers it does not have.
    const listed = (await get('/cases?kind=victim&pageSize=500', operator)).json() as { cases: { caseId: string }[] };
    expect(listed.cases.map((c) => c.caseId)).not.toContain(orphan);
    const { result, ms } = await timed(() => get(`/cases/${orphan}/state`, operator));
    expect(expectProblem(result, 404).detail).toBe(`no case ${orphan} here: another deployment runs it`);
    expect(ms).toBeLessThan(3_000);
    const command = await api.app.inject({
      method: 'POST',
      url: `/cases/${orphan}/commands/recordLocation`,
      headers: await api.bearer(operator),
      payload: { location: 'compound D', confirmedBy: 'NPA' },
    });
    expectProblem(command, 404);
    expectProblem(await get(`/cases/${orphan}/history`, supervisor), 404);
  });

  it('refuses a NUL byte in an audit filter with 400 naming the field', async () => {
    for (const field of ['user', 'case']) {
      const problem = expectProblem(await get(`/audit?${field}=a%00b`, auditor), 400);
      expect(problem.errors).toEqual([{ path: `query.${field}`, message: 'must not contain a NUL character' }]);
    }
    expect((await get('/audit?user=kim&limit=1', auditor)).statusCode).toBe(200);
  });
});
