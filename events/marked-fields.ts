// The one walk over a value guided by its zod schema that finds the fields marked with pii():
// redaction (access/redact.ts) and sealing for erasure (privacy/personal-fields.ts) both follow
// it, so what is hidden from a caller and what is sealed can never disagree about where the
// personal values are.
import type { z } from 'zod';
import { type PersonalDataMark, personalData } from './personal-data.ts';

type Schema = z.core.$ZodType;

export interface MarkedFieldVisitor {
  /** What a marked value becomes; `descend` walks into it for marks further down. */
  marked(value: unknown, mark: PersonalDataMark, descend: () => unknown): unknown;
  /**
   * Drop object keys (and tuple items) the schema does not declare: nothing can say whether they
   * are personal. Off, they are kept as they are.
   */
  dropUndeclared: boolean;
  /** A tuple item beyond the schema's items when undeclared values are dropped. */
  undeclaredItem?: unknown;
  /** Values left exactly as they are (e.g. an already sealed value). */
  skip?(value: unknown): boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value` with every value the schema marks as personal passed through `visitor.marked`. Absent
 * and null values stay. Where the schema cannot say which branch a value took (unions,
 * intersections), every branch's marks apply. The input is not modified.
 */
export function mapMarkedFields(schema: Schema, value: unknown, visitor: MarkedFieldVisitor): unknown {
  if (value === undefined || value === null || visitor.skip?.(value)) return value;
  const mark = personalData.get(schema);
  if (mark) return visitor.marked(value, mark, () => walk(schema, value, visitor));
  return walk(schema, value, visitor);
}

/** The schema a wrapper (optional, nullable, default, readonly, catch, lazy, …) stands for; undefined for any other schema. */
function wrappedSchema(schema: Schema): Schema | undefined {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return (def as z.core.$ZodOptionalDef).innerType;
    case 'lazy':
      return (def as z.core.$ZodLazyDef).getter();
    default:
      return undefined;
  }
}

/**
 * Whether any mark that `test` accepts sits anywhere in the schema, whatever value it would
 * describe: a walk over the schema alone, so a caller can compute it once per schema and skip the
 * walk over every value of a schema that marks nothing.
 */
export function schemaHasMark(schema: Schema, test: (mark: PersonalDataMark) => boolean, seen = new Set<Schema>()): boolean {
  if (seen.has(schema)) return false;
  seen.add(schema);
  const mark = personalData.get(schema);
  if (mark && test(mark)) return true;
  const def = schema._zod.def;
  const inner = (child: Schema | undefined) => child !== undefined && schemaHasMark(child, test, seen);
  const wrapped = wrappedSchema(schema);
  if (wrapped) return inner(wrapped);
  switch (def.type) {
    case 'pipe':
      return inner((def as z.core.$ZodPipeDef).in) || inner((def as z.core.$ZodPipeDef).out);
    case 'object': {
      const object = def as z.core.$ZodObjectDef;
      return Object.values(object.shape).some(inner) || inner(object.catchall);
    }
    case 'array':
      return inner((def as z.core.$ZodArrayDef).element);
    case 'tuple': {
      const tuple = def as z.core.$ZodTupleDef;
      return tuple.items.some(inner) || inner(tuple.rest ?? undefined);
    }
    case 'record':
      return inner((def as z.core.$ZodRecordDef).valueType);
    case 'union':
      return (def as z.core.$ZodUnionDef).options.some(inner);
    case 'intersection':
      return inner((def as z.core.$ZodIntersectionDef).left) || inner((def as z.core.$ZodIntersectionDef).right);
    default:
      return false;
  }
}

function walk(schema: Schema, value: unknown, visitor: MarkedFieldVisitor): unknown {
  const def = schema._zod.def;
  const wrapped = wrappedSchema(schema);
  if (wrapped) return mapMarkedFields(wrapped, value, visitor);
  switch (def.type) {
    case 'pipe': {
      const pipe = def as z.core.$ZodPipeDef;
      return mapMarkedFields(pipe.out, mapMarkedFields(pipe.in, value, visitor), visitor);
    }
    case 'object':
      return isPlainObject(value) ? walkObject(def as z.core.$ZodObjectDef, value, visitor) : value;
    case 'array':
      return Array.isArray(value) ? value.map((item) => mapMarkedFields((def as z.core.$ZodArrayDef).element, item, visitor)) : value;
    case 'tuple': {
      const tuple = def as z.core.$ZodTupleDef;
      if (!Array.isArray(value)) return value;
      return value.map((item, i) => {
        const itemSchema = tuple.items[i] ?? tuple.rest;
        if (itemSchema) return mapMarkedFields(itemSchema, item, visitor);
        return visitor.dropUndeclared ? visitor.undeclaredItem : item;
      });
    }
    case 'record': {
      const record = def as z.core.$ZodRecordDef;
      if (!isPlainObject(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapMarkedFields(record.valueType, item, visitor)]));
    }
    case 'union': {
      const options = (def as z.core.$ZodUnionDef).options;
      return keepDeclared(
        options,
        options.reduce<unknown>((current, option) => walkLoose(option, current, visitor), value),
        visitor,
      );
    }
    case 'intersection': {
      const both = def as z.core.$ZodIntersectionDef;
      return keepDeclared([both.left, both.right], walkLoose(both.right, walkLoose(both.left, value, visitor), visitor), visitor);
    }
    default:
      return value;
  }
}

function walkObject(def: z.core.$ZodObjectDef, value: Record<string, unknown>, visitor: MarkedFieldVisitor): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const fieldSchema = def.shape[key] ?? def.catchall;
    if (!fieldSchema || fieldSchema._zod.def.type === 'never') {
      if (!visitor.dropUndeclared) result[key] = item;
      continue;
    }
    result[key] = mapMarkedFields(fieldSchema, item, visitor);
  }
  return result;
}

/**
 * Like mapMarkedFields, but when undeclared keys are dropped it keeps the ones this schema does not
 * declare: another option or side may declare them (keepDeclared drops the rest afterwards).
 */
function walkLoose(schema: Schema, value: unknown, visitor: MarkedFieldVisitor): unknown {
  const walked = mapMarkedFields(schema, value, visitor);
  return visitor.dropUndeclared && isPlainObject(value) && isPlainObject(walked) ? { ...value, ...walked } : walked;
}

/** After walking every option or side loosely, drops the keys none of them declares (when asked to). */
function keepDeclared(schemas: readonly Schema[], walked: unknown, visitor: MarkedFieldVisitor): unknown {
  if (!visitor.dropUndeclared) return walked;
  const declared = declaredKeys(schemas);
  return declared && isPlainObject(walked) ? Object.fromEntries(Object.entries(walked).filter(([key]) => declared.has(key))) : walked;
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
