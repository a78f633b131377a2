// Redaction derived from the catalogue's schemas: a field marked in the `personalData` registry
// whose category the caller may not see is replaced by "[REDACTED]". No list of field names
// exists anywhere, so a new event type is redacted correctly the day it is declared.
import type { z } from 'zod';
import { eventDefinition } from '../events/catalogue.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { mapMarkedFields } from '../events/marked-fields.ts';
import type { PersonalDataCategory } from '../events/personal-data.ts';
import { CASE_KIND_SPECS, type CaseKind } from '../workflows/kinds.ts';
import type { Caller } from './caller.ts';
import { visibleCategories } from './need-to-know.ts';

export const REDACTED = '[REDACTED]';

type Schema = z.core.$ZodType;

/**
 * The value with every personal field the caller may not see replaced by REDACTED. Keys the schema
 * does not declare are dropped (the catalogue cannot say whether they are personal), unless the
 * object schema has a catchall, which then applies to them. Absent and null values stay as they are.
 * The input is not modified.
 */
export function redact<T>(schema: Schema, value: T, visible: ReadonlySet<PersonalDataCategory>): T {
  return mapMarkedFields(schema, value, {
    marked: (_value, mark, descend) => (visible.has(mark.category) ? descend() : REDACTED),
    dropUndeclared: true,
    undeclaredItem: REDACTED,
  }) as T;
}

/** An event from the store as this caller may see it: its data redacted by its catalogue schema. */
export function redactEvent<E extends Pick<EventEnvelope, 'type' | 'data'>>(event: E, caller: Caller, context: { assigned: boolean }): E {
  const definition = eventDefinition(event.type);
  return { ...event, data: redact(definition.data, event.data, visibleCategories(caller, definition.kind, context)) };
}

/**
 * A case's live state as this caller may see it, by the marks of its kind's state schema
 * (workflows/<kind>/access.ts): keys the schema does not declare are dropped.
 */
export function redactState(state: Record<string, unknown>, caller: Caller, kind: CaseKind): Record<string, unknown> {
  return redact(CASE_KIND_SPECS[kind].access.stateSchema, state, visibleCategories(caller, kind, { assigned: false }));
}
