// Everything an append checks before it writes: the envelope, the data against the catalogue, the
// classification floor and the stream's case kind. A batch with one bad event writes nothing.
import { z } from 'zod';
import { eventDefinition, validateEventData } from '../events/catalogue.ts';
import { Classification, classificationRank, EventEnvelope, type NewEvent } from '../events/envelope.ts';
import { EventValidationError } from '../events/errors.ts';
import type { CaseKind } from '../workflows/kinds.ts';

/** One event as it will be inserted: validated, defaults applied, data stripped to its schema. */
export interface EventRow {
  eventId: string;
  caseKind: CaseKind;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  actor: NewEvent['actor'];
  classification: Classification;
  correlationId: string;
  causationId: string | null;
  data: Record<string, unknown>;
}

const NewEventFields = EventEnvelope.pick({
  eventId: true,
  streamId: true,
  occurredAt: true,
  actor: true,
  correlationId: true,
  causationId: true,
}).extend({
  schemaVersion: z.number().int().min(1).optional(),
  classification: Classification.optional(),
});

type Issue = { path: string; message: string };

function envelopeIssues(streamId: string, event: NewEvent): Issue[] {
  const parsed = NewEventFields.safeParse(event);
  const issues: Issue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  if (event.streamId !== streamId)
    issues.push({ path: 'streamId', message: `the event names stream ${event.streamId}, the append ${streamId}` });
  return issues;
}

function dataIssues(event: NewEvent): { data?: Record<string, unknown>; issues: Issue[] } {
  try {
    return { data: validateEventData(event.type, event.data), issues: [] };
  } catch (error) {
    if (error instanceof EventValidationError) return { issues: error.issues };
    throw error;
  }
}

function prepare(streamId: string, event: NewEvent): EventRow {
  const definition = eventDefinition(event.type);
  const issues = envelopeIssues(streamId, event);
  const { data, issues: invalidData } = dataIssues(event);
  issues.push(...invalidData);
  if (!streamId.startsWith(`${definition.kind}-`)) {
    issues.push({ path: 'streamId', message: `a ${definition.kind} event belongs in a "${definition.kind}-…" stream` });
  }
  if (event.schemaVersion !== undefined && event.schemaVersion !== definition.version) {
    issues.push({ path: 'schemaVersion', message: `new events are written at the current v${definition.version}` });
  }
  const classification = event.classification ?? definition.classification;
  if (classificationRank(classification) < classificationRank(definition.classification)) {
    issues.push({
      path: 'classification',
      message: `${event.type} is at least ${definition.classification}; a writer may raise it, never lower it`,
    });
  }
  if (issues.length > 0 || data === undefined) throw new EventValidationError(event.type, issues);
  return {
    eventId: event.eventId,
    caseKind: definition.kind,
    type: event.type,
    schemaVersion: definition.version,
    occurredAt: event.occurredAt,
    actor: event.actor,
    classification,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data,
  };
}

/** Validates a whole batch for one stream; throws EventValidationError naming the field of the first bad event. */
export function prepareEvents(streamId: string, expectedVersion: number, events: readonly NewEvent[]): EventRow[] {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be an integer ≥ 0 (0 for a new stream), got ${expectedVersion}`);
  }
  if (events.length === 0) throw new RangeError(`append to ${streamId} has no events`);
  const rows = events.map((event) => prepare(streamId, event));
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.eventId))
      throw new EventValidationError(row.type, [{ path: 'eventId', message: `${row.eventId} appears twice in the batch` }]);
    seen.add(row.eventId);
  }
  return rows;
}
