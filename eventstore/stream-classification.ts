// How secret a case is: the highest classification among the events of its stream. Classifications
// only rise along a stream, so this is the classification every route showing, listing or counting a
// case applies (the read models keep the same value in their rows). A stream without events has none
// yet: nobody sees a case until its opening fact is recorded.
import { CLASSIFICATIONS, type Classification } from '../events/envelope.ts';
import type { Queryable } from './stored-events.ts';

/** The classification's rank in SQL (1 = PUBLIC … 4 = SECRET), from the one ordered list. */
const RANK = `array_position(ARRAY[${CLASSIFICATIONS.map((c) => `'${c}'`).join(', ')}]::text[], classification)`;

const byRank = (rank: number): Classification => CLASSIFICATIONS[rank - 1]!;
const higher = (a: Classification, b: Classification): Classification => (CLASSIFICATIONS.indexOf(a) >= CLASSIFICATIONS.indexOf(b) ? a : b);

/** The highest classification among these streams' events; streams without events are absent. */
export async function streamClassifications(db: Queryable, streamIds: readonly string[]): Promise<Map<string, Classification>> {
  if (streamIds.length === 0) return new Map();
  const { rows } = await db.query<{ stream_id: string; rank: number }>(
    `SELECT stream_id, max(${RANK}) AS rank FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
    [[...new Set(streamIds)]],
  );
  return new Map(rows.map((row) => [row.stream_id, byRank(row.rank)]));
}

/** The highest classification among the stream's events, or null while it has none. */
export async function streamClassification(db: Queryable, streamId: string): Promise<Classification | null> {
  return (await streamClassifications(db, [streamId])).get(streamId) ?? null;
}

/**
 * The streams of these kinds holding at least one event of a classification outside `visible`: the
 * cases a caller who sees only `visible` may not see. A scan of the events table (measured at
 * 110,000 events: 35 ms for the SECRET suspects, 80 ms for the victims above RESTRICTED); an index on
 * (classification, case_kind, stream_id) makes them about 1 ms and 5 ms (not added here: see
 * docs/ARCHITECTURE.md).
 */
export async function streamsClassifiedOutside(
  db: Queryable,
  kinds: readonly string[],
  visible: readonly Classification[],
): Promise<string[]> {
  const outside = CLASSIFICATIONS.filter((classification) => !visible.includes(classification));
  if (kinds.length === 0 || outside.length === 0) return [];
  const { rows } = await db.query<{ stream_id: string }>(
    `SELECT DISTINCT stream_id FROM events WHERE classification = ANY($1::text[]) AND case_kind = ANY($2::text[])`,
    [outside, kinds],
  );
  return rows.map((row) => row.stream_id);
}

/**
 * For each event, in order, the classification of its case as of that event: the highest among its
 * stream's events up to and including it. The events of one stream must come in stream order (as
 * every read of the store gives them). One query for what came before the first of each stream.
 */
export async function classificationsAsOf(
  db: Queryable,
  events: readonly { streamId: string; streamVersion: number; classification: Classification }[],
): Promise<Classification[]> {
  const first = new Map<string, number>();
  for (const event of events) if (!first.has(event.streamId)) first.set(event.streamId, event.streamVersion);
  const before = new Map<string, Classification>();
  if (first.size > 0) {
    const { rows } = await db.query<{ stream_id: string; rank: number }>(
      `SELECT b.stream_id, max(${RANK}) AS rank
         FROM unnest($1::text[], $2::int[]) AS b(stream_id, before)
         JOIN events e ON e.stream_id = b.stream_id AND e.stream_version < b.before
        GROUP BY b.stream_id`,
      [[...first.keys()], [...first.values()]],
    );
    for (const row of rows) before.set(row.stream_id, byRank(row.rank));
  }
  return events.map((event) => {
    const asOf = higher(before.get(event.streamId) ?? event.classification, event.classification);
    before.set(event.streamId, asOf);
    return asOf;
  });
}
