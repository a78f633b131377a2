// The worker process: runs every case workflow and activity until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import pg from 'pg';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { createCaseWorker } from '../workflows/worker.ts';
import { loadSettings } from './settings.ts';

const settings = loadSettings();
Runtime.install({ logger: new DefaultLogger('WARN') });
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 10 });
// An idle client whose server went away emits 'error'; unhandled it would end the worker, while
// the activities only need the pool to reconnect (found by the chaos run: kill -9 of PostgreSQL).
pool.on('error', (error) => console.warn(`idle PostgreSQL client failed: ${error.message}`));
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
