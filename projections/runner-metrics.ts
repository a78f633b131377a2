// What a live projection runner measures, per read model (the projector's /metrics): how far it is
// behind the case topics, what it applied, and how long an event took from its commit in the store
// to its read model. Bounded runs (rebuilds, benchmarks) measure nothing here.
import { Counter, Gauge, Histogram } from '../infra/metrics.ts';

const lag = new Gauge({
  name: 'taskforce_projection_lag_events',
  help: 'Events on the case topics not yet applied to the read model, as of each partition’s last batch.',
  labelNames: ['projection'] as const,
});

const applied = new Counter({
  name: 'taskforce_projection_applied_events_total',
  help: 'Events applied to the read model (duplicates and gaps left out).',
  labelNames: ['projection'] as const,
});

const delay = new Histogram({
  name: 'taskforce_projection_delay_seconds',
  help: 'Time from the commit of the newest event of a batch in the event store to its application to the read model.',
  labelNames: ['projection'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
});

export function projectionLag(projection: string): (messagesBehind: number) => void {
  return (messagesBehind) => lag.set({ projection }, messagesBehind);
}

export function projectionApplied(projection: string, count: number, newestRecordedAt: string | undefined): void {
  if (count === 0) return;
  applied.inc({ projection }, count);
  if (newestRecordedAt) delay.observe({ projection }, Math.max(0, (Date.now() - Date.parse(newestRecordedAt)) / 1000));
}
