// The event store: appends batches to a stream under optimistic concurrency, idempotent by event
// id, and reads streams back upcast to the current schema versions. Personal values of victim cases
// are sealed before they are written and opened as they are read (privacy/vault.ts): the table, and
// the relay that publishes its rows as they are, only ever hold them sealed.
import type pg from 'pg';
import type { EventEnvelope, NewEvent } from '../events/envelope.ts';
import { activeTraceparent } from '../infra/tracing.ts';
import { PersonalDataVault } from '../privacy/vault.ts';
import { EventIdConflictError, VersionConflictError } from './errors.ts';
import { type EventRow, prepareEvents } from './new-events.ts';
import { EVENT_COLUMNS, type EventRecord, readSettled, type StoredEvent, type StorePosition, toEnvelope } from './stored-events.ts';

export { EventIdConflictError, VersionConflictError } from './errors.ts';

/** The channel the relay LISTENs on; appends NOTIFY it after they commit (see wakeRelay). */
export const EVENTS_CHANNEL = 'taskforce_events';

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: the expectedVersion of the writer's next append. */
  streamVersion: number;
  /** False when every event was already stored by an earlier attempt (a retried activity). */
  written: boolean;
}

// One statement, so one implicit transaction: the head check and the insert see the same snapshot,
// and a concurrent append of the same version fails on the (stream_id, stream_version) constraint.
const APPEND = `
WITH head AS (SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1)
INSERT INTO events (event_id, stream_id, stream_version, case_kind, type, schema_version, occurred_at,
                    actor, classification, correlation_id, causation_id, data, traceparent)
SELECT e.event_id, $1, $2 + e.n, e.case_kind, e.type, e.schema_version, e.occurred_at,
       e.actor::jsonb, e.classification, e.correlation_id, e.causation_id, e.data::jsonb, $13
  FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       WITH ORDINALITY AS e(event_id, case_kind, type, schema_version, occurred_at, actor, classification, correlation_id, causation_id, data, n)
 WHERE (SELECT version FROM head) = $2
RETURNING stream_version`;

function appendParameters(streamId: string, expectedVersion: number, rows: EventRow[], traceparent: string | undefined): unknown[] {
  return [
    streamId,
    expectedVersion,
    rows.map((r) => r.eventId),
    rows.map((r) => r.caseKind),
    rows.map((r) => r.type),
    rows.map((r) => r.schemaVersion),
    rows.map((r) => r.occurredAt),
    rows.map((r) => JSON.stringify(r.actor)),
    rows.map((r) => r.classification),
    rows.map((r) => r.correlationId),
    rows.map((r) => r.causationId),
    rows.map((r) => JSON.stringify(r.data)),
    traceparent ?? null,
  ];
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

export class EventStore {
  private notifying = false;
  private notifyAgain = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly vault: PersonalDataVault = new PersonalDataVault(pool),
  ) {}

  /**
   * Appends events to a stream that the writer believes is at `expectedVersion` (0 for a new stream).
   * All or nothing; validated against the catalogue before anything is written.
   */
  async append(streamId: string, expectedVersion: number, events: NewEvent[]): Promise<AppendResult> {
    const rows = await this.vault.sealEvents(streamId, prepareEvents(streamId, expectedVersion, events));
    try {
      // Named: each connection parses and plans it once.
      const inserted = await this.pool.query({
        name: 'taskforce-append',
        text: APPEND,
        // The append activity's span, when tracing is on: the relay carries the command's trace on from it.
        values: appendParameters(streamId, expectedVersion, rows, activeTraceparent()),
      });
      if (inserted.rowCount === rows.length) {
        this.wakeRelay();
        return { streamId, streamVersion: expectedVersion + rows.length, written: true };
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The rolled-back insert held back the relay's read horizon while it ran; let it look again.
      this.wakeRelay();
    }
    return this.explainRefusal(streamId, expectedVersion, rows);
  }

  /**
   * NOTIFY after the commit, in a transaction of its own (a NOTIFY inside the appending transaction
   * takes a database-wide lock through its commit and would serialise every writer's commit flush),
   * and off the append's path: the append returns once its events are committed, not once the
   * relay is told. NOTIFYs coalesce: while one is in flight, any number of appends ask for one
   * more, so a burst of appends costs two round trips, not one each. A NOTIFY that fails is left
   * to the relay's poll interval, the fallback for a wake-up that never came.
   */
  private wakeRelay(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.pool
      .query(`NOTIFY ${EVENTS_CHANNEL}`)
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) {
          this.notifyAgain = false;
          this.wakeRelay();
        }
      });
  }

  /**
   * The append wrote nothing: either this exact batch is stored already (a retry), or another writer
   * got there first, or the event ids were used before.
   */
  private async explainRefusal(streamId: string, expectedVersion: number, rows: EventRow[]): Promise<AppendResult> {
    const { rows: stored } = await this.pool.query<{ event_id: string; stream_id: string; stream_version: number }>(
      'SELECT event_id, stream_id, stream_version FROM events WHERE event_id = ANY($1::uuid[])',
      [rows.map((r) => r.eventId)],
    );
    const storedById = new Map(stored.map((s) => [s.event_id, s]));
    const sameBatch = rows.every((row, i) => {
      const s = storedById.get(row.eventId);
      return s !== undefined && s.stream_id === streamId && s.stream_version === expectedVersion + i + 1;
    });
    if (sameBatch) return { streamId, streamVersion: expectedVersion + rows.length, written: false };
    if (stored.length > 0) throw new EventIdConflictError(streamId, [...storedById.keys()]);
    throw new VersionConflictError(streamId, expectedVersion, await this.streamVersion(streamId));
  }

  /** The version of the stream's last event; 0 when the stream has none. */
  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>(
      'SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]!.version;
  }

  async readStream(streamId: string, fromVersion = 1): Promise<EventEnvelope[]> {
    const { rows } = await this.pool.query<EventRecord>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
      [streamId, fromVersion],
    );
    return this.vault.openEvents(rows.map(toEnvelope));
  }

  /**
   * Settled events of every stream after `after`, in commit-safe order; pass the last event's
   * position back in to continue. Per stream, the order is the stream order.
   */
  async readAll(after: StorePosition, limit: number): Promise<StoredEvent[]> {
    const stored = await readSettled(this.pool, after, limit);
    const opened = await this.vault.openEvents(stored.map((s) => s.event));
    return stored.map((s, i) => ({ ...s, event: opened[i]! }));
  }
}
