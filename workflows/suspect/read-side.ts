// A SuspectCase as the read models see it: its decider state, its legal clocks, and what it counts.
import { type CaseReadSide, counted, type MetricSource, PERSONS_RETURNED } from '../case-kit/read-side.ts';
import { factOf } from '../case-kit/stored-fact.ts';
import { runningClocks } from './clocks.ts';
import { initialSuspectState, type SuspectState, suspectDecider } from './decider.ts';
import { suspectEvents } from './events.ts';

/** The campaign figures a Suspect case counts, and whose count each is. */
const SUSPECT_METRICS = {
  suspects_identified: { agency: 'NPA', why: 'the police open a case on every person wanted in Korea' },
  arrested: { agency: 'NPA', why: 'the police count the arrests made by the joint taskforce' },
  extradited: { agency: 'MOJ', why: 'extradition requests go from prosecutors through the Ministry of Justice' },
  deported: { agency: 'HOST_IMMIGRATION', why: 'host immigration orders each deportation' },
  returned: { agency: 'NPA', why: 'suspects who landed in Korea by another route, in police custody' },
  referred_to_prosecution: { agency: 'MOJ', why: 'prosecutors count the cases referred to them' },
  persons_returned: PERSONS_RETURNED,
} as const satisfies Record<string, MetricSource>;
type SuspectMetric = keyof typeof SUSPECT_METRICS;

/**
 * A suspect case opened for a person whose screening found a victim, then dropped: the person is
 * counted as a victim, not as a suspect identified.
 */
export const suspectReadSide: CaseReadSide<SuspectState, object, SuspectMetric> = {
  open: (caseId) => ({ state: initialSuspectState(caseId) }),
  fold: ({ state }, event) => ({ state: suspectDecider.evolve(state, factOf(suspectEvents, event)) }),
  links: (state) => ({ operationId: state.operationId, flightId: state.flightId }),
  clocks: runningClocks,
  metrics: SUSPECT_METRICS,
  counts: ({ state, firsts }) => {
    const route = state.route === 'extradition' ? 'extradited' : state.route === 'deportation' ? 'deported' : 'returned';
    // A person screening found a victim is no suspect: moved to a victim case, or a victim's
    // screening case dropped.
    const screenedOut = state.status === 'SCREENED_AS_VICTIM' || (state.linkedVictimCaseId !== null && state.status === 'DROPPED');
    return [
      ...counted('suspects_identified', firsts.SuspectIdentified && !screenedOut),
      ...counted('arrested', firsts.SuspectArrested),
      ...counted(route, firsts.SuspectLanded && state.flightId, state.flightId ?? ''),
      // Landed in custody by deportation or extradition: a person returned (a victim-offender's victim case does not count them again).
      ...counted('persons_returned', firsts.SuspectLanded && route !== 'returned'),
      ...counted('referred_to_prosecution', firsts.SuspectReferredToProsecution),
    ];
  },
};
