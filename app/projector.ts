// The projector as a process: `tsx app/projector.ts` keeps every projection's read model current
// until SIGTERM or SIGINT. TASKFORCE_PROJECTIONS (comma-separated names) runs a subset. Its log
// lines count events and name positions; they never carry event data (personal information).
import { nameProcess } from '../infra/logger.ts';
import { startTracing } from '../infra/tracing.ts';
import { PROJECTIONS, projectionNamed } from '../projections/catalogue.ts';
import { type ProjectionHandle, type RunnerCounts, startProjection } from '../projections/runner.ts';
import { projectionSettingsFromEnv } from '../projections/settings.ts';
import { serveProcessMetrics } from './metrics-endpoint.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { settingsOrExit } from './settings.ts';
import { shutdownOnSignal } from './shutdown.ts';

const PROGRESS_EVERY_MS = 10_000;

nameProcess('projector');
exitOnDevelopmentSecrets('projector');
const settings = projectionSettingsFromEnv();
const projections = process.env.TASKFORCE_PROJECTIONS
  ? process.env.TASKFORCE_PROJECTIONS.split(',').map((n) => projectionNamed(n.trim()))
  : PROJECTIONS;

const tracing = startTracing('projector');
const shutdown = shutdownOnSignal('projector', settings.log);
// Registered first, so closed last: the spans of the batch in flight are exported.
if (tracing) shutdown.closes('the trace exporter', () => tracing.shutdown());
await serveProcessMetrics('projector', settingsOrExit(), shutdown, settings.log);
const handles: ProjectionHandle[] = [];
shutdown.closes(`the projections ${projections.map((p) => p.name).join(', ')} (their batches in flight)`, () =>
  Promise.all(handles.map((h) => h.stop())),
);
for (const projection of projections) handles.push(await startProjection(projection, settings));
settings.log(
  `projector running ${projections.map((p) => p.name).join(', ')} from ${settings.topicPrefix}.<case kind>.events into schema ${settings.schema}`,
);

const reported = new Map<string, RunnerCounts>();
const progress = setInterval(() => {
  for (const handle of handles) {
    const now = handle.counts();
    const before = reported.get(handle.projection.name);
    if (before && now.batches === before.batches) continue;
    const rate = Math.round(((now.applied - (before?.applied ?? 0)) * 1000) / PROGRESS_EVERY_MS);
    settings.log(
      `projection ${handle.projection.name}: ${now.applied} events applied (${rate} events/s), ${now.duplicates} duplicates skipped, ${now.gaps} gaps, ${now.malformed} malformed`,
    );
    reported.set(handle.projection.name, now);
  }
}, PROGRESS_EVERY_MS);
shutdown.closes('progress reports', () => clearInterval(progress));

void Promise.race(handles.map((h) => h.failed.then(() => h.projection.name))).then((name) => {
  if (shutdown.stopping) return;
  settings.log(`projection ${name} stopped consuming for good; exiting so the supervisor restarts the projector`);
  process.exit(1);
});
