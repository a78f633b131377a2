// Events read from the store for a stream of them, each with its case's classification as of that
// event (the highest among its stream's events up to it): a reader sees an event only when it may
// see its case as it then stood, so a case that became secret early (an intelligence
// identification) never shows, and what a case showed before it became more secret stays shown.
// Decided as of the event, not as of the read, so every read and every replay of the store shows
// the same events to the same reader.
import type { Classification } from '../events/envelope.ts';
import type { EventStore } from '../eventstore/event-store.ts';
import type { Queryable, StoredEvent, StorePosition } from '../eventstore/stored-events.ts';
import { classificationsAsOf } from '../eventstore/stream-classification.ts';

export interface ClassifiedEvent extends StoredEvent {
  /** The case's classification as of this event. */
  caseClassification: Classification;
}

/** Where streams read events: the store's settled read, each event with its case's classification. */
export interface ClassifiedReader {
  readAll(after: StorePosition, limit: number): Promise<ClassifiedEvent[]>;
}

export function classifiedReader(db: Queryable, store: Pick<EventStore, 'readAll'>): ClassifiedReader {
  return {
    async readAll(after, limit) {
      const stored = await store.readAll(after, limit);
      const classifications = await classificationsAsOf(
        db,
        stored.map(({ event }) => event),
      );
      return stored.map((s, i) => ({ ...s, caseClassification: classifications[i]! }));
    },
  };
}
