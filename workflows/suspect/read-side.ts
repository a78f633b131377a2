// A SuspectCase as the read models see it: its decider state, its legal clocks, and what it counts.
import { type CaseReadSide, counted } from '../case-kit/read-side.ts';
import { factOf } from '../case-kit/stored-fact.ts';
import { runningClocks } from './clocks.ts';
import { initialSuspectState, type SuspectState, suspectDecider } from './decider.ts';
import { suspectEvents } from './events.ts';

/** The campaign figures a Suspect case counts. */
const SUSPECT_METRICS = ['suspects_identified', 'arrested', 'extradited', 'deported', 'returned', 'referred_to_prosecution'] as const;
type SuspectMetric = (typeof SUSPECT_METRICS)[number];

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
    const screenedOut = state.status === 'SCREENED_AS_VICTIM' || (state.source === 'screening' && state.status === 'DROPPED');
    return [
      ...counted('suspects_identified', firsts.SuspectIdentified && !screenedOut),
      ...counted('arrested', firsts.SuspectArrested),
      ...counted(route, firsts.SuspectLanded && state.flightId, state.flightId ?? ''),
      ...counted('referred_to_prosecution', firsts.SuspectReferredToProsecution),
    ];
  },
};
