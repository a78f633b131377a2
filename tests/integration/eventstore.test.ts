// The event store against the real PostgreSQL: optimistic concurrency, idempotent retries,
// validation before writing, and the settled (commit-safe) read of all streams.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { eventDefinition } from '../../events/catalogue.ts';
import type { NewEvent } from '../../events/envelope.ts';
import { EventValidationError } from '../../events/errors.ts';
import { EventIdConflictError, EventStore, VersionConflictError } from '../../eventstore/event-store.ts';
import { START_OF_STORE, type StoredEvent } from '../../eventstore/stored-events.ts';
import { loadSettings } from '../../infra/settings.ts';
import { newVictimStreamId as newStreamId, victimRescued } from './eventstore-support.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 12 });
const store = new EventStore(pool);
afterAll(() => pool.end());

async function rowsOf(streamId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId]);
  return rows[0]!.n;
}

describe('EventStore.append', () => {
  it('stores a batch at consecutive versions and reads it back in stream order', async () => {
    const streamId = newStreamId();
    const batch = [victimRescued(streamId, 'A'), victimRescued(streamId, 'B'), victimRescued(streamId, 'C')];
    expect(await store.append(streamId, 0, batch)).toEqual({ streamId, streamVersion: 3, written: true });
    const events = await store.readStream(streamId);
    expect(events.map((e) => [e.streamVersion, e.eventId, e.data.operationId])).toEqual(
      batch.map((b, i) => [i + 1, b.eventId, b.data.operationId]),
    );
    expect(events[0]).toMatchObject({
      schemaVersion: eventDefinition('VictimRescued').version,
      classification: eventDefinition('VictimRescued').classification,
      occurredAt: '2024-03-01T03:00:00.123456Z',
    });
    expect((await store.readStream(streamId, 3)).map((e) => e.streamVersion)).toEqual([3]);
  });

  it('refuses a stale expected version with a VersionConflictError carrying the actual version', async () => {
    const streamId = newStreamId();
    await store.append(streamId, 0, [victimRescued(streamId), victimRescued(streamId)]);
    const stale = store.append(streamId, 1, [victimRescued(streamId)]);
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ streamId, expectedVersion: 1, actualVersion: 2 });
    await expect(store.append(streamId, 5, [victimRescued(streamId)])).rejects.toMatchObject({ actualVersion: 2 });
    expect(await rowsOf(streamId)).toBe(2);
  });

  it('stores a retried batch (same event ids) once and answers the retry with the stored result', async () => {
    const streamId = newStreamId();
    const batch = [victimRescued(streamId), victimRescued(streamId)];
    await store.append(streamId, 0, batch);
    await store.append(streamId, 2, [victimRescued(streamId)]);
    expect(await store.append(streamId, 0, batch)).toEqual({ streamId, streamVersion: 2, written: false });
    expect(await rowsOf(streamId)).toBe(3);
  });

  it('refuses a batch that only partly overlaps stored event ids', async () => {
    const streamId = newStreamId();
    const first = victimRescued(streamId);
    await store.append(streamId, 0, [first]);
    await expect(store.append(streamId, 0, [first, victimRescued(streamId)])).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(store.append(streamId, 1, [{ ...first }])).rejects.toBeInstanceOf(EventIdConflictError);
    expect(await rowsOf(streamId)).toBe(1);
  });

  it('names the invalid field and writes nothing of a batch with one invalid event', async () => {
    const streamId = newStreamId();
    const invalid = victimRescued(streamId);
    invalid.data = { ...invalid.data, rescuedBy: 'a rumour' };
    const append = store.append(streamId, 0, [victimRescued(streamId), invalid]);
    await expect(append).rejects.toBeInstanceOf(EventValidationError);
    await expect(append).rejects.toMatchObject({
      eventType: 'VictimRescued',
      issues: [expect.objectContaining({ path: 'data.rescuedBy' })],
    });
    expect(await rowsOf(streamId)).toBe(0);
  });

  it('refuses an envelope with a bad actor and an event in another case kind’s stream', async () => {
    const streamId = newStreamId();
    const badActor = { ...victimRescued(streamId), actor: { agency: 'FBI', role: 'operator', userId: 'x' } } as unknown as NewEvent;
    await expect(store.append(streamId, 0, [badActor])).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'actor.agency' })],
    });
    const suspectStream = `suspect-test-${randomUUID()}`;
    await expect(store.append(suspectStream, 0, [victimRescued(suspectStream)])).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'streamId' })],
    });
    expect(await rowsOf(streamId)).toBe(0);
  });

  it('lets a writer raise the classification but never lower it', async () => {
    const streamId = newStreamId();
    await expect(store.append(streamId, 0, [{ ...victimRescued(streamId), classification: 'PUBLIC' }])).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'classification' })],
    });
    await store.append(streamId, 0, [{ ...victimRescued(streamId), classification: 'SECRET' }]);
    expect((await store.readStream(streamId))[0]!.classification).toBe('SECRET');
  });

  it('lets exactly one of 10 concurrent writers win each version, leaving no gaps and no duplicates', async () => {
    const streamId = newStreamId();
    const winners: string[] = [];
    for (let version = 0; version < 5; version++) {
      const attempts = Array.from({ length: 10 }, () => victimRescued(streamId));
      const outcomes = await Promise.allSettled(attempts.map((event) => store.append(streamId, version, [event])));
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [attempts[i]!.eventId] : []));
      expect(won).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected') expect(o.reason).toMatchObject({ name: 'VersionConflictError', actualVersion: version + 1 });
      }
      winners.push(...won);
    }
    // Then free for all: each writer re-reads on conflict until it has appended 3 events.
    const written = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const mine: string[] = [];
        let version = await store.streamVersion(streamId);
        while (mine.length < 3) {
          const event = victimRescued(streamId);
          try {
            version = (await store.append(streamId, version, [event])).streamVersion;
            mine.push(event.eventId);
          } catch (error) {
            if (!(error instanceof VersionConflictError)) throw error;
            version = error.actualVersion;
          }
        }
        return mine;
      }),
    );
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => e.streamVersion)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set([...winners, ...written.flat()]));
  });
});

