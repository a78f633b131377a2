// Redaction for decoded Temporal payloads (workflow inputs, update arguments, activity inputs),
// which have no catalogue schema of their own: a field is personal when some event in the
// catalogue marks a field of that name. Commands copy their fields into events under the same
// names (personName, location, documentNumber …), so the marks reach them; a name marked with
// several categories is shown only to a viewer who may see all of them.
import type { z } from 'zod';
import { allEventDefinitions } from '../events/catalogue.ts';
import { type PersonalDataCategory, personalData } from '../events/personal-data.ts';
import { REDACTED } from './redact.ts';

type Schema = z.core.$ZodType;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

function marksOf(schema: Schema): PersonalDataCategory[] {
  const marks: PersonalDataCategory[] = [];
  let current: Schema | undefined = schema;
  while (current) {
    const mark = personalData.get(current);
    if (mark) marks.push(mark.category);
    current = WRAPPERS.has(current._zod.def.type) ? (current._zod.def as z.core.$ZodOptionalDef).innerType : undefined;
  }
  return marks;
}

function collect(schema: Schema, names: Map<string, Set<PersonalDataCategory>>): void {
  const def = schema._zod.def;
  if (WRAPPERS.has(def.type)) {
    collect((def as z.core.$ZodOptionalDef).innerType, names);
    return;
  }
  if (def.type === 'array') {
    collect((def as z.core.$ZodArrayDef).element, names);
    return;
  }
  if (def.type === 'union') {
    for (const option of (def as z.core.$ZodUnionDef).options) collect(option, names);
    return;
  }
  if (def.type !== 'object') return;
  for (const [key, field] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
    for (const category of marksOf(field)) {
      const categories = names.get(key) ?? new Set();
      categories.add(category);
      names.set(key, categories);
    }
    collect(field, names);
  }
}

/** Field name → the personal-data categories the catalogue marks it with. */
export const PERSONAL_FIELD_NAMES: ReadonlyMap<string, ReadonlySet<PersonalDataCategory>> = (() => {
  const names = new Map<string, Set<PersonalDataCategory>>();
  for (const definition of allEventDefinitions()) collect(definition.data, names);
  return names;
})();

/** The value with every personal field the viewer may not see replaced by REDACTED, at any depth. */
export function redactPersonalFields(value: unknown, visible: ReadonlySet<PersonalDataCategory>): unknown {
  if (Array.isArray(value)) return value.map((item) => redactPersonalFields(item, visible));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const categories = PERSONAL_FIELD_NAMES.get(key);
      const hidden = categories && item !== null && item !== undefined && [...categories].some((c) => !visible.has(c));
      return [key, hidden ? REDACTED : redactPersonalFields(item, visible)];
    }),
  );
}
