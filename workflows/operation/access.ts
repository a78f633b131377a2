// Who works a JointOperation, and what each agency sees of the people found in it.
import { z } from 'zod';
import { type CaseKindAccess, IDENTITY, see } from '../case-kit/kind-access.ts';
import { operationEvents } from './events.ts';

/** A person found in a raid and not yet handed to their own case: the PersonDetained fields. */
const pendingHandOver = operationEvents.PersonDetained.data.pick({ personName: true, birthDate: true, passportNumber: true }).loose();

export const operationAccess: CaseKindAccess = {
  // Joint raids are planned by the Korean police with the host police.
  commanders: ['NPA', 'HOST_POLICE'],
  personalData: {
    MOFA: see(IDENTITY),
    NPA: see([...IDENTITY, 'location']),
    MOJ: see(['name']),
    NIS: see(['name', 'location', 'photo']),
    HOST_POLICE: see([...IDENTITY, 'location']),
  },
  // Names and passports wait in the state only until the person's own case is opened.
  stateSchema: z.looseObject({ pendingHandOvers: z.array(pendingHandOver) }),
};
