// A command to a case whose worker is down: the API answers 503 within its bound, naming the
// command id, instead of holding the operator until the worker returns; sent again with that id
// once the worker is back, the command is applied exactly once.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { createCaseWorker } from '../../app/case-worker.ts';
import { loadSettings } from '../../infra/settings.ts';
import { quietRuntime, testDataConverter, testPayloadKeys, testSealKeys } from '../support/temporal.ts';

const settings = loadSettings();
const taskQueue = `test-${randomUUID()}`;
const secret = new TextEncoder().encode(`command-unconfirmed-${randomUUID()}`);
const COMMAND_WITHIN_MS = 2_000;

let pool: pg.Pool;
let workerConnection: NativeConnection;
let connection: Connection;
let client: Client;
let api: ReturnType<typeof buildApi>;
let health: ReturnType<typeof createHealthChecker>;
let worker: { worker: Worker; running: Promise<void> } | undefined;

async function startWorker(): Promise<void> {
  const started = await createCaseWorker({
    workerConnection,
    client,
    namespace: settings.temporalNamespace,
    taskQueue,
    pool,
    payloadKeys: testPayloadKeys,
    sealKeys: testSealKeys,
  });
  worker = { worker: started, running: started.run() };
}

async function stopWorker(): Promise<void> {
  if (!worker) return;
  worker.worker.shutdown();
  await worker.running;
  worker = undefined;
}

beforeAll(async () => {
  quietRuntime();
  pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
  workerConnection = await NativeConnection.connect(settings.temporal.connectOptions);
  connection = await Connection.connect(settings.temporal.connectOptions);
  client = new Client({ connection, namespace: settings.temporalNamespace, dataConverter: testDataConverter });
  health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  api = buildApi({
    pool,
    health,
    tokens: createTokenVerifier(secret),
    temporal: { client, taskQueue, uiOrigins: [], commandWithinMs: COMMAND_WITHIN_MS },
  });
  await api.ready();
  await startWorker();
});

afterAll(async () => {
  await stopWorker();
  await api?.close();
  await health?.close();
  await connection?.close();
  await workerConnection?.close();
  await pool?.end();
});

async function headers() {
  const token = await signToken(secret, { userId: 'consul-3', agency: 'MOFA', role: 'operator', clearance: 'CONFIDENTIAL' }, '5m');
  return { authorization: `Bearer ${token}` };
}

async function streamEvents(caseId: string): Promise<string[]> {
  const { rows } = await pool.query<{ type: string }>('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [caseId]);
  return rows.map((r) => r.type);
}

describe('a command to a case whose worker is down', () => {
  it('is answered 503 with its command id in bounded time, and applied once when sent again after the worker returns', async () => {
    // Given an open case whose worker has recorded the report
    const caseId = `victim-${randomUUID()}`;
    const opened = await api.inject({
      method: 'POST',
      url: '/cases/victim',
      headers: await headers(),
      payload: { caseId, leadAgency: 'MOFA', personName: 'Person U', reportedBy: 'embassy', hostCountry: 'KH' },
    });
    expect(opened.statusCode).toBe(201);
    await expect.poll(() => streamEvents(caseId), { timeout: 20_000 }).toEqual(['VictimReported']);

    // When its worker is down and an operator records the person's location
    await stopWorker();
    const command = { location: 'compound E', confirmedBy: 'NPA', occurredAt: new Date().toISOString() };
    const startedAt = Date.now();
    const unconfirmed = await api.inject({
      method: 'POST',
      url: `/cases/${caseId}/commands/recordLocation`,
      headers: await headers(),
      payload: command,
    });
    const waitedMs = Date.now() - startedAt;

    // Then the answer is a 503 problem naming the command id to retry with, after about the bound
    expect(unconfirmed.statusCode).toBe(503);
    expect(unconfirmed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unconfirmed.headers['retry-after']).toBe('5');
    const problem = unconfirmed.json() as { detail: string; command: string; commandId: string };
    expect(problem).toMatchObject({ status: 503, command: 'recordLocation', commandId: expect.any(String) });
    expect(problem.detail).toContain(problem.commandId);
    expect(problem.detail).toContain(`within ${COMMAND_WITHIN_MS / 1000} s`);
    expect(waitedMs).toBeGreaterThanOrEqual(COMMAND_WITHIN_MS);
    expect(waitedMs).toBeLessThan(COMMAND_WITHIN_MS + 10_000);
    expect(await streamEvents(caseId)).toEqual(['VictimReported']);

    // And once the worker is back, the command sent again with that id, as often as the client
    // is told to retry (the case's next task may wait a while for the new worker), is applied once
    await startWorker();
    const resend = async () =>
      api.inject({
        method: 'POST',
        url: `/cases/${caseId}/commands/recordLocation`,
        headers: await headers(),
        payload: { ...command, commandId: problem.commandId },
      });
    let retried = await resend();
    const retries: number[] = [];
    while (retried.statusCode === 503 && retries.length < 10) {
      expect((retried.json() as { commandId: string }).commandId).toBe(problem.commandId);
      retries.push(retried.statusCode);
      retried = await resend();
    }
    expect(retried.statusCode, `after ${retries.length} answers 503`).toBe(200);
    expect(retried.json()).toEqual({ streamVersion: 2, events: ['VictimLocated'] });
    const again = await resend();
    expect(again.json()).toEqual({ streamVersion: 2, events: ['VictimLocated'] });
    expect(await streamEvents(caseId)).toEqual(['VictimReported', 'VictimLocated']);

    await client.workflow.getHandle(caseId).terminate('test done');
  });
});
