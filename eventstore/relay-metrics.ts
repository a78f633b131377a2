// What the outbox relay measures (the relay's /metrics): the outbox's depth and lag, read from the
// store at each scrape (so a standby relay, or one stuck on a broker that is gone, still reports
// the truth), and the events it published.
import { Counter, Gauge } from '../infra/metrics.ts';
import type { Queryable } from './stored-events.ts';

const published = new Counter({
  name: 'taskforce_relay_published_events_total',
  help: 'Events published to Kafka and checkpointed by this relay process.',
  labelNames: ['relay'] as const,
});

/** Counts a batch Kafka acknowledged and whose checkpoint is stored. */
export function relayPublished(relayName: string, count: number): void {
  published.inc({ relay: relayName }, count);
}

interface OutboxBacklog {
  events: number;
  oldestSeconds: number;
}

/** The events committed after the relay's checkpoint, and the age of the oldest of them (0 when none wait). */
export async function outboxBacklog(db: Queryable, relayName: string): Promise<OutboxBacklog> {
  const { rows } = await db.query<{ events: string; oldest_seconds: number }>(
    `SELECT count(*) AS events, coalesce(extract(epoch FROM now() - min(e.recorded_at)), 0)::float8 AS oldest_seconds
       FROM events e
       JOIN relay_checkpoints c ON c.relay_name = $1
      WHERE (e.transaction_id, e.global_position) > (c.last_transaction_id, c.last_global_position)`,
    [relayName],
  );
  return { events: Number(rows[0]?.events ?? 0), oldestSeconds: Math.max(0, rows[0]?.oldest_seconds ?? 0) };
}

/** Where the gauges below read the outbox at each scrape; unset, they report nothing (no relay in this process). */
let outbox: { db: Queryable; relayName: string } | undefined;

/** Reports the outbox of `relayName` at each scrape, read through `db` (a connection of its own, not the relay's). */
export function measureOutbox(db: Queryable, relayName: string): void {
  outbox = { db, relayName };
}

new Gauge({
  name: 'taskforce_relay_outbox_events',
  help: 'Events committed to the store and not yet published by the relay.',
  labelNames: ['relay'] as const,
  async collect() {
    if (outbox) this.set({ relay: outbox.relayName }, (await outboxBacklog(outbox.db, outbox.relayName)).events);
  },
});

new Gauge({
  name: 'taskforce_relay_lag_seconds',
  help: 'Age of the oldest event committed to the store and not yet published (0 when none waits).',
  labelNames: ['relay'] as const,
  async collect() {
    if (outbox) this.set({ relay: outbox.relayName }, (await outboxBacklog(outbox.db, outbox.relayName)).oldestSeconds);
  },
});
