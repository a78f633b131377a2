// Queries over `person_dossiers`: the personal data gathered about the person a victim or suspect
// case is about. The view groups the facts by personal-data category, and each category's value is
// marked with pii() in the view's own schema, so access/redact.ts redacts a dossier from those
// marks exactly as it redacts events. Facts above the caller's clearance are left out first.
import { z } from 'zod';
import { Classification, classificationRank } from '../../events/envelope.ts';
import { PersonalDataCategory, pii } from '../../events/personal-data.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import type { CaseKind } from '../../workflows/kinds.ts';
import { Instant, iso } from './fields.ts';
import { queryReadModel } from './sql.ts';

function factOf(category: PersonalDataCategory) {
  return z.object({
    field: z.string().describe('where the value sat in the event data, e.g. personName or contact.phone'),
    value: pii(z.unknown(), category).describe(`the latest ${category} value recorded in this field`),
    classification: Classification.describe('the classification of the event that recorded it'),
    source: z.object({ eventType: z.string(), streamId: z.string(), streamVersion: z.number().int() }),
    at: Instant.describe('when the fact happened'),
  });
}
type Fact = z.infer<ReturnType<typeof factOf>>;

const factsShape = Object.fromEntries(PersonalDataCategory.options.map((category) => [category, z.array(factOf(category))])) as {
  [C in PersonalDataCategory]: z.ZodArray<ReturnType<typeof factOf>>;
};

export const PersonDossier = z.object({
  caseId: z.string(),
  kind: z.enum(['victim', 'suspect']),
  classification: Classification.describe('the highest classification among the facts shown'),
  updatedAt: Instant.nullable().describe('when the latest fact shown happened'),
  facts: z.object(factsShape).describe('the facts by personal-data category; a value the caller may not see reads "[REDACTED]"'),
});
export type PersonDossier = z.infer<typeof PersonDossier>;

/** One stored field of a dossier (projections/person-dossier.ts writes them). */
interface StoredField {
  value: unknown;
  category: string;
  classification: Classification;
  eventType: string;
  streamId: string;
  streamVersion: number;
  at: string;
}

export interface StoredDossier {
  caseId: string;
  kind: 'victim' | 'suspect';
  /** The classification of the dossier's case in the case list (null before the cases projection has it). */
  caseClassification: Classification | null;
  /** The highest classification among all the dossier's facts. */
  classification: Classification;
  fields: Record<string, StoredField>;
}

export async function findDossier(db: Queryable, caseId: string): Promise<StoredDossier | null> {
  const [row] = await queryReadModel<{
    case_id: string;
    kind: 'victim' | 'suspect';
    classification: Classification;
    case_classification: Classification | null;
    fields: Record<string, StoredField>;
  }>(
    db,
    `SELECT d.case_id, d.kind, d.classification, l.classification AS case_classification, d.fields
       FROM person_dossiers d LEFT JOIN case_list l ON l.case_id = d.case_id
      WHERE d.case_id = $1`,
    [caseId],
  );
  if (!row) return null;
  return {
    caseId: row.case_id,
    kind: row.kind,
    caseClassification: row.case_classification,
    classification: row.classification,
    fields: row.fields,
  };
}

const isCategory = (category: string): category is PersonalDataCategory => PersonalDataCategory.safeParse(category).success;

/**
 * The dossier's view holding only the facts `mayShow` admits (by their classification), values
 * unredacted: the caller redacts it with PersonDossier's marks.
 */
export function dossierView(dossier: StoredDossier, mayShow: (fact: { kind: CaseKind; classification: Classification }) => boolean) {
  const facts = Object.fromEntries(PersonalDataCategory.options.map((category) => [category, [] as Fact[]])) as Record<
    PersonalDataCategory,
    Fact[]
  >;
  let classification: Classification = 'PUBLIC';
  let updatedAt: string | null = null;
  const byField = Object.entries(dossier.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [field, stored] of byField) {
    if (!isCategory(stored.category) || !mayShow({ kind: dossier.kind, classification: stored.classification })) continue;
    const at = iso(stored.at);
    facts[stored.category].push({
      field,
      value: stored.value,
      classification: stored.classification,
      source: { eventType: stored.eventType, streamId: stored.streamId, streamVersion: stored.streamVersion },
      at,
    });
    if (classificationRank(stored.classification) > classificationRank(classification)) classification = stored.classification;
    if (updatedAt === null || at > updatedAt) updatedAt = at;
  }
  return { caseId: dossier.caseId, kind: dossier.kind, classification, updatedAt, facts } satisfies PersonDossier;
}
