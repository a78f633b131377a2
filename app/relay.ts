// The outbox relay as a process: `tsx app/relay.ts` publishes appended events to Kafka until
// SIGTERM or SIGINT. Start several for failover; one publishes, the others wait for its lock (on
// one host, give each its own TASKFORCE_RELAY_METRICS_PORT, or 0).

import { relaySettingsFromEnv, startRelay } from '../eventstore/relay.ts';
import { measureOutbox } from '../eventstore/relay-metrics.ts';
import { resilientPool } from '../infra/database.ts';
import { nameProcess } from '../infra/logger.ts';
import { startTracing } from '../infra/tracing.ts';
import { serveProcessMetrics } from './metrics-endpoint.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { settingsOrExit } from './settings.ts';
import { shutdownOnSignal } from './shutdown.ts';

nameProcess('relay');
exitOnDevelopmentSecrets('relay');
const settings = relaySettingsFromEnv();
const tracing = startTracing('relay');
const shutdown = shutdownOnSignal('relay', settings.log);
// Registered first, so closed last: the spans of the batch in flight are exported.
if (tracing) shutdown.closes('the trace exporter', () => tracing.shutdown());
// The outbox is measured on a connection of its own: a scrape never waits behind the relay's batch.
const metricsPool = resilientPool({ connectionString: settings.databaseUrl, max: 1 }, settings.log);
shutdown.closes("the metrics' database pool", () => metricsPool.end());
measureOutbox(metricsPool, settings.relayName);
await serveProcessMetrics('relay', settingsOrExit(), shutdown, settings.log);
const relay = startRelay(settings);
shutdown.closes('the outbox relay (its batch in flight)', () => relay.stop());
