// Who works a SuspectCase, and what each agency sees of the suspect.
import { z } from 'zod';
import { type CaseKindAccess, EVERYTHING, IDENTITY, see } from '../case-kit/kind-access.ts';

export const suspectAccess: CaseKindAccess = {
  // Each records its own step: warrants and Red Notices, extradition, passports and travel
  // documents, intelligence, arrests, deportation orders, notices.
  commanders: ['NPA', 'MOJ', 'MOFA', 'NIS', 'HOST_POLICE', 'HOST_IMMIGRATION', 'INTERPOL'],
  personalData: {
    // Passports and travel certificates need the identity of everyone going home.
    MOFA: see(IDENTITY),
    // Police and prosecutors hold the suspect's file in full.
    NPA: see(EVERYTHING),
    MOJ: see(EVERYTHING),
    // Intelligence on compounds and syndicates.
    NIS: see([...IDENTITY, 'location', 'phone']),
    // Host police see identity, location and warrant status of their targets.
    HOST_POLICE: see([...IDENTITY, 'location']),
    // Host immigration detains and deports: identity and travel documents only.
    HOST_IMMIGRATION: see(IDENTITY),
    // Notice data, not case internals.
    INTERPOL: see(IDENTITY),
  },
  // The state holds ids, statuses and clocks, not people.
  stateSchema: z.looseObject({}),
};
