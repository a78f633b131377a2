// The one place where an event read back from the store becomes a case kind's typed event, so the
// read side (projections, the erasure check) folds it with the same evolve the workflow runs.
import type { EventDefinition, EventOf } from '../../events/define.ts';
import type { RecordedFact } from './rules.ts';

/** An event as the store hands it back (an envelope, or a row of the events table). */
export interface StoredFact {
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

/**
 * `stored` as an event of `catalogue` (one kind's events, e.g. `victimEvents`). Only the type is
 * checked here, and that is enough: the store validated the data against that type's schema when it
 * was appended and kept only the declared fields, so once upcast to the type's current version (as
 * eventstore/stored-events.ts reads it) the data is what the schema outputs. The store also keeps
 * each kind's events in that kind's streams: a type from another catalogue means the caller is
 * folding the wrong stream.
 */
export function factOf<Catalogue extends Record<string, EventDefinition>>(
  catalogue: Catalogue,
  stored: StoredFact,
): RecordedFact<EventOf<Catalogue>> {
  if (catalogue[stored.type]?.type !== stored.type) throw new Error(`${stored.type} is not an event of this case kind`);
  return stored as RecordedFact<EventOf<Catalogue>>;
}
