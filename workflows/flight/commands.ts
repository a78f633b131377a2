// The commands MOJ and NPA operators give a CharterFlight, as zod schemas: the Update payloads,
// the HTTP bodies and the CLI arguments all derive from these.
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import { CommandMeta } from '../case-kit/rules.ts';

const suspectCaseId = z.string().regex(/^suspect-[A-Za-z0-9._:-]+$/, 'only a suspect case ("suspect-<reference>") joins a manifest');
const airport = z.string().regex(/^[A-Z]{3}$/, 'an IATA airport code, e.g. PNH');
const reason = z.string().min(1).max(2000);

export const PlanFlight = CommandMeta.extend({
  type: z.literal('planFlight'),
  caseId: z.string().regex(/^flight-[A-Za-z0-9._:-]+$/, 'a flight id is "flight-<reference>"'),
  leadAgency: Agency,
  hostCountry: z.string().length(2),
});

export const flightCommandSchemas = {
  openManifest: CommandMeta.extend({
    type: z.literal('openManifest'),
    flightNumber: z.string().min(2).max(10),
    route: z.object({ origin: airport, destination: airport }),
    /** Seats for returnees; escorts fly on top of these. */
    capacity: z.number().int().min(1).max(1000),
    /** Escort officers per manifested suspect. */
    escortRatio: z.number().int().min(1).max(10).default(2),
  }),
  addToManifest: CommandMeta.extend({
    type: z.literal('addToManifest'),
    caseId: suspectCaseId,
    seat: z.string().min(1).max(10).optional(),
  }),
  removeFromManifest: CommandMeta.extend({ type: z.literal('removeFromManifest'), caseId: suspectCaseId, reason }),
  lockManifest: CommandMeta.extend({ type: z.literal('lockManifest') }),
  assignEscorts: CommandMeta.extend({ type: z.literal('assignEscorts'), officers: z.number().int().min(0).max(10_000) }),
  depart: CommandMeta.extend({ type: z.literal('depart') }),
  land: CommandMeta.extend({ type: z.literal('land') }),
  completeHandover: CommandMeta.extend({ type: z.literal('completeHandover'), receivedBy: Agency.default('NPA') }),
  cancel: CommandMeta.extend({ type: z.literal('cancel'), reason }),
} as const;

/**
 * Facts the workflow records on its own when a manifested case tells the flight it lost its
 * clearance: before departure its seat is released; after departure the case never boarded.
 */
export const flightInternalSchemas = {
  releaseLostClearance: CommandMeta.extend({ type: z.literal('releaseLostClearance'), caseId: suspectCaseId, reason }),
  recordNotBoarded: CommandMeta.extend({ type: z.literal('recordNotBoarded'), caseId: suspectCaseId, reason }),
} as const;

export type FlightCommandName = keyof typeof flightCommandSchemas;
export type FlightCommand =
  | z.infer<typeof PlanFlight>
  | z.infer<(typeof flightCommandSchemas)[FlightCommandName]>
  | z.infer<(typeof flightInternalSchemas)[keyof typeof flightInternalSchemas]>;
