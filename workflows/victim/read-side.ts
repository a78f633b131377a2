// A VictimCase as the read models see it: its decider state, its clocks, and what it counts.
import { type CaseReadSide, counted } from '../case-kit/read-side.ts';
import { factOf } from '../case-kit/stored-fact.ts';
import { runningClocks } from './clocks.ts';
import { initialVictimState, type VictimState, victimDecider } from './decider.ts';
import { victimEvents } from './events.ts';

const utcYear = (instant: string | undefined) => (instant ? String(new Date(instant).getUTCFullYear()) : '');

/** The campaign figures a Victim case counts. */
const VICTIM_METRICS = [
  'reports',
  'located',
  'rescued',
  'repatriated',
  'still_missing',
  'declined_assistance',
  'closed_unresolved',
  'victim_offenders',
] as const;
type VictimMetric = (typeof VICTIM_METRICS)[number];

export const victimReadSide: CaseReadSide<VictimState, object, VictimMetric> = {
  open: (caseId) => ({ state: initialVictimState(caseId) }),
  fold: ({ state }, event) => ({ state: victimDecider.evolve(state, factOf(victimEvents, event)) }),
  links: (state) => ({ operationId: state.operationId, flightId: null }),
  clocks: runningClocks,
  metrics: VICTIM_METRICS,
  counts: ({ state, firsts }) => [
    ...counted('reports', firsts.VictimReported, utcYear(firsts.VictimReported)),
    ...counted('located', firsts.VictimLocated ?? firsts.VictimRescued),
    ...counted('rescued', firsts.VictimRescued),
    ...counted('repatriated', firsts.VictimRepatriated),
    ...counted('still_missing', state.status === 'REPORTED' || state.status === 'CONTACT_LOST'),
    ...counted('declined_assistance', state.status === 'DECLINED_ASSISTANCE'),
    ...counted('closed_unresolved', state.status === 'CLOSED_UNRESOLVED'),
    ...counted('victim_offenders', state.screening === 'victim_offender'),
  ],
};
