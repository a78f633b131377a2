// Reading events back: rows become envelopes at the current schema version (upcast on read), and
// the all-streams read only returns settled events in commit-safe order.
import type pg from 'pg';
import { atCurrentVersion } from '../events/catalogue.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { CaseKind } from '../workflows/kinds.ts';

/**
 * A place in the all-streams order (transaction_id, global_position). global_position alone is not
 * a safe cursor: a transaction holding a lower position may commit after one holding a higher one.
 */
export interface StorePosition {
  transactionId: bigint;
  globalPosition: bigint;
}

export const START_OF_STORE: StorePosition = { transactionId: 0n, globalPosition: 0n };

export interface StoredEvent {
  position: StorePosition;
  caseKind: CaseKind;
  event: EventEnvelope;
  /** The W3C traceparent of the command that appended it (infra/tracing.ts), when it was traced. */
  traceparent?: string;
}

export type Queryable = Pick<pg.Pool | pg.Client, 'query'>;

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

// No aliases that shadow a column with another type: ORDER BY would sort by the alias (text).
// node-postgres returns bigint and xid8 as strings already.
export const EVENT_COLUMNS = `global_position, transaction_id,
  event_id, stream_id, stream_version, case_kind, type, schema_version,
  to_char(occurred_at AT TIME ZONE 'UTC', ${UTC_ISO}) AS occurred_at_iso,
  to_char(recorded_at AT TIME ZONE 'UTC', ${UTC_ISO}) AS recorded_at_iso,
  actor, classification, correlation_id, causation_id, data, traceparent`;

export interface EventRecord {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  case_kind: CaseKind;
  type: string;
  schema_version: number;
  occurred_at_iso: string;
  recorded_at_iso: string;
  actor: EventEnvelope['actor'];
  classification: EventEnvelope['classification'];
  correlation_id: string;
  causation_id: string | null;
  data: Record<string, unknown>;
  traceparent: string | null;
}

export function toEnvelope(row: EventRecord): EventEnvelope {
  return atCurrentVersion({
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    occurredAt: row.occurred_at_iso,
    recordedAt: row.recorded_at_iso,
    actor: row.actor,
    classification: row.classification,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: row.data,
  });
}

export function toStoredEvent(row: EventRecord): StoredEvent {
  return {
    position: { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) },
    caseKind: row.case_kind,
    event: toEnvelope(row),
    ...(row.traceparent ? { traceparent: row.traceparent } : {}),
  };
}

/**
 * Events after `after` in (transaction_id, global_position) order, limited to transactions older
 * than the oldest one still in flight: those have all committed or rolled back, so nothing can
 * later appear before the last event returned (the technique Marten and Emmett use).
 */
export async function readSettled(db: Queryable, after: StorePosition, limit: number): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRecord>({
    name: 'taskforce-read-settled',
    text: `SELECT ${EVENT_COLUMNS} FROM events
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id, global_position
      LIMIT $3`,
    values: [after.transactionId.toString(), after.globalPosition.toString(), limit],
  });
  return rows.map(toStoredEvent);
}

/** The position of the last settled event, or the start of the store when there is none. */
export async function lastSettledPosition(db: Queryable): Promise<StorePosition> {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id, global_position FROM events
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id DESC, global_position DESC
      LIMIT 1`,
  );
  const row = rows[0];
  return row ? { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) } : START_OF_STORE;
}

/** True when committed events wait after `after` behind a transaction still in flight. */
export async function hasUnsettled(db: Queryable, after: StorePosition): Promise<boolean> {
  const { rows } = await db.query<{ waiting: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)) AS waiting',
    [after.transactionId.toString(), after.globalPosition.toString()],
  );
  return rows[0]!.waiting;
}
