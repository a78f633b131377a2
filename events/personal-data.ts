// Personal data is marked in the schemas themselves, so redaction and encryption derive
// from the catalogue rather than from hand-kept lists of field names.
import { z } from 'zod';

export const PersonalDataCategory = z.enum(['name', 'birthDate', 'passport', 'location', 'phone', 'contact', 'statement', 'photo']);
export type PersonalDataCategory = z.infer<typeof PersonalDataCategory>;

export interface PersonalDataMark {
  category: PersonalDataCategory;
}

export const personalData = z.registry<PersonalDataMark>();

/** Marks a field as personal data of the given category. */
export function pii<T extends z.ZodType>(schema: T, category: PersonalDataCategory): T {
  personalData.add(schema, { category });
  return schema;
}
