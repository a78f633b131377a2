// Where the personal values of an event are, and whose they are. Sealing follows the pii() marks of
// the catalogue's schemas (no list of field names exists), the way redaction does; opening needs no
// schema, since a sealed value says what it is wherever it sits (an upcaster may have moved it).
import type { z } from 'zod';
import { mapMarkedFields, schemaHasMark } from '../events/marked-fields.ts';
import { isSealed, type SealedValue } from './sealed-value.ts';

type Schema = z.core.$ZodType;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The person an event's personal values are about, when they are sealed: the victim case the data
 * names, else the victim stream itself (the same attribution as the person-dossiers projection).
 * Null for everyone else: only victim cases can be erased, so only their data is sealed.
 */
export function dataSubjectOf(streamId: string, data: Record<string, unknown>): string | null {
  const person = [data.caseId, streamId].find(
    (candidate): candidate is string =>
      typeof candidate === 'string' && (candidate.startsWith('victim-') || candidate.startsWith('suspect-')),
  );
  return person?.startsWith('victim-') ? person : null;
}

/**
 * `value` with every value the schema marks as sealed personal data replaced by `replace(value)`. Absent and
 * null values stay; an already sealed value is never sealed again; keys the schema does not
 * declare are kept. Where the schema cannot say which branch a value took (unions,
 * intersections), every branch's marks apply.
 */
export function mapPersonalFields(schema: Schema, value: unknown, replace: (value: unknown) => unknown): unknown {
  return mapMarkedFields(schema, value, {
    // A counted category stays unsealed (events/personal-data.ts); marks below it still apply.
    marked: (marked, mark, descend) => (mark.sealed ? replace(marked) : descend()),
    dropUndeclared: false,
    skip: isSealed,
  });
}

const sealsSomething = new WeakMap<Schema, boolean>();

/**
 * Whether mapPersonalFields can replace anything in a value of this schema: false for a schema with
 * no sealed mark, so most events skip the walk over their data. Computed once per schema.
 */
export function schemaSealsPersonalData(schema: Schema): boolean {
  let answer = sealsSomething.get(schema);
  if (answer === undefined) {
    answer = schemaHasMark(schema, (mark) => mark.sealed);
    sealsSomething.set(schema, answer);
  }
  return answer;
}

/** Every sealed value anywhere inside `value`, depth first. */
export function sealedValuesIn(value: unknown, into: SealedValue[] = []): SealedValue[] {
  if (isSealed(value)) into.push(value);
  else if (Array.isArray(value)) for (const item of value) sealedValuesIn(item, into);
  else if (isPlainObject(value)) for (const item of Object.values(value)) sealedValuesIn(item, into);
  return into;
}

/** `value` with every sealed value inside it replaced by `open(sealed)`; the input is not modified. */
export function mapSealedValues(value: unknown, open: (sealed: SealedValue) => unknown): unknown {
  if (isSealed(value)) return open(value);
  if (Array.isArray(value)) return value.map((item) => mapSealedValues(item, open));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapSealedValues(item, open)]));
  return value;
}
