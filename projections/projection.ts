// What a projection is: a name, the case kinds whose topics it reads, the read-model tables it owns,
// and how it folds a batch of events into them inside the runner's transaction.
//
// `apply` takes a batch rather than one envelope: a read model written with a few set-based
// statements per batch keeps up with a raid-day burst and rebuilds 10^7 events in minutes, where a
// round trip per event would cap it at a few thousand events a second.
import type { EventEnvelope } from '../events/envelope.ts';
import type { Queryable } from '../eventstore/stored-events.ts';
import type { CaseKind } from '../workflows/kinds.ts';

export interface Projection {
  /** Names the consumer group, the bookkeeping tables and the CLI argument, e.g. `cases`. */
  readonly name: string;
  /** The case kinds whose topics (`<prefix>.<kind>.events`) it consumes. */
  readonly kinds: readonly CaseKind[];
  /** The read-model tables it writes; a rebuild recreates and swaps these with its bookkeeping tables. */
  readonly tables: readonly string[];
  /**
   * Applies events the projection has not applied before, each stream's in stream order, inside the
   * transaction that also records the consumed offsets. Pure apart from `tx`: the same events give
   * the same rows, so a rebuild equals the live read model row for row.
   */
  apply(tx: Queryable, events: readonly EventEnvelope[]): Promise<void>;
}

/** The runner's own tables for a projection: consumed offsets and per-stream high-water marks. */
export interface BookkeepingTables {
  offsets: string;
  streamVersions: string;
}

export function bookkeepingTables(projectionName: string): BookkeepingTables {
  const stem = `projection_${projectionName.replaceAll('-', '_')}`;
  return { offsets: `${stem}_offsets`, streamVersions: `${stem}_stream_versions` };
}

/**
 * Every table a projection owns: what a rebuild copies and swaps in one transaction. The offsets
 * table comes first, the order in which a runner's batch takes its locks, so the swap's exclusive
 * locks queue behind a batch in flight instead of deadlocking with it.
 */
export function ownedTables(projection: Projection): string[] {
  const { offsets, streamVersions } = bookkeepingTables(projection.name);
  return [offsets, streamVersions, ...projection.tables];
}
