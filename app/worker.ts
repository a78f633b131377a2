// The worker process: runs every case workflow and activity until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import { loadSealKeyring } from '../access/message-seal.ts';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { loadPayloadKeyring } from '../codec/keys.ts';
import { resilientPool } from '../infra/database.ts';
import { nameProcess } from '../infra/logger.ts';
import { temporalConnectFailure } from '../infra/temporal-connection.ts';
import { startTracing } from '../infra/tracing.ts';
import { createCaseWorker } from './case-worker.ts';
import { exitOnBadDeadlines } from './deadlines.ts';
import { serveProcessMetrics } from './metrics-endpoint.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { settingsOrExit } from './settings.ts';
import { shutdownOnSignal } from './shutdown.ts';
import { temporalLogger } from './temporal-logger.ts';
import { tracingClientInterceptors } from './temporal-tracing.ts';

const log = nameProcess('worker');
exitOnDevelopmentSecrets('worker');
exitOnBadDeadlines();
const settings = settingsOrExit();
const tracing = startTracing('worker');
const shutdown = shutdownOnSignal('worker', (line) => log.info(line));
// Registered first, so closed last: the spans of the tasks that finish while the worker stops are exported.
if (tracing) shutdown.closes('the trace exporter', () => tracing.shutdown());
await serveProcessMetrics('worker', settings, shutdown, (line) => log.info(line));
const sdkMetricsPort = settings.metricsPorts['temporal-sdk'];
Runtime.install({
  logger: temporalLogger(log),
  // No signal handling of the SDK's own: it waits for the server however long that takes (app/shutdown.ts).
  shutdownSignals: [],
  telemetryOptions: {
    // The core's own logs too, from WARN up, into the same logger rather than straight to the console.
    logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
    // The SDK's own metrics (workflow and activity task latencies, slots, polls, sticky cache), served
    // by its core on a port of their own, named like ours: _total counters, durations in _seconds.
    ...(sdkMetricsPort === 0
      ? {}
      : {
          metrics: {
            prometheus: {
              bindAddress: `${settings.metricsHost}:${sdkMetricsPort}`,
              countersTotalSuffix: true,
              unitSuffix: true,
              useSecondsForDurations: true,
            },
          },
        }),
  },
});
if (sdkMetricsPort !== 0) log.info(`temporal-sdk metrics on http://${settings.metricsHost}:${sdkMetricsPort}/metrics`);
const pool = resilientPool({ connectionString: settings.databaseUrl, max: 10 }, (message) => log.warn(message));
shutdown.closes('the database pool', () => pool.end());
log.info(`worker connecting to Temporal at ${settings.temporalAddress}`);
// A connection refused, a TLS handshake the server does not speak, a key it rejects: one line that
// says where and with which settings, then exit, rather than a transport error's stack trace.
const [workerConnection, clientConnection] = await Promise.all([
  NativeConnection.connect(settings.temporal.connectOptions),
  Connection.connect(settings.temporal.connectOptions),
]).catch((error: unknown) => {
  log.fatal(temporalConnectFailure(settings.temporal, error));
  process.exit(1);
});
shutdown.closes("the worker's Temporal connection", () => workerConnection.close());
shutdown.closes("the client's Temporal connection", () => clientConnection.close());
const payloadKeys = loadPayloadKeyring();
const worker = await createCaseWorker({
  workerConnection,
  client: new Client({
    connection: clientConnection,
    namespace: settings.temporalNamespace,
    dataConverter: encryptedDataConverter(payloadKeys),
    ...tracingClientInterceptors(tracing),
  }),
  tracing,
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
log.info(`worker polling task queue "${settings.taskQueue}" on ${settings.temporalAddress}`);
running.catch((error: unknown) => {
  if (shutdown.stopping) return; // the closing step above reports it
  log.fatal(`worker failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
