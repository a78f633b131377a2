// cases/history.ts follows continue-as-new: every run of a workflow appears, oldest first, with
// its boundaries in the timeline, and what the case waits for comes from the latest run.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseHistory, ENCRYPTED, type HistoryViewer } from '../../cases/history.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { loadSettings } from '../../infra/settings.ts';
import { testDataConverter } from '../support/temporal.ts';
import { waitUntil } from '../support/wait-until.ts';

const settings = loadSettings();
const taskQueue = `history-${randomUUID()}`;
const seeEverything: HistoryViewer = { decodePayloads: true, redactPayload: (value) => value, viewEvent: (event) => event };

describe('case history across runs', () => {
  let workerConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let pool: pg.Pool;
  let worker: Worker;
  let running: Promise<void>;
  const caseId = `victim-${randomUUID()}`;

  beforeAll(async () => {
    workerConnection = await NativeConnection.connect(settings.temporal.connectOptions);
    worker = await Worker.create({
      connection: workerConnection,
      namespace: settings.temporalNamespace,
      taskQueue,
      workflowsPath: path.resolve(import.meta.dirname, '../fixtures/history-workflows.ts'),
      dataConverter: testDataConverter,
    });
    running = worker.run();
    connection = await Connection.connect(settings.temporal.connectOptions);
    client = new Client({ connection, namespace: settings.temporalNamespace, dataConverter: testDataConverter });
    pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
    await client.workflow.start('twoRunWorkflow', { taskQueue, workflowId: caseId, args: [{ round: 0, personName: 'Person E' }] });
    // Wait until the second run has started its day-long timer.
    await waitUntil('the second run waits on its day-long timer', async () => {
      const { runs, waiting } = await caseHistory(client, new EventStore(pool), caseId, seeEverything);
      return runs.length === 2 && waiting.timers[0]?.length === '1d';
    });
  });

  afterAll(async () => {
    await client?.workflow
      .getHandle(caseId)
      .terminate('test done')
      .catch(() => undefined);
    worker?.shutdown();
    await running;
    await connection?.close();
    await workerConnection?.close();
    await pool?.end();
  });

  it('shows every run, oldest first, and the boundary between them', async () => {
    const history = await caseHistory(client, new EventStore(pool), caseId, seeEverything);
    expect(history.runs.map((r) => r.status)).toEqual(['CONTINUED_AS_NEW', 'RUNNING']);
    const [first, second] = history.runs;
    expect(first?.closedAt).toEqual(expect.any(String));

    const kinds = history.timeline.map((e) => `${e.kind}@${e.details.runId === first?.runId ? 1 : 2}`);
    expect(kinds).toEqual([
      'run.started@1',
      'timer.started@1',
      'timer.fired@1',
      'run.continuedAsNew@1',
      'run.started@2',
      'timer.started@2',
      'timer.fired@2',
      'timer.started@2',
    ]);
    const continued = history.timeline.find((e) => e.kind === 'run.continuedAsNew');
    expect(continued?.details.newRunId).toBe(second?.runId);
    const secondStart = history.timeline.filter((e) => e.kind === 'run.started')[1];
    expect(secondStart?.details).toMatchObject({ continuedFromRunId: first?.runId, input: [{ round: 1, personName: 'Person E' }] });
    expect(history.waiting).toMatchObject({ workflowStatus: 'RUNNING', timers: [{ length: '1d' }], activities: [], children: [] });
  });

  it('leaves payloads encrypted for a viewer who may not decrypt them', async () => {
    const history = await caseHistory(client, new EventStore(pool), caseId, { ...seeEverything, decodePayloads: false });
    const starts = history.timeline.filter((e) => e.kind === 'run.started');
    expect(starts.map((e) => e.details.input)).toEqual([[ENCRYPTED], [ENCRYPTED]]);
    expect(starts.every((e) => e.actor === undefined)).toBe(true);
  });
});
