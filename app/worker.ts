// The worker process: runs every case workflow and activity until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadSealKeyring } from '../access/message-seal.ts';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { loadPayloadKeyring } from '../codec/keys.ts';
import { resilientPool } from '../infra/database.ts';
import { loadSettings } from '../infra/settings.ts';
import { createCaseWorker } from './case-worker.ts';
import { exitOnBadDeadlines } from './deadlines.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { shutdownOnSignal } from './shutdown.ts';

exitOnDevelopmentSecrets('worker');
exitOnBadDeadlines();
const settings = loadSettings();
const shutdown = shutdownOnSignal('worker', console.log);
// No signal handling of the SDK's own: it waits for the server however long that takes (app/shutdown.ts).
Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
const pool = resilientPool({ connectionString: settings.databaseUrl, max: 10 }, console.warn);
shutdown.closes('the database pool', () => pool.end());
console.log(`worker connecting to Temporal at ${settings.temporalAddress}`);
const workerConnection = await NativeConnection.connect({ address: settings.temporalAddress });
shutdown.closes("the worker's Temporal connection", () => workerConnection.close());
const clientConnection = await Connection.connect({ address: settings.temporalAddress });
shutdown.closes("the client's Temporal connection", () => clientConnection.close());
const payloadKeys = loadPayloadKeyring();
const worker = await createCaseWorker({
  workerConnection,
  client: new Client({
    connection: clientConnection,
    namespace: settings.temporalNamespace,
    dataConverter: encryptedDataConverter(payloadKeys),
  }),
  payloadKeys,
  sealKeys: loadSealKeyring(),
  namespace: settings.temporalNamespace,
  taskQueue: settings.taskQueue,
  pool,
  ...(process.env.TASKFORCE_WORKER_CACHE ? { maxCachedWorkflows: Number(process.env.TASKFORCE_WORKER_CACHE) } : {}),
});
const running = worker.run();
// Shutting down lets the tasks in flight finish before `run` returns.
shutdown.closes('the Temporal worker', async () => {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running;
});
console.log(`worker polling task queue "${settings.taskQueue}" on ${settings.temporalAddress}`);
running.catch((error: unknown) => {
  if (shutdown.stopping) return; // the closing step above reports it
  console.error(`worker failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
