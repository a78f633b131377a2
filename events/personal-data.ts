// Personal data is marked in the schemas themselves, so redaction and encryption derive
// from the catalogue rather than from hand-kept lists of field names.
import { z } from 'zod';

export const PersonalDataCategory = z.enum([
  'name',
  'birthDate',
  'passport',
  'location',
  'phone',
  'contact',
  'statement',
  'photo',
  'welfare',
]);
export type PersonalDataCategory = z.infer<typeof PersonalDataCategory>;

export interface PersonalDataMark {
  category: PersonalDataCategory;
  /**
   * False for a coarse category the campaign statistics count (e.g. whether a person was injured):
   * redacted by need to know like any personal value, but stored unsealed, so the projections can
   * count it and the count survives an erasure (as the counts do by design) and every rebuild.
   * The detail beside it (a note, a date) is sealed.
   */
  sealed: boolean;
}

export const personalData = z.registry<PersonalDataMark>();

/** Marks a field as personal data of the given category: redacted by need to know, sealed for erasure. */
export function pii<T extends z.ZodType>(schema: T, category: PersonalDataCategory): T {
  personalData.add(schema, { category, sealed: true });
  return schema;
}

/** Marks a counted category as personal data: redacted by need to know, but not sealed (see `PersonalDataMark.sealed`). */
export function countedPii<T extends z.ZodType>(schema: T, category: PersonalDataCategory): T {
  personalData.add(schema, { category, sealed: false });
  return schema;
}
