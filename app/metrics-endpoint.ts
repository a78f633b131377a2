// Every process without an HTTP API of its own answers GET /metrics on its port (infra/config.ts,
// TASKFORCE_<PROCESS>_METRICS_PORT, 0 for none) and closes it on the way out.
import type { MetricsEndpoint } from '../infra/config.ts';
import { serveMetrics } from '../infra/metrics.ts';
import type { Settings } from '../infra/settings.ts';
import type { Shutdown } from './shutdown.ts';

export async function serveProcessMetrics(
  endpoint: MetricsEndpoint,
  settings: Pick<Settings, 'metricsHost' | 'metricsPorts'>,
  shutdown: Shutdown,
  log: (line: string) => void,
): Promise<void> {
  const port = settings.metricsPorts[endpoint];
  if (port === 0) return;
  const server = await serveMetrics(settings.metricsHost, port);
  shutdown.closes('the metrics endpoint', () => server.close());
  log(`${endpoint} metrics on http://${settings.metricsHost}:${server.port}/metrics`);
}
