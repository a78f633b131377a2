// Who works a VictimCase, and what each agency sees of the person in it.
import { z } from 'zod';
import { type CaseKindAccess, EVERYTHING, IDENTITY, see } from '../case-kit/kind-access.ts';

export const victimAccess: CaseKindAccess = {
  // MOFA takes reports and gives consular protection; NPA investigates and rescues.
  commanders: ['MOFA', 'NPA'],
  personalData: {
    // Consular protection needs the victim's identity, location, contacts and welfare.
    MOFA: see(EVERYTHING),
    // Location, family contacts and statements go only to the officers assigned to the case.
    NPA: see(IDENTITY, ['location', 'phone', 'contact', 'statement']),
    // Prosecutors take victims' statements as evidence, but never contact details or location.
    MOJ: see(['name', 'birthDate', 'statement']),
  },
  // The state holds ids, statuses and dates, not people.
  stateSchema: z.looseObject({}),
};
