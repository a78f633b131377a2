// A stored event as a Kafka message in CloudEvents binary mode: the attributes travel as ce_*
// headers (routers read them without parsing), the value is the JSON envelope; and back again, at
// the current schema version, for every consumer of the case topics. A traced event carries its
// trace as `ce_traceparent` (the CloudEvents distributed-tracing extension in binary mode).
import type { KafkaMessage, Message } from 'kafkajs';
import { atCurrentVersion } from '../events/catalogue.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { CaseKind } from '../workflows/kinds.ts';

/** A stored event's envelope and the kind of case it belongs to (its topic). */
export interface PublishedEvent {
  caseKind: CaseKind;
  event: EventEnvelope;
  /** The W3C traceparent the message continues, when the event was traced. */
  traceparent?: string | undefined;
}

export function toKafkaMessage({ caseKind, event, traceparent }: PublishedEvent): Message {
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
      ...(traceparent ? { ce_traceparent: traceparent } : {}),
    },
  };
}

/** The trace a message continues (its `ce_traceparent` header), when it has one. */
export function traceparentOfMessage(message: Pick<KafkaMessage, 'headers'>): string | undefined {
  const header = message.headers?.ce_traceparent;
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : value.toString();
}

/**
 * The envelope a case topic's message carries, lifted to its type's current schema version (a
 * message published by older code stays in the topic at the version it was written in), or null
 * when the message is not an event envelope.
 */
/**
 * The fields the consumers key on. No schema parse here: only the relay may write to the case
 * topics (kafka/acls.ts), and what it publishes are rows the store validated against EventEnvelope
 * and the event's schema when they were appended; checking them again on every message cost the
 * projection more than its SQL. What is not even shaped like an envelope (not ours) is refused.
 */
function isEnvelopeShaped(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const { eventId, type, streamId, streamVersion, schemaVersion, occurredAt, classification, data } = value as Record<string, unknown>;
  return (
    typeof eventId === 'string' &&
    typeof type === 'string' &&
    typeof streamId === 'string' &&
    Number.isInteger(streamVersion) &&
    Number.isInteger(schemaVersion) &&
    typeof occurredAt === 'string' &&
    typeof classification === 'string' &&
    typeof data === 'object' &&
    data !== null
  );
}

export function eventFromMessage(message: Pick<KafkaMessage, 'value'>): EventEnvelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value?.toString() ?? '');
  } catch {
    return null; // not JSON
  }
  return isEnvelopeShaped(parsed) ? atCurrentVersion(parsed) : null;
}
