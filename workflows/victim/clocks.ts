// The clocks a VictimCase runs, read from its state: the welfare follow-up while the person is
// not located (a check every interval, counted from the last change of status) and the rescue
// escalation once the person is located. The one source for the workflow's timers, the
// NextDeadline search attribute and the deadlines read model. Pure.
import { earliestStep, type RunningClock } from '../case-kit/clocks.ts';
import { heldByState } from '../case-kit/rules.ts';
import type { victimTimerSchemas } from './commands.ts';
import { addDays, type VictimState, welfareCheckNumberAt } from './decider.ts';

export type VictimDeadlineKind = 'welfare_follow_up' | 'rescue';
export type VictimClock = RunningClock<VictimDeadlineKind, keyof typeof victimTimerSchemas>;

export function runningClocks(state: VictimState): VictimClock[] {
  const { welfareFollowUpDays, rescueEscalationDays } = state.deadlines;
  if ((state.status === 'REPORTED' || state.status === 'CONTACT_LOST') && state.statusSince && welfareFollowUpDays > 0) {
    // The next check after the ones already recorded.
    const dueAt = addDays(state, state.statusSince, (state.welfareChecks + 1) * welfareFollowUpDays);
    return [
      {
        deadlineKind: 'welfare_follow_up',
        key: `welfare-follow-up:${dueAt}`,
        startedAt: addDays(state, state.statusSince, state.welfareChecks * welfareFollowUpDays),
        dueAt,
        escalated: state.welfareChecks > 0,
        steps: [{ command: 'welfareCheckDue', at: dueAt }],
      },
    ];
  }
  if ((state.status === 'LOCATED' || state.status === 'RESCUE_REQUESTED') && state.rescueDeadline) {
    return [
      {
        deadlineKind: 'rescue',
        key: `rescue:${state.rescueDeadline}`,
        // The deadline was set from the location, the period after it.
        startedAt: addDays(state, state.rescueDeadline, -rescueEscalationDays),
        dueAt: state.rescueDeadline,
        escalated: state.rescueEscalated,
        steps: state.rescueEscalated ? [] : [{ command: 'escalateRescue', at: state.rescueDeadline }],
      },
    ];
  }
  return [];
}

/** The earliest step still to come, for the NextDeadline search attribute. */
export function nextDeadline(state: VictimState): string | null {
  return earliestStep(runningClocks(state));
}

/**
 * When the welfare check recorded at `now` is dated: the latest follow-up time that has passed, so a
 * report entered long after the fact records one overdue check instead of one per interval missed.
 */
export function latestWelfareCheckAt(state: VictimState, now: string): string {
  return addDays(
    state,
    heldByState(state.statusSince, 'status time'),
    welfareCheckNumberAt(state, now) * state.deadlines.welfareFollowUpDays,
  );
}
