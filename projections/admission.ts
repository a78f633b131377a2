// Which delivered events a projection applies. The relay publishes at least once, so the same
// (stream, version) can arrive twice; Kafka keeps each stream in order on its partition, so a
// stream's next event is always last applied + 1. Pure: the runner feeds it the high-water marks.
import type { EventEnvelope } from '../events/envelope.ts';

/** A stream skipped versions: something upstream lost or reordered events. Never guessed around. */
export interface StreamGap {
  streamId: string;
  expectedVersion: number;
  deliveredVersion: number;
}

export interface Admission {
  /** Events to apply, in delivery order (each stream's in stream order). */
  apply: EventEnvelope[];
  duplicates: number;
  gaps: StreamGap[];
  /** The new high-water mark of every stream that advanced. */
  advanced: Map<string, number>;
}

/**
 * Applies an event only when its stream version is the stream's last applied version + 1: at or
 * below is a duplicate, above is a gap. An event after a gap is not applied either, so the stream's
 * read model stays at its last consistent version until the gap is investigated and rebuilt.
 */
export function admit(delivered: readonly EventEnvelope[], lastApplied: ReadonlyMap<string, number>): Admission {
  const marks = new Map<string, number>();
  const admission: Admission = { apply: [], duplicates: 0, gaps: [], advanced: marks };
  for (const event of delivered) {
    const last = marks.get(event.streamId) ?? lastApplied.get(event.streamId) ?? 0;
    if (event.streamVersion <= last) admission.duplicates++;
    else if (event.streamVersion > last + 1) {
      admission.gaps.push({ streamId: event.streamId, expectedVersion: last + 1, deliveredVersion: event.streamVersion });
    } else {
      admission.apply.push(event);
      marks.set(event.streamId, event.streamVersion);
    }
  }
  return admission;
}
