// What one reader may see of one event: the one policy's decisions and redaction (access/), applied
// the same way by the SSE stream and the agency router, so a stream can never show more than a
// case route would. One source of rules: this file decides nothing itself.

import type { Caller } from '../access/caller.ts';
import { maySeeRecord } from '../access/policy.ts';
import { redactEvent } from '../access/redact.ts';
import { eventDefinition } from '../events/catalogue.ts';
import type { Classification, EventEnvelope } from '../events/envelope.ts';

/**
 * The event as `reader` may see it (personal fields it may not see read "[REDACTED]"), or undefined
 * when the reader may not see it at all: a case kind its agency has no access to, or a case (as of
 * this event: `caseClassification`, classified-events.ts) or an event above its clearance or SECRET
 * material of another agency. Streams know no case assignment, so the assignment-only categories (a
 * victim's location for the police) stay redacted. The case kind comes from the catalogue: an
 * unknown type throws rather than pass unredacted.
 */
export function eventAsSeenBy(reader: Caller, event: EventEnvelope, caseClassification: Classification): EventEnvelope | undefined {
  const { kind } = eventDefinition(event.type);
  for (const classification of [event.classification, caseClassification]) {
    if (!maySeeRecord(reader, { kind, classification })) return undefined;
  }
  return redactEvent(event, reader, { assigned: false });
}
