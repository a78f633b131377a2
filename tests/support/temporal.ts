// Test harness for workflows: a real Worker with the real activities (event store on the test
// PostgreSQL), either on the test stack's dev server or on the native time-skipping test server
// installed from PyPI (TestWorkflowEnvironment's own download does not work offline).
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import pg from 'pg';
import { loadSealKeyring } from '../../access/message-seal.ts';
import { createCaseWorker } from '../../app/case-worker.ts';
import { encryptedDataConverter } from '../../codec/data-converter.ts';
import { loadPayloadKeyring } from '../../codec/keys.ts';
import { loadStackConfig } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
import type { TemporalConnectOptions } from '../../infra/temporal-connection.ts';
import { SEARCH_ATTRIBUTES, temporalTestServerPath } from '../../stack/temporal.ts';
import { sealingInterceptor } from './sealing-interceptor.ts';
import { startShortHistoryServer } from './short-history-server.ts';

/** Tests encrypt payloads exactly as production does, with the development key. */
export const testPayloadKeys = loadPayloadKeyring(process.env, () => undefined);
export const testDataConverter = encryptedDataConverter(testPayloadKeys);
/** Tests seal messages exactly as the API and the worker do, with the development key. */
export const testSealKeys = loadSealKeyring(process.env, () => undefined);
/** The client options of a test that sends openings, Updates and signals straight to Temporal: sealed, as the API would. */
export const sealingClientOptions = { dataConverter: testDataConverter, interceptors: { workflow: [sealingInterceptor(testSealKeys)] } };

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

export interface WorkflowHarness {
  /** Seals what it sends, as the API does (the worker's activities have a plain client of their own). */
  client: Client;
  taskQueue: string;
  pool: pg.Pool;
  worker: Worker;
  /** Present on the time-skipping server only. */
  env?: TestWorkflowEnvironment;
  close(): Promise<void>;
}

async function startWorker(
  workerConnection: NativeConnection,
  connection: Connection,
  namespace: string,
): Promise<{ worker: Worker; pool: pg.Pool; running: Promise<void>; taskQueue: string }> {
  const settings = loadSettings();
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 5 });
  const taskQueue = `test-${randomUUID()}`;
  // A client that seals nothing itself, as in production: the activities seal what they send.
  const client = new Client({ connection, namespace, dataConverter: testDataConverter });
  const worker = await createCaseWorker({
    workerConnection,
    client,
    namespace,
    taskQueue,
    pool,
    payloadKeys: testPayloadKeys,
    sealKeys: testSealKeys,
  });
  const running = worker.run();
  return { worker, pool, running, taskQueue };
}

/** A worker on the test stack's Temporal dev server (real server, real clock). */
export async function devServerHarness(): Promise<WorkflowHarness> {
  const settings = loadSettings();
  return serverHarness(settings.temporal.connectOptions, settings.temporalNamespace, async () => undefined);
}

/** A worker on a dev server of its own that suggests continue-as-new after `suggestContinueAsNewAfter` history events. */
export async function shortHistoryHarness(suggestContinueAsNewAfter = SHORT_HISTORY): Promise<WorkflowHarness> {
  const server = await startShortHistoryServer(suggestContinueAsNewAfter);
  try {
    // A dev server of the test's own, on loopback without TLS: its address alone.
    return await serverHarness({ address: server.address }, server.namespace, () => server.close());
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Short enough that every case of the raid-to-handover scenario continues as new at least once. */
export const SHORT_HISTORY = 16;

async function serverHarness(
  connectOptions: TemporalConnectOptions,
  namespace: string,
  closeServer: () => Promise<void>,
): Promise<WorkflowHarness> {
  quietRuntime();
  const workerConnection = await NativeConnection.connect(connectOptions);
  const connection = await Connection.connect(connectOptions);
  const client = new Client({ connection, namespace, ...sealingClientOptions });
  const { worker, pool, running, taskQueue } = await startWorker(workerConnection, connection, namespace);
  return {
    client,
    taskQueue,
    pool,
    worker,
    async close() {
      try {
        worker.shutdown();
        await running;
        await connection.close();
        await workerConnection.close();
        await pool.end();
      } finally {
        await closeServer();
      }
    },
  };
}

/** A worker on the native time-skipping test server: durable timers of days pass in moments. */
export async function timeSkippingHarness(): Promise<WorkflowHarness> {
  quietRuntime();
  const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath(config) } },
    client: sealingClientOptions,
  });
  // The test server starts empty: give it the search attributes the dev server registers at start.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [
        name,
        type === 'Keyword'
          ? proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
          : proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
      ]),
    ),
  });
  const { worker, pool, running, taskQueue } = await startWorker(env.nativeConnection, env.connection, env.namespace ?? 'default');
  return {
    client: env.client,
    taskQueue,
    pool,
    worker,
    env,
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await pool.end();
    },
  };
}
