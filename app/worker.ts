// The worker process: runs every case workflow and activity until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { resilientPool } from '../infra/database.ts';
import { loadSettings } from '../infra/settings.ts';
import { createCaseWorker } from './case-worker.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';

exitOnDevelopmentSecrets('worker');
const settings = loadSettings();
Runtime.install({ logger: new DefaultLogger('WARN') });
const pool = resilientPool({ connectionString: settings.databaseUrl, max: 10 }, console.warn);
const workerConnection = await NativeConnection.connect({ address: settings.temporalAddress });
const clientConnection = await Connection.connect({ address: settings.temporalAddress });
const dataConverter = encryptedDataConverter();
const worker = await createCaseWorker({
  workerConnection,
  client: new Client({ connection: clientConnection, namespace: settings.temporalNamespace, dataConverter }),
  dataConverter,
  namespace: settings.temporalNamespace,
  taskQueue: settings.taskQueue,
  pool,
  ...(process.env.TASKFORCE_WORKER_CACHE ? { maxCachedWorkflows: Number(process.env.TASKFORCE_WORKER_CACHE) } : {}),
});
console.log(`worker polling task queue "${settings.taskQueue}" on ${settings.temporalAddress}`);
await worker.run(); // returns after SIGINT/SIGTERM: the SDK shuts the worker down gracefully
await clientConnection.close();
await workerConnection.close();
await pool.end();
console.log('worker stopped');
