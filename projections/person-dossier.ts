// The `person-dossiers` projection: the personal data of the person each victim or suspect case is
// about, gathered from every event that carries some (their own case's events, and the raid events
// of the operation that found them). Which fields are personal comes from the marks in the event
// schemas, never from a list kept here. Each field keeps its latest fact, latest by
// (occurredAt, stream id, stream version): a total order, so the dossier is the same whichever topic
// a runner reads first, live or in a rebuild. Restricted: the API redacts each field by its
// category and classification before anyone sees it.
import type { z } from 'zod';
import { eventDefinition } from '../events/catalogue.ts';
import type { Classification, EventEnvelope } from '../events/envelope.ts';
import { type PersonalDataCategory, personalData } from '../events/personal-data.ts';
import type { Queryable } from '../eventstore/stored-events.ts';
import { kindOfStream } from './case-record.ts';
import type { Projection } from './projection.ts';

/** One personal field of a dossier, with where it came from. */
export interface DossierField {
  value: unknown;
  category: PersonalDataCategory;
  classification: Classification;
  eventType: string;
  streamId: string;
  streamVersion: number;
  /** The fact's occurredAt in UTC, so it sorts as text. */
  at: string;
}

type Schema = z.core.$ZodType;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** Every marked value in `value`, by dotted path; wrappers (optional, nullable …) may carry the mark. */
function collect(
  schema: Schema,
  value: unknown,
  path: string,
  into: Map<string, { value: unknown; category: PersonalDataCategory }>,
): void {
  if (value === undefined || value === null) return;
  const mark = personalData.get(schema);
  if (mark) {
    into.set(path, { value, category: mark.category });
    return;
  }
  const def = schema._zod.def;
  if (WRAPPERS.has(def.type)) collect((def as z.core.$ZodOptionalDef).innerType, value, path, into);
  else if (def.type === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, field] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
      collect(field, (value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, into);
    }
  }
}

/** The case a personal fact is about: the case the data names, else the victim or suspect stream itself. */
function personCaseOf(event: EventEnvelope): string | null {
  const named = event.data.caseId;
  for (const candidate of [named, event.streamId]) {
    if (typeof candidate === 'string' && (candidate.startsWith('victim-') || candidate.startsWith('suspect-'))) return candidate;
  }
  return null;
}

/** The personal fields an event carries about one person, or null when it carries none. */
export function personalFactsOf(event: EventEnvelope): { caseId: string; fields: Record<string, DossierField> } | null {
  let definition: ReturnType<typeof eventDefinition>;
  try {
    definition = eventDefinition(event.type);
  } catch {
    return null; // a type this code does not know yet: a rebuild with newer code picks it up
  }
  const marked = new Map<string, { value: unknown; category: PersonalDataCategory }>();
  collect(definition.data, event.data, '', marked);
  const caseId = personCaseOf(event);
  if (marked.size === 0 || caseId === null) return null;
  const at = new Date(event.occurredAt).toISOString();
  const fields: Record<string, DossierField> = {};
  for (const [path, { value, category }] of marked) {
    fields[path] = {
      value,
      category,
      classification: event.classification,
      eventType: event.type,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      at,
    };
  }
  return { caseId, fields };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** True when `a` is the later fact; the same order the merge in SQL uses (COLLATE "C"). */
export function isLater(a: DossierField, b: DossierField): boolean {
  return (byCodePoint(a.at, b.at) || byCodePoint(a.streamId, b.streamId) || a.streamVersion - b.streamVersion) > 0;
}

/** Per field, the later of two facts. */
export function mergeFields(into: Record<string, DossierField>, from: Record<string, DossierField>): Record<string, DossierField> {
  const merged = { ...into };
  for (const [path, field] of Object.entries(from)) {
    const known = merged[path];
    if (!known || isLater(field, known)) merged[path] = field;
  }
  return merged;
}

// One write per dossier row: the stored dossier merged with the batch's, field by field, latest fact
// first, and in the same statement the row's classification (the highest of its fields) and
// updated_at (its latest fact) derived from the merged fields. The merge reads d.fields inside the
// conflict's update, so it always sees the row as locked, whatever another writer committed.
const MERGED_FIELDS = `(
  SELECT jsonb_object_agg(path, field) FROM (
    SELECT DISTINCT ON (path) path, field
      FROM (SELECT key AS path, value AS field FROM jsonb_each(d.fields)
            UNION ALL
            SELECT key, value FROM jsonb_each(excluded.fields)) AS both_sides
     ORDER BY path, field->>'at' COLLATE "C" DESC, field->>'streamId' COLLATE "C" DESC, (field->>'streamVersion')::int DESC
  ) AS latest)`;
const HIGHEST_CLASSIFICATION = (fields: string) => `(
  SELECT field->>'classification' FROM jsonb_each(${fields}) AS f(path, field)
   ORDER BY array_position(ARRAY['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'], field->>'classification') DESC LIMIT 1)`;
const LATEST_FACT = (fields: string) => `(SELECT max((field->>'at')::timestamptz) FROM jsonb_each(${fields}) AS f(path, field))`;
const UPSERT = `
INSERT INTO person_dossiers AS d (case_id, kind, classification, fields, updated_at)
SELECT case_id, kind, ${HIGHEST_CLASSIFICATION('r.fields')}, fields, ${LATEST_FACT('r.fields')}
  FROM jsonb_to_recordset($1::jsonb) AS r(case_id text, kind text, fields jsonb)
ON CONFLICT (case_id) DO UPDATE SET (fields, classification, updated_at) = (
  SELECT m.fields, ${HIGHEST_CLASSIFICATION('m.fields')}, ${LATEST_FACT('m.fields')} FROM (SELECT ${MERGED_FIELDS} AS fields) AS m)`;

export const personDossiersProjection: Projection = {
  name: 'person-dossiers',
  kinds: ['victim', 'suspect', 'operation'],
  tables: ['person_dossiers'],
  async apply(tx: Queryable, events: readonly EventEnvelope[]) {
    const dossiers = new Map<string, Record<string, DossierField>>();
    for (const event of events) {
      const facts = personalFactsOf(event);
      if (facts) dossiers.set(facts.caseId, mergeFields(dossiers.get(facts.caseId) ?? {}, facts.fields));
    }
    if (dossiers.size === 0) return;
    const caseIds = [...dossiers.keys()].sort(byCodePoint);
    const rows = caseIds.map((caseId) => ({ case_id: caseId, kind: kindOfStream(caseId), fields: dossiers.get(caseId) }));
    await tx.query(UPSERT, [JSON.stringify(rows)]);
  },
};
