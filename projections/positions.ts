// A projection's positions, kept in PostgreSQL beside its read model and written in the same
// transaction: the next Kafka offset to apply per partition, and the last stream version applied
// per stream. They are tables of the projection, so a rebuild swaps them in with the read model.
import type { Queryable } from '../eventstore/stored-events.ts';
import { type BookkeepingTables, bookkeepingTables } from './projection.ts';

/** No offset applied yet on a partition: the runner takes the batch where Kafka starts it. */
export const NOTHING_APPLIED = -1n;

export interface PartitionPosition {
  topic: string;
  partition: number;
  nextOffset: bigint;
  updatedAt: Date;
}

export class Positions {
  private readonly tables: BookkeepingTables;

  constructor(projectionName: string) {
    this.tables = bookkeepingTables(projectionName);
  }

  /**
   * Locks the partition's row for the rest of the transaction (creating it when new) and returns
   * the next offset to apply. A second runner on the same partition (a rebalance) waits here, then
   * sees what the first applied.
   */
  async lockPartition(tx: Queryable, topic: string, partition: number): Promise<bigint> {
    const { rows } = await tx.query<{ next_offset: string }>(
      `INSERT INTO ${this.tables.offsets} AS o (topic, partition, next_offset) VALUES ($1, $2, $3)
       ON CONFLICT (topic, partition) DO UPDATE SET next_offset = o.next_offset
       RETURNING next_offset`,
      [topic, partition, NOTHING_APPLIED.toString()],
    );
    return BigInt(rows[0]!.next_offset);
  }

  async advance(tx: Queryable, topic: string, partition: number, nextOffset: bigint): Promise<void> {
    await tx.query(`UPDATE ${this.tables.offsets} SET next_offset = $3, updated_at = now() WHERE topic = $1 AND partition = $2`, [
      topic,
      partition,
      nextOffset.toString(),
    ]);
  }

  /** Records positions without a batch: a rebuild notes where every partition stood when it caught up. */
  async record(tx: Queryable, positions: readonly { topic: string; partition: number; nextOffset: bigint }[]): Promise<void> {
    if (positions.length === 0) return;
    await tx.query(
      `INSERT INTO ${this.tables.offsets} AS o (topic, partition, next_offset)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
       ON CONFLICT (topic, partition) DO UPDATE SET next_offset = greatest(o.next_offset, excluded.next_offset), updated_at = now()`,
      [positions.map((p) => p.topic), positions.map((p) => p.partition), positions.map((p) => p.nextOffset.toString())],
    );
  }

  async all(db: Queryable): Promise<PartitionPosition[]> {
    const { rows } = await db.query<{ topic: string; partition: number; next_offset: string; updated_at: Date }>(
      `SELECT topic, partition, next_offset, updated_at FROM ${this.tables.offsets} ORDER BY topic, partition`,
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: BigInt(r.next_offset), updatedAt: r.updated_at }));
  }

  async streamVersions(tx: Queryable, streamIds: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ stream_id: string; stream_version: number }>(
      `SELECT stream_id, stream_version FROM ${this.tables.streamVersions} WHERE stream_id = ANY($1::text[])`,
      [streamIds],
    );
    return new Map(rows.map((r) => [r.stream_id, r.stream_version]));
  }

  async saveStreamVersions(tx: Queryable, versions: ReadonlyMap<string, number>): Promise<void> {
    if (versions.size === 0) return;
    const sorted = [...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await tx.query(
      `INSERT INTO ${this.tables.streamVersions} AS v (stream_id, stream_version)
       SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (stream_id) DO UPDATE SET stream_version = excluded.stream_version`,
      [sorted.map(([id]) => id), sorted.map(([, version]) => version)],
    );
  }
}
