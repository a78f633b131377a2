// Events of a CharterFlight: a chartered repatriation of suspects from the manifest to the
// hand-over at home, including the compensations when a case drops out before departure.
import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/define.ts';
import { Agency } from '../../events/envelope.ts';

const flightId = z.string().min(1).max(200);
const caseId = z.string().min(1).max(200);
const airport = z.string().regex(/^[A-Z]{3}$/, 'an IATA airport code, e.g. PNH');
const count = z.number().int().min(0);

export const flightEvents = {
  FlightPlanned: defineEvent({
    type: 'FlightPlanned',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'MOJ or NPA planned a chartered repatriation from a host country.',
    data: z.object({ flightId, leadAgency: Agency, hostCountry: z.string().length(2) }),
  }),
  ManifestOpened: defineEvent({
    type: 'ManifestOpened',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'The manifest opened with a number of seats for returnees and the escort ratio to meet.',
    data: z.object({
      flightId,
      flightNumber: z.string().min(2).max(10),
      route: z.object({ origin: airport, destination: airport }),
      capacity: z.number().int().min(1),
      escortRatio: z.number().int().min(1),
    }),
  }),
  CaseManifested: defineEvent({
    type: 'CaseManifested',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'A suspect case cleared to travel accepted a seat on the flight.',
    data: z.object({ flightId, caseId, seat: z.string().max(10).optional() }),
  }),
  SeatReleased: defineEvent({
    type: 'SeatReleased',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'A case left the manifest before departure: removed by an operator, or it lost its clearance.',
    data: z.object({
      flightId,
      caseId,
      seat: z.string().max(10).optional(),
      cause: z.enum(['removed', 'lost_clearance']),
      reason: z.string().min(1).max(2000),
    }),
  }),
  ManifestLocked: defineEvent({
    type: 'ManifestLocked',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'No more cases join; escorts are planned for the locked manifest.',
    data: z.object({ flightId, manifested: count }),
  }),
  EscortsAssigned: defineEvent({
    type: 'EscortsAssigned',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'Escort officers were assigned, at least the escort ratio for every manifested case.',
    data: z.object({ flightId, officers: count, manifested: count, officersRequired: count }),
  }),
  EscortsReplanned: defineEvent({
    type: 'EscortsReplanned',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'The escort plan was re-checked after the manifest shrank; surplus officers may be released.',
    data: z.object({ flightId, officers: count, manifested: count, officersRequired: count, surplusOfficers: count }),
  }),
  FlightDeparted: defineEvent({
    type: 'FlightDeparted',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'The aircraft left; the Korean warrants were executed on board (Korean territory).',
    data: z.object({ flightId, caseIds: z.array(caseId), officers: count }),
  }),
  CaseNotBoarded: defineEvent({
    type: 'CaseNotBoarded',
    kind: 'flight',
    classification: 'RESTRICTED',
    description:
      'A case on the departed manifest had lost its clearance before it boarded (its notice reached the flight after departure): it is not on board.',
    data: z.object({ flightId, caseId, reason: z.string().min(1).max(2000) }),
  }),
  FlightLanded: defineEvent({
    type: 'FlightLanded',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'The aircraft landed at home; every case on board was told.',
    data: z.object({ flightId, caseIds: z.array(caseId) }),
  }),
  HandoverCompleted: defineEvent({
    type: 'HandoverCompleted',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'Every person on board was handed over to the investigating police.',
    data: z.object({ flightId, handedOver: count, receivedBy: Agency }),
  }),
  FlightCancelled: defineEvent({
    type: 'FlightCancelled',
    kind: 'flight',
    classification: 'RESTRICTED',
    description: 'The flight was called off before departure; every manifested case left the manifest.',
    data: z.object({ flightId, reason: z.string().min(1).max(2000), releasedCaseIds: z.array(caseId) }),
  }),
};

/** An event of a CharterFlight, its data typed by its schema: what the flight decider decides and folds. */
export type FlightEvent = EventOf<typeof flightEvents>;
