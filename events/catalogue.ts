// The catalogue: every event type of every case kind, and the checks and upcasting built on it.
import type { z } from 'zod';
import { CASE_KINDS, type CaseKind } from '../workflows/kinds.ts';
import type { EventDefinition } from './define.ts';
import { EventValidationError, UnknownEventTypeError } from './errors.ts';

/** An event type as the catalogue knows it: its definition, and the registered kind that records it. */
export type CataloguedEvent = EventDefinition & { kind: CaseKind };

const definitions: CataloguedEvent[] = CASE_KINDS.flatMap(({ kind, events }) =>
  Object.values(events).map((definition) => ({ ...definition, kind })),
);

const byType = new Map<string, CataloguedEvent>(definitions.map((d) => [d.type, d]));
if (byType.size !== definitions.length) throw new Error('two event definitions share a type name');

export function allEventDefinitions(): readonly CataloguedEvent[] {
  return definitions;
}

export function eventDefinition(type: string): CataloguedEvent {
  const definition = byType.get(type);
  if (!definition) throw new UnknownEventTypeError(type);
  return definition;
}

export function eventTypesOf(kind: CaseKind): string[] {
  return definitions.filter((d) => d.kind === kind).map((d) => d.type);
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: ['data', ...issue.path.map(String)].join('.'), message: issue.message }));
}

/** Checks data against the current version of its type; returns the parsed (stripped) data. */
export function validateEventData(type: string, data: unknown): Record<string, unknown> {
  const definition = eventDefinition(type);
  const result = definition.data.safeParse(data);
  if (!result.success) throw new EventValidationError(type, issuesOf(result.error));
  return result.data as Record<string, unknown>;
}

/** Lifts data stored at an older schema version to the type's current version. */
export function upcast(
  type: string,
  schemaVersion: number,
  data: Record<string, unknown>,
): { schemaVersion: number; data: Record<string, unknown> } {
  const definition = eventDefinition(type);
  if (schemaVersion > definition.version) {
    throw new EventValidationError(type, [
      { path: 'schemaVersion', message: `stored v${schemaVersion} is newer than this code's v${definition.version}` },
    ]);
  }
  let current = data;
  for (let v = schemaVersion; v < definition.version; v++) current = definition.upcasters[v]!(current);
  return { schemaVersion: definition.version, data: current };
}

/**
 * An event read back from anywhere (a row of the store, a message on a case topic) at its type's
 * current version: every reader goes through here, so a v1 event in the store or in Kafka reads as
 * v2 everywhere. A type this code does not know stays as it is (a rebuild with newer code reads it).
 */
export function atCurrentVersion<E extends { type: string; schemaVersion: number; data: Record<string, unknown> }>(event: E): E {
  if (!byType.has(event.type)) return event;
  const current = upcast(event.type, event.schemaVersion, event.data);
  return current.schemaVersion === event.schemaVersion ? event : { ...event, schemaVersion: current.schemaVersion, data: current.data };
}
