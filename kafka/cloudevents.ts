// A stored event as a Kafka message in CloudEvents binary mode: the attributes travel as ce_*
// headers (routers read them without parsing), the value is the JSON envelope; and back again, at
// the current schema version, for every consumer of the case topics.
import type { KafkaMessage, Message } from 'kafkajs';
import { atCurrentVersion } from '../events/catalogue.ts';
import { EventEnvelope } from '../events/envelope.ts';
import type { CaseKind } from '../workflows/kinds.ts';

/** A stored event's envelope and the kind of case it belongs to (its topic). */
export interface PublishedEvent {
  caseKind: CaseKind;
  event: EventEnvelope;
}

export function toKafkaMessage({ caseKind, event }: PublishedEvent): Message {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_source: `/taskforce/${caseKind}`,
      ce_type: event.type,
      ce_subject: event.streamId,
      ce_time: event.occurredAt,
      'content-type': 'application/json',
      'taskforce-stream-version': String(event.streamVersion),
      'taskforce-schema-version': String(event.schemaVersion),
      'taskforce-classification': event.classification,
    },
  };
}

/**
 * The envelope a case topic's message carries, lifted to its type's current schema version (a
 * message published by older code stays in the topic at the version it was written in), or null
 * when the message is not an event envelope.
 */
export function eventFromMessage(message: Pick<KafkaMessage, 'value'>): EventEnvelope | null {
  let parsed: ReturnType<typeof EventEnvelope.safeParse>;
  try {
    parsed = EventEnvelope.safeParse(JSON.parse(message.value?.toString() ?? ''));
  } catch {
    return null; // not JSON
  }
  return parsed.success ? atCurrentVersion(parsed.data) : null;
}
