// The agency router as a process: `tsx app/router.ts` keeps every agency's redacted topic current
// until SIGTERM or SIGINT. Start several with the same group to share the case topics' partitions.
// Its log lines count events; they never carry event data (personal information).
import { nameProcess } from '../infra/logger.ts';
import { startTracing } from '../infra/tracing.ts';
import { type RouterCounts, routerSettingsFromEnv, startAgencyRouter } from '../streams/agency-router.ts';
import { serveProcessMetrics } from './metrics-endpoint.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { settingsOrExit } from './settings.ts';
import { shutdownOnSignal } from './shutdown.ts';

const PROGRESS_EVERY_MS = 10_000;

nameProcess('router');
exitOnDevelopmentSecrets('router');
const settings = routerSettingsFromEnv();
const tracing = startTracing('router');
const shutdown = shutdownOnSignal('agency router', settings.log);
// Registered first, so closed last: the spans of the batch in flight are exported.
if (tracing) shutdown.closes('the trace exporter', () => tracing.shutdown());
await serveProcessMetrics('router', settingsOrExit(), shutdown, settings.log);
const router = await startAgencyRouter(settings);
shutdown.closes('the agency router (its batch in flight)', () => router.stop());
settings.log(
  `agency router (group ${settings.groupId}) routing ${settings.topicPrefix}.<case kind>.events to ${settings.topicPrefix}.agency.<agency>.events`,
);

let reported: RouterCounts | undefined;
const progress = setInterval(() => {
  const now = router.counts();
  if (reported && now.batches === reported.batches) return;
  const rate = Math.round(((now.routed - (reported?.routed ?? 0)) * 1000) / PROGRESS_EVERY_MS);
  const delivered = Object.entries(now.delivered)
    .map(([agency, count]) => `${agency} ${count}`)
    .join(', ');
  settings.log(`agency router: ${now.routed} events routed (${rate} events/s), ${now.malformed} malformed; delivered ${delivered}`);
  reported = now;
}, PROGRESS_EVERY_MS);
shutdown.closes('progress reports', () => clearInterval(progress));
