// What the agency router measures (the router's /metrics): how far it is behind the case topics,
// and the copies it delivered to each agency's topic.
import { Counter, Gauge } from '../infra/metrics.ts';

const lag = new Gauge({
  name: 'taskforce_router_lag_events',
  help: 'Events on the case topics not yet routed to the agency topics, as of each partition’s last batch.',
});

const delivered = new Counter({
  name: 'taskforce_router_delivered_events_total',
  help: 'Redacted copies of events written to the agency topics, by agency.',
  labelNames: ['agency'] as const,
});

export function routerLag(messagesBehind: number): void {
  lag.set(messagesBehind);
}

export function routerDelivered(agency: string, count: number): void {
  delivered.inc({ agency }, count);
}
