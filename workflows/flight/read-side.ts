// A CharterFlight as the read models see it: its decider state, and every case that ever held a
// seat with where it stands (the decider forgets released seats; the manifest board shows them).
import type { CaseReadSide } from '../case-kit/read-side.ts';
import { factOf } from '../case-kit/stored-fact.ts';
import { type FlightState, flightDecider, initialFlightState } from './decider.ts';
import { type FlightEvent, flightEvents } from './events.ts';

/** Where a case that held a seat on a flight stands on it. */
export const MANIFEST_ENTRY_STATUSES = ['manifested', 'released', 'not_boarded', 'cancelled', 'on_board', 'landed', 'handed_over'] as const;
export type ManifestEntryStatus = (typeof MANIFEST_ENTRY_STATUSES)[number];

export interface ManifestEntryRecord {
  seat: string | null;
  status: ManifestEntryStatus;
  releasedCause: string | null;
}

const entry = (seat: string | null, status: ManifestEntryStatus, releasedCause: string | null = null): ManifestEntryRecord => ({
  seat,
  status,
  releasedCause,
});

/** Every case that ever held a seat, and where it stands; the decider forgets released seats. */
function evolveManifest(manifest: Record<string, ManifestEntryRecord>, event: FlightEvent): Record<string, ManifestEntryRecord> {
  const next = { ...manifest };
  const move = (caseIds: readonly string[], status: ManifestEntryStatus) => {
    for (const caseId of caseIds) next[caseId] = entry(next[caseId]?.seat ?? null, status);
  };
  switch (event.type) {
    case 'CaseManifested':
      next[event.data.caseId] = entry(event.data.seat ?? null, 'manifested');
      return next;
    case 'SeatReleased':
      next[event.data.caseId] = entry(next[event.data.caseId]?.seat ?? event.data.seat ?? null, 'released', event.data.cause);
      return next;
    case 'CaseNotBoarded':
      next[event.data.caseId] = entry(next[event.data.caseId]?.seat ?? null, 'not_boarded', 'lost_clearance');
      return next;
    case 'FlightCancelled':
      move(event.data.releasedCaseIds, 'cancelled');
      return next;
    case 'FlightDeparted':
      move(event.data.caseIds, 'on_board');
      return next;
    case 'FlightLanded':
      move(event.data.caseIds, 'landed');
      return next;
    case 'HandoverCompleted':
      move(
        Object.keys(next).filter((caseId) => next[caseId]!.status === 'landed'),
        'handed_over',
      );
      return next;
    default:
      return manifest;
  }
}

export const flightReadSide: CaseReadSide<FlightState, { manifest: Record<string, ManifestEntryRecord> }, never> = {
  open: (caseId) => ({ state: initialFlightState(caseId), manifest: {} }),
  fold: ({ state, manifest }, event) => {
    const fact = factOf(flightEvents, event);
    return { state: flightDecider.evolve(state, fact), manifest: evolveManifest(manifest, fact) };
  },
  links: (_state, caseId) => ({ operationId: null, flightId: caseId }),
  // Flights run no legal clocks: their dates are plans, not deadlines.
  clocks: () => [],
  // Returns are counted on the suspects' cases, per flight.
  metrics: {},
  counts: () => [],
};