describe('EventStore.readAll', () => {
  it('pages in numeric (transaction id, global position) order', async () => {
    const page = await store.readAll(START_OF_STORE, 1000);
    const key = (e: StoredEvent) => e.position.transactionId * 2n ** 63n + e.position.globalPosition;
    expect(page.length).toBeGreaterThan(1);
    expect(page.map(key)).toEqual(page.map(key).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const next = await store.readAll(page.at(-1)!.position, 1);
    if (next[0]) expect(key(next[0])).toBeGreaterThan(key(page.at(-1)!));
  });

  it('holds back events behind a transaction still in flight, then returns the late one too', async () => {
    const early = newStreamId();
    const late = newStreamId();
    const held = await pool.connect();
    try {
      // A writer that took a lower position but has not committed yet.
      await held.query('BEGIN');
      await held.query(
        `INSERT INTO events (event_id, stream_id, stream_version, case_kind, type, schema_version, occurred_at, actor, classification, correlation_id, data)
         VALUES ($1, $2, 1, 'victim', 'VictimRescued', 1, now(), '{"agency":"MOFA","role":"operator","userId":"u"}', 'RESTRICTED', 'c', $3)`,
        [randomUUID(), late, JSON.stringify(victimRescued(late).data)],
      );
      await store.append(early, 0, [victimRescued(early)]);
      const before = await readAllFor([early, late]);
      expect(before).toEqual([]);
      await held.query('COMMIT');
      // Another test file's open transaction holds back every event newer than it: wait for both.
      let after: Awaited<ReturnType<typeof readAllFor>> = [];
      await expect
        .poll(
          async () => {
            after = await readAllFor([early, late]);
            return after.length;
          },
          { timeout: 30_000 },
        )
        .toBe(2);
      expect(after.map((e) => e.event.streamId)).toEqual([late, early]);
      expect(after[0]!.position.globalPosition).toBeLessThan(after[1]!.position.globalPosition);
    } finally {
      held.release();
    }
  });
});

/** Pages through the settled events from the start of the store and keeps those of the given streams. */
async function readAllFor(streamIds: string[]) {
  const { rows } = await pool.query<{ transaction_id: string }>(
    'SELECT (min(transaction_id)::text::bigint - 1)::text AS transaction_id FROM events WHERE stream_id = ANY($1)',
    [streamIds],
  );
  let after = { transactionId: BigInt(rows[0]!.transaction_id ?? '0'), globalPosition: 0n };
  const found = [];
  for (;;) {
    const page = await store.readAll(after, 500);
    if (page.length === 0) return found;
    found.push(...page.filter((e) => streamIds.includes(e.event.streamId)));
    after = page.at(-1)!.position;
  }
}
