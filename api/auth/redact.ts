// Redaction derived from the catalogue's schemas: a field marked in the `personalData` registry
// whose category the caller may not see is replaced by "[REDACTED]". No list of field names
// exists anywhere, so a new event type is redacted correctly the day it is declared.
import type { z } from 'zod';
import { eventDefinition } from '../../events/catalogue.ts';
import type { EventEnvelope } from '../../events/envelope.ts';
import { type PersonalDataCategory, personalData } from '../../events/personal-data.ts';
import type { Caller } from './caller.ts';
import { visibleCategories } from './policy.ts';

export const REDACTED = '[REDACTED]';

type Schema = z.core.$ZodType;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value with every personal field the caller may not see replaced by REDACTED. Keys the schema
 * does not declare are dropped (the catalogue cannot say whether they are personal), unless the
 * object schema has a catchall, which then applies to them. Absent and null values stay as they are.
 * The input is not modified.
 */
export function redact<T>(schema: Schema, value: T, visible: ReadonlySet<PersonalDataCategory>): T {
  return walk(schema, value, visible) as T;
}

function walk(schema: Schema, value: unknown, visible: ReadonlySet<PersonalDataCategory>): unknown {
  if (value === undefined || value === null) return value;
  const mark = personalData.get(schema);
  if (mark && !visible.has(mark.category)) return REDACTED;
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return walk((def as z.core.$ZodOptionalDef).innerType, value, visible);
    case 'lazy':
      return walk((def as z.core.$ZodLazyDef).getter(), value, visible);
    case 'pipe': {
      const pipe = def as z.core.$ZodPipeDef;
      return walk(pipe.out, walk(pipe.in, value, visible), visible);
    }
    case 'object':
      return isPlainObject(value) ? walkObject(def as z.core.$ZodObjectDef, value, visible) : value;
    case 'array':
      return Array.isArray(value) ? value.map((item) => walk((def as z.core.$ZodArrayDef).element, item, visible)) : value;
    case 'tuple': {
      const tuple = def as z.core.$ZodTupleDef;
      if (!Array.isArray(value)) return value;
      return value.map((item, i) => {
        const itemSchema = tuple.items[i] ?? tuple.rest;
        return itemSchema ? walk(itemSchema, item, visible) : REDACTED;
      });
    }
    case 'record': {
      const record = def as z.core.$ZodRecordDef;
      if (!isPlainObject(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(record.valueType, item, visible)]));
    }
    case 'union': {
      // Which option a value matched is not known, so every option's marks apply (over-redacting
      // is safe); keys no option declares are then dropped, as for a single object.
      const options = (def as z.core.$ZodUnionDef).options;
      const walked = options.reduce<unknown>((current, option) => walkLoose(option, current, visible), value);
      const declared = declaredKeys(options);
      return declared && isPlainObject(walked) ? Object.fromEntries(Object.entries(walked).filter(([key]) => declared.has(key))) : walked;
    }
    case 'intersection': {
      const both = def as z.core.$ZodIntersectionDef;
      const walked = walkLoose(both.right, walkLoose(both.left, value, visible), visible);
      const declared = declaredKeys([both.left, both.right]);
      return declared && isPlainObject(walked) ? Object.fromEntries(Object.entries(walked).filter(([key]) => declared.has(key))) : walked;
    }
    default:
      return value;
  }
}

/** Like walk, but keeps the keys this schema does not declare: another option or side may declare them. */
function walkLoose(schema: Schema, value: unknown, visible: ReadonlySet<PersonalDataCategory>): unknown {
  const walked = walk(schema, value, visible);
  return isPlainObject(value) && isPlainObject(walked) ? { ...value, ...walked } : walked;
}

/** The keys a set of object schemas declares, or undefined when one is not a closed object. */
function declaredKeys(schemas: readonly Schema[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const schema of schemas) {
    let inner = schema;
    while (['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(inner._zod.def.type)) {
      inner = (inner._zod.def as z.core.$ZodOptionalDef).innerType;
    }
    if (inner._zod.def.type !== 'object') return undefined;
    const def = inner._zod.def as z.core.$ZodObjectDef;
    if (def.catchall && def.catchall._zod.def.type !== 'never') return undefined;
    for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return keys;
}

function walkObject(def: z.core.$ZodObjectDef, value: Record<string, unknown>, visible: ReadonlySet<PersonalDataCategory>) {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const fieldSchema = def.shape[key] ?? def.catchall;
    if (!fieldSchema || fieldSchema._zod.def.type === 'never') continue;
    result[key] = walk(fieldSchema, item, visible);
  }
  return result;
}

/** An event from the store as this caller may see it: its data redacted by its catalogue schema. */
export function redactEvent<E extends Pick<EventEnvelope, 'type' | 'data'>>(event: E, caller: Caller, context: { assigned: boolean }): E {
  const definition = eventDefinition(event.type);
  return { ...event, data: redact(definition.data, event.data, visibleCategories(caller, definition.kind, context)) };
}
