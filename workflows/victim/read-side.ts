// A VictimCase as the read models see it: its decider state, its clocks, and what it counts.
import { type CaseReadSide, counted, type MetricSource, PERSONS_RETURNED } from '../case-kit/read-side.ts';
import { factOf } from '../case-kit/stored-fact.ts';
import { runningClocks } from './clocks.ts';
import { initialVictimState, type VictimState, victimDecider } from './decider.ts';
import { victimEvents } from './events.ts';

const utcYear = (instant: string | undefined) => (instant ? String(new Date(instant).getUTCFullYear()) : '');

/** The campaign figures a Victim case counts, and whose count each is. */
const VICTIM_METRICS = {
  reports: { agency: 'MOFA', why: 'reports to the consular call centre and the embassy (the police count theirs differently)' },
  located: { agency: 'MOFA', why: 'the embassy confirms where the person is' },
  rescued: { agency: 'NPA', why: 'the joint taskforce rescues' },
  repatriated: { agency: 'MOFA', why: 'consular protection brings the person home' },
  still_missing: { agency: 'MOFA', why: 'MOFA counts a report resolved once the person is no longer confined' },
  declined_assistance: { agency: 'MOFA', why: 'the person declines consular help' },
  closed_unresolved: { agency: 'MOFA', why: 'MOFA counts a report resolved or not' },
  victim_offenders: { agency: 'NPA', why: 'police screening separates victims from offenders' },
  persons_injured: { agency: 'MOFA', why: 'welfare is consular protection: persons screened with an injury' },
  persons_needing_medical_care: { agency: 'MOFA', why: 'welfare is consular protection: persons screened needing medical care' },
  persons_reporting_abuse: { agency: 'MOFA', why: 'welfare is consular protection: persons who reported abuse at screening' },
  persons_returned: PERSONS_RETURNED,
} as const satisfies Record<string, MetricSource>;
type VictimMetric = keyof typeof VICTIM_METRICS;

export const victimReadSide: CaseReadSide<VictimState, object, VictimMetric> = {
  open: (caseId) => ({ state: initialVictimState(caseId) }),
  fold: ({ state }, event) => ({ state: victimDecider.evolve(state, factOf(victimEvents, event)) }),
  links: (state) => ({ operationId: state.operationId, flightId: null }),
  clocks: runningClocks,
  metrics: VICTIM_METRICS,
  counts: ({ state, firsts }) => {
    // Absent from states folded before the welfare record existed (VictimScreened v1 reads as none).
    const welfare = state.welfare ?? null;
    return [
      ...counted('reports', firsts.VictimReported, utcYear(firsts.VictimReported)),
      ...counted('located', firsts.VictimLocated ?? firsts.VictimRescued),
      ...counted('rescued', firsts.VictimRescued),
      ...counted('repatriated', firsts.VictimRepatriated),
      ...counted('still_missing', state.status === 'REPORTED' || state.status === 'CONTACT_LOST'),
      ...counted('declined_assistance', state.status === 'DECLINED_ASSISTANCE'),
      ...counted('closed_unresolved', state.status === 'CLOSED_UNRESOLVED'),
      ...counted('victim_offenders', state.screening === 'victim_offender'),
      ...counted('persons_injured', welfare && welfare.injury !== 'none'),
      ...counted('persons_needing_medical_care', welfare && welfare.medicalNeed !== 'none'),
      ...counted('persons_reporting_abuse', welfare && welfare.reportedAbuse.length > 0),
      // A victim-offender returns in custody and is counted on their suspect case.
      ...counted('persons_returned', firsts.VictimRepatriated && state.suspectCaseId === null),
    ];
  },
};
