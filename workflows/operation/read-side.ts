// A JointOperation as the read models see it: its decider state without the names it holds only
// to decide, the partner agencies its summary shows, and what it counts.
import type { Agency } from '../../events/envelope.ts';
import { type CaseReadSide, counted } from '../case-kit/read-side.ts';
import { factOf } from '../case-kit/stored-fact.ts';
import { initialOperationState, type OperationState, operationDecider } from './decider.ts';
import { operationEvents } from './events.ts';

/** The campaign figures a Operation case counts. */
const OPERATION_METRICS = ['operations', 'targets_raided'] as const;
type OperationMetric = (typeof OPERATION_METRICS)[number];

export const operationReadSide: CaseReadSide<OperationState, { partnerAgencies: Agency[] }, OperationMetric> = {
  open: (caseId) => ({ state: initialOperationState(caseId), partnerAgencies: [] }),
  fold: ({ state, partnerAgencies }, event) => {
    const fact = factOf(operationEvents, event);
    return {
      // Names and passport numbers wait there only until the operation opens the person's case.
      state: { ...operationDecider.evolve(state, fact), pendingHandOvers: [] },
      // The decider has no use for the partner agencies; the operation summary shows them.
      partnerAgencies: fact.type === 'OperationPlanned' ? fact.data.partnerAgencies : partnerAgencies,
    };
  },
  links: (_state, caseId) => ({ operationId: caseId, flightId: null }),
  // Operations run no legal clocks.
  clocks: () => [],
  metrics: OPERATION_METRICS,
  counts: ({ state, firsts }) => [
    ...counted('operations', firsts.OperationPlanned),
    ...counted('targets_raided', true, '', state.summary.targetsRaided),
  ],
};
