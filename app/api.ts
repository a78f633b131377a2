// The API process: builds the HTTP API over real connections from the app settings, listens on
// settings.apiPort (127.0.0.1 unless TASKFORCE_API_HOST says otherwise) and closes cleanly on
// SIGTERM or SIGINT. Its Temporal client encrypts every payload (codec/data-converter.ts) and
// connects lazily, so the API starts, and reports Temporal's health, while Temporal is down.
import { Client, Connection } from '@temporalio/client';
import { loadTokenVerifier } from '../api/auth/accepted-tokens.ts';
import { createHealthChecker } from '../api/health.ts';
import { consoleDepsFromEnv } from '../api/routes/console.ts';
import { buildApi } from '../api/server.ts';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { loadPayloadKeyring } from '../codec/keys.ts';
import { loadStackConfig } from '../infra/config.ts';
import { resilientPool } from '../infra/database.ts';
import { nameProcess, processLogger } from '../infra/logger.ts';
import { startTracing } from '../infra/tracing.ts';
import { exitOnBadDeadlines } from './deadlines.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { settingsOrExit } from './settings.ts';
import { shutdownOnSignal } from './shutdown.ts';
import { tracingClientInterceptors } from './temporal-tracing.ts';

/** Where the Temporal UI runs, for the codec endpoint's CORS: TASKFORCE_TEMPORAL_UI_ORIGINS, or the stack's UI port. */
function temporalUiOrigins(env: NodeJS.ProcessEnv): string[] {
  const port = loadStackConfig(env).temporal.uiPort;
  const configured = env.TASKFORCE_TEMPORAL_UI_ORIGINS ?? `http://127.0.0.1:${port},http://localhost:${port}`;
  return configured
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

async function main(): Promise<void> {
  const log = nameProcess('api');
  exitOnDevelopmentSecrets('api');
  exitOnBadDeadlines();
  const settings = settingsOrExit();
  const tracing = startTracing('api');
  const warn = (message: string): void => log.warn(message);
  const tokens = loadTokenVerifier(process.env, warn);
  const pool = resilientPool({ connectionString: settings.databaseUrl, max: 10 }, warn);
  const health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  const keyring = loadPayloadKeyring(process.env, warn);
  const temporalConnection = Connection.lazy(settings.temporal.connectOptions);
  const temporal = {
    client: new Client({
      connection: temporalConnection,
      namespace: settings.temporalNamespace,
      dataConverter: encryptedDataConverter(keyring),
      ...tracingClientInterceptors(tracing),
    }),
    taskQueue: settings.taskQueue,
    uiOrigins: temporalUiOrigins(process.env),
  };
  const app = buildApi({ pool, health, tokens, temporal, console: consoleDepsFromEnv(process.env) }, { logger: log });

  const shutdown = shutdownOnSignal('api', (line) => log.info(line));
  // Registered first, so closed last: the spans of everything that closes before it are exported.
  if (tracing) shutdown.closes('the trace exporter', () => tracing.shutdown());
  shutdown.closes('the database pool', () => pool.end());
  shutdown.closes('the Temporal connection', () => temporalConnection.close());
  shutdown.closes('the health checks', () => health.close());
  shutdown.closes('the HTTP server', () => app.close());

  await app.listen({ host: settings.apiHost, port: settings.apiPort });
  log.info(
    `Taskforce API listening on http://${settings.apiHost}:${settings.apiPort} (the console at /console, operations at /docs, OpenAPI at /openapi.json)`,
  );
}

main().catch((error: unknown) => {
  processLogger().fatal(`taskforce api: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
