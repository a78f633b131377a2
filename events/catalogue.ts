// The catalogue: every event type of every case kind, and the checks and upcasting built on it.
import type { z } from 'zod';
import { flightEvents } from '../workflows/flight/events.ts';
import { operationEvents } from '../workflows/operation/events.ts';
import { suspectEvents } from '../workflows/suspect/events.ts';
import { victimEvents } from '../workflows/victim/events.ts';
import type { EventDefinition } from './define.ts';
import type { CaseKind } from './envelope.ts';
import { EventValidationError, UnknownEventTypeError } from './errors.ts';

const definitions: EventDefinition[] = [
  ...Object.values(victimEvents),
  ...Object.values(operationEvents),
  ...Object.values(flightEvents),
  ...Object.values(suspectEvents),
];

const byType = new Map<string, EventDefinition>(definitions.map((d) => [d.type, d]));
if (byType.size !== definitions.length) throw new Error('two event definitions share a type name');

export function allEventDefinitions(): readonly EventDefinition[] {
  return definitions;
}

export function eventDefinition(type: string): EventDefinition {
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
