// Who works a case kind and what personal data each agency sees on it, declared by each kind in
// its own folder (workflows/<kind>/access.ts) from DOMAIN.md ("Agencies and who may see what").
// The one policy (access/policy.ts) assembles these into its tables; nothing here decides.
import type { z } from 'zod';
import type { Agency } from '../../events/envelope.ts';
import type { PersonalDataCategory } from '../../events/personal-data.ts';

export interface KindAccess {
  /** Personal-data categories the agency sees on this kind of case. */
  categories: readonly PersonalDataCategory[];
  /** Further categories it sees only on cases it is assigned to. */
  whenAssigned: readonly PersonalDataCategory[];
}

export interface CaseKindAccess {
  /** The agencies that record facts on (command) a case of this kind. */
  commanders: readonly Agency[];
  /** Agency → what it sees; an agency missing here does not see these cases at all. */
  personalData: Partial<Record<Agency, KindAccess>>;
  /**
   * The live state as a schema whose personal fields carry pii() marks, so a state is redacted
   * exactly as the events it was folded from; unmarked fields pass through.
   */
  stateSchema: z.ZodType;
}

export const IDENTITY: readonly PersonalDataCategory[] = ['name', 'birthDate', 'passport', 'photo'];
export const EVERYTHING: readonly PersonalDataCategory[] = [
  'name',
  'birthDate',
  'passport',
  'location',
  'phone',
  'contact',
  'statement',
  'photo',
];

export function see(categories: readonly PersonalDataCategory[], whenAssigned: readonly PersonalDataCategory[] = []): KindAccess {
  return { categories, whenAssigned };
}
