// The legal clocks a SuspectCase runs, read from its state: the provisional-arrest period, the
// wait for the host's answer to an extradition request, the 48-hour detention-warrant window and
// the detention limit. The one source for the workflow's timers, the NextDeadline search attribute
// and the deadlines read model. Each step's time is a fact's occurredAt plus a configured
// duration; the workflow waits until that time by its own deterministic clock, so a fact recorded
// late escalates at once when its step has passed. Pure.
import { type ClockStep, earliestStep, type RunningClock } from '../case-kit/clocks.ts';
import { daysOf, hoursOf } from '../case-kit/deadlines.ts';
import type { SuspectTimerName } from './commands.ts';
import { detentionWarrantClockRunning, later, provisionalArrestRunning, type SuspectState } from './decider.ts';

export type SuspectDeadlineKind = 'provisional_arrest' | 'extradition_answer' | 'detention_warrant' | 'detention_limit';
export type SuspectClock = RunningClock<SuspectDeadlineKind, SuspectTimerName>;

/** A warning before the deadline, unless already given, then the deadline itself. */
function warnedThenDue(
  warned: boolean,
  warning: ClockStep<SuspectTimerName>,
  due: ClockStep<SuspectTimerName>,
): ClockStep<SuspectTimerName>[] {
  return warned ? [due] : [warning, due];
}

export function runningClocks(state: SuspectState): SuspectClock[] {
  const d = state.deadlines;
  const clocks: SuspectClock[] = [];
  const provisional = state.provisionalArrest;
  if (provisional && provisionalArrestRunning(state)) {
    clocks.push({
      deadlineKind: 'provisional_arrest',
      key: `provisional-arrest:${provisional.deadline}`,
      startedAt: provisional.startedAt,
      dueAt: provisional.deadline,
      escalated: provisional.warned,
      steps: warnedThenDue(
        provisional.warned,
        { command: 'warnProvisionalArrestLapse', at: later(provisional.deadline, -daysOf(d, d.provisionalArrestWarningDays)) },
        { command: 'lapseProvisionalArrest', at: provisional.deadline },
      ),
    });
  }
  const awaiting = state.awaitingAnswer;
  if (awaiting && (state.status === 'EXTRADITION_REQUESTED' || state.status === 'HOST_COURT_APPROVED')) {
    const dueAt = later(awaiting.lastActivityAt, daysOf(d, d.requestChaseDays));
    clocks.push({
      deadlineKind: 'extradition_answer',
      key: `unanswered:${awaiting.awaiting}:${awaiting.lastActivityAt}`,
      startedAt: awaiting.lastActivityAt,
      dueAt,
      escalated: awaiting.reminders > 0,
      steps: [{ command: 'flagUnansweredRequest', at: dueAt }],
    });
  }
  const warrantClock = state.detentionWarrantClock;
  if (warrantClock && detentionWarrantClockRunning(state)) {
    clocks.push({
      deadlineKind: 'detention_warrant',
      key: `detention-warrant:${warrantClock.deadline}`,
      startedAt: warrantClock.startedAt,
      dueAt: warrantClock.deadline,
      escalated: warrantClock.warned,
      steps: warnedThenDue(
        warrantClock.warned,
        { command: 'warnDetentionWarrantDeadline', at: later(warrantClock.deadline, -hoursOf(d, d.detentionWarrantWarningHours)) },
        { command: 'lapseDetentionWarrantDeadline', at: warrantClock.deadline },
      ),
    });
  }
  const detention = state.detention;
  if (detention && state.status === 'DETAINED_IN_KOREA') {
    // Reaching the limit is escalated, not ended: the detention runs on until a release or referral.
    clocks.push({
      deadlineKind: 'detention_limit',
      key: `detention:${detention.until}`,
      startedAt: detention.since,
      dueAt: detention.until,
      escalated: detention.limitReached,
      steps: detention.limitReached ? [] : [{ command: 'reachDetentionLimit', at: detention.until }],
    });
  }
  return clocks;
}

/** The earliest step still to come, for the NextDeadline search attribute. */
export function nextDeadline(state: SuspectState): string | null {
  return earliestStep(runningClocks(state));
}
