// Append throughput of the event store, one event per append and 100 per append, each against a
// raw INSERT of the same rows into a scratch copy of the events table in the same run.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { eventDefinition } from '../events/catalogue.ts';
import type { NewEvent } from '../events/envelope.ts';
import { EventStore } from '../eventstore/event-store.ts';
import { alternate, type Benchmark, type Measurement, perSecond, ROUNDS, timed } from './benchmark.ts';
import { benchEvent, benchStreamId } from './fixtures.ts';

const BATCH_SIZE = 100;

/** Appends per round: of one event, and of BATCH_SIZE events. */
const sizes = (quick: boolean) => (quick ? { single: 100, batches: 10 } : { single: 400, batches: 40 });

const COLUMNS =
  'event_id, stream_id, stream_version, case_kind, type, schema_version, occurred_at, actor, classification, correlation_id, causation_id, data';

function rawRow(event: NewEvent, streamVersion: number): unknown[] {
  const definition = eventDefinition(event.type);
  return [
    event.eventId,
    event.streamId,
    streamVersion,
    definition.kind,
    event.type,
    definition.version,
    event.occurredAt,
    JSON.stringify(event.actor),
    definition.classification,
    event.correlationId,
    event.causationId,
    JSON.stringify(event.data),
  ];
}

/** The same rows as one multi-row INSERT: column arrays through unnest, as the store sends them. */
export function rawBatch(table: string, events: NewEvent[], firstVersion: number): [string, unknown[]] {
  const rows = events.map((e, i) => rawRow(e, firstVersion + i));
  const columns = rows[0]!.map((_, c) => rows.map((r) => r[c]));
  return [
    `INSERT INTO ${table} (${COLUMNS})
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::jsonb[])`,
    columns,
  ];
}

export async function createScratchTable(pool: pg.Pool): Promise<string> {
  const table = `bench_raw_events_${randomUUID().replaceAll('-', '')}`;
  await pool.query(`CREATE TABLE ${table} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  // Its own position sequence, so the scratch rows do not consume the event store's.
  await pool.query(
    `ALTER TABLE ${table} ALTER COLUMN global_position DROP DEFAULT, ALTER COLUMN global_position ADD GENERATED ALWAYS AS IDENTITY`,
  );
  return table;
}

async function singleAppends(pool: pg.Pool, store: EventStore, table: string, perRound: number): Promise<Measurement> {
  const insert = `INSERT INTO ${table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
  const seconds = await alternate(
    ROUNDS,
    async () => {
      const streamId = benchStreamId();
      const events = Array.from({ length: perRound }, () => benchEvent(streamId));
      return timed(async () => {
        for (const [i, event] of events.entries()) await store.append(streamId, i, [event]);
      });
    },
    async () => {
      const streamId = benchStreamId();
      const events = Array.from({ length: perRound }, () => benchEvent(streamId));
      return timed(async () => {
        for (const [i, event] of events.entries()) await pool.query(insert, rawRow(event, i + 1));
      });
    },
  );
  return {
    name: 'append, 1 event per append',
    unit: 'events/s',
    n: perRound,
    figures: perSecond(perRound, seconds.measured),
    baseline: { name: 'raw INSERT, 1 row per statement', figures: perSecond(perRound, seconds.baseline) },
    target: { compare: '>=', times: 0.8, plus: 0 },
  };
}

async function batchedAppends(pool: pg.Pool, store: EventStore, table: string, perRound: number): Promise<Measurement> {
  const streams = () =>
    Array.from({ length: perRound }, () => {
      const streamId = benchStreamId();
      return { streamId, events: Array.from({ length: BATCH_SIZE }, () => benchEvent(streamId)) };
    });
  const seconds = await alternate(
    ROUNDS,
    async () => {
      const batches = streams();
      return timed(async () => {
        for (const { streamId, events } of batches) await store.append(streamId, 0, events);
      });
    },
    async () => {
      const batches = streams();
      return timed(async () => {
        for (const { events } of batches) await pool.query(...rawBatch(table, events, 1));
      });
    },
  );
  const events = perRound * BATCH_SIZE;
  return {
    name: `append, ${BATCH_SIZE} events per append`,
    unit: 'events/s',
    n: events,
    figures: perSecond(events, seconds.measured),
    baseline: { name: `raw INSERT, ${BATCH_SIZE} rows per statement`, figures: perSecond(events, seconds.baseline) },
    target: { compare: '>=', times: 0.8, plus: 0 },
  };
}

export const eventStoreBenchmark: Benchmark = {
  name: 'eventstore',
  async run({ settings, quick, progress }) {
    const size = sizes(quick);
    const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
    const store = new EventStore(pool);
    const table = await createScratchTable(pool);
    try {
      // Warm up connections, plans and the catalogue before anything is timed.
      const warm = benchStreamId();
      for (let i = 0; i < 20; i++) await store.append(warm, i, [benchEvent(warm)]);
      progress(`${ROUNDS} rounds of ${size.single} appends of 1 event against the same rows as single INSERTs…`);
      const single = await singleAppends(pool, store, table, size.single);
      progress(`${ROUNDS} rounds of ${size.batches} appends of ${BATCH_SIZE} events against the same rows as ${BATCH_SIZE}-row INSERTs…`);
      const batched = await batchedAppends(pool, store, table, size.batches);
      return [single, batched];
    } finally {
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    }
  },
};
