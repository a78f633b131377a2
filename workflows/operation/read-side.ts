// A JointOperation as the read models see it: its decider state without the names it holds only
// to decide, the partner agencies its summary shows, and what it counts.

import type { z } from 'zod';
import type { Agency } from '../../events/envelope.ts';
import { type CaseReadSide, counted, type MetricSource } from '../case-kit/read-side.ts';
import { factOf } from '../case-kit/stored-fact.ts';
import { initialOperationState, type OperationState, operationDecider } from './decider.ts';
import { type Estimate, operationEvents } from './events.ts';

/** An estimate recorded on the operation, as the estimates read model lists it. */
export type RecordedEstimate = z.infer<typeof Estimate> & { recordedAt: string };

interface OperationKept {
  partnerAgencies: Agency[];
  /** In stream order; never counted (the statistics count cases). */
  estimates: RecordedEstimate[];
}

/** The campaign figures an Operation case counts, and whose count each is. */
const OPERATION_METRICS = {
  operations: { agency: 'NPA', why: 'joint raids are planned and reported by the Korean police' },
  targets_raided: { agency: 'NPA', why: 'the raiding officers report each target' },
} as const satisfies Record<string, MetricSource>;
type OperationMetric = keyof typeof OPERATION_METRICS;

export const operationReadSide: CaseReadSide<OperationState, OperationKept, OperationMetric> = {
  open: (caseId) => ({ state: initialOperationState(caseId), partnerAgencies: [], estimates: [] }),
  fold: ({ state, partnerAgencies, estimates = [] }, event) => {
    // `estimates` is absent from records folded before estimates existed.
    const fact = factOf(operationEvents, event);
    if (fact.type === 'EstimateRecorded') {
      const { operationId: _operation, ...estimate } = fact.data;
      estimates = [...estimates, { ...estimate, recordedAt: fact.occurredAt }];
    }
    return {
      estimates,
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
