// Who works a CharterFlight, who may give each of its commands, and what each agency sees of the
// people on its manifest (DOMAIN.md, "Agencies and who may see what").
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import { type CaseKindAccess, IDENTITY, may, SUPERVISORS, see } from '../case-kit/kind-access.ts';
import type { flightCommandSchemas, PlanFlight } from './commands.ts';
import { FLIGHT_STATUSES, type FlightState } from './decider.ts';
import { flightEvents } from './events.ts';

type FlightCommandName = z.infer<typeof PlanFlight>['type'] | keyof typeof flightCommandSchemas;

/** The decider's FlightState: the route, the escort plan and the case ids on the manifest, not people. */
const flightState = z.object({
  caseId: z.string(),
  status: z.enum(FLIGHT_STATUSES),
  leadAgency: Agency.nullable(),
  hostCountry: z.string().nullable(),
  statusSince: z.iso.datetime({ offset: true }).nullable(),
  flightNumber: z.string().nullable(),
  route: flightEvents.ManifestOpened.data.shape.route.nullable(),
  capacity: z.number(),
  escortRatio: z.number(),
  manifest: z.array(z.object({ caseId: z.string(), seat: z.string().optional() })),
  officers: z.number().nullable(),
  onBoard: z.array(z.string()),
}) satisfies z.ZodType<FlightState>;

/** Charter repatriations are planned by the Ministry of Justice with the national police. */
const CHARTER = ['MOJ', 'NPA'] as const;

export const flightAccess: CaseKindAccess<FlightCommandName> = {
  commands: {
    planFlight: may(CHARTER, 'MOJ and the national police plan charter repatriations'),
    openManifest: may(['MOJ'], 'manifests are the Ministry of Justice’s'),
    addToManifest: may(['MOJ'], 'manifests are the Ministry of Justice’s'),
    removeFromManifest: may(['MOJ'], 'manifests are the Ministry of Justice’s'),
    lockManifest: may(['MOJ'], 'manifests are the Ministry of Justice’s'),
    assignEscorts: may(CHARTER, 'escort officers are police officers, planned with the charter'),
    depart: may(CHARTER, 'those running the charter record its legs'),
    land: may(CHARTER, 'those running the charter record its legs'),
    completeHandover: may(CHARTER, 'the escorts hand the suspects to the investigating police'),
    cancel: may(CHARTER, 'calling a charter off is a decision of those running it', SUPERVISORS),
  },
  // Everyone who handles the flight needs the identity of those on board, and nothing more.
  personalData: {
    MOFA: see(IDENTITY),
    NPA: see(IDENTITY),
    MOJ: see(IDENTITY),
    HOST_POLICE: see(IDENTITY),
    HOST_IMMIGRATION: see(IDENTITY),
  },
  stateSchema: flightState,
};
