// A stored event as a Kafka message in CloudEvents binary mode: the attributes travel as ce_*
// headers (routers read them without parsing), the value is the JSON envelope.
import type { Message } from 'kafkajs';
import type { EventEnvelope } from '../events/envelope.ts';
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
