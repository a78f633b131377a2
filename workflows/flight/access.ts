// Who works a CharterFlight, and what each agency sees of the people on its manifest.
import { z } from 'zod';
import { type CaseKindAccess, IDENTITY, see } from '../case-kit/kind-access.ts';

export const flightAccess: CaseKindAccess = {
  // MOJ and NPA plan charter repatriations.
  commanders: ['MOJ', 'NPA'],
  // Everyone who handles the flight needs the identity of those on board, and nothing more.
  personalData: {
    MOFA: see(IDENTITY),
    NPA: see(IDENTITY),
    MOJ: see(IDENTITY),
    HOST_POLICE: see(IDENTITY),
    HOST_IMMIGRATION: see(IDENTITY),
  },
  // The state holds case ids and seats, not people.
  stateSchema: z.looseObject({}),
};
