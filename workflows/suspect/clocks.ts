// The legal clocks a SuspectCase runs, read from its state: the provisional-arrest period, the
// reminder about an unanswered extradition request, the 48-hour detention-warrant window and the
// detention limit. Each step's time is a fact's occurredAt plus a configured duration, so the
// workflow sleeps the distances between these times and never reads the clock. Pure.
import type { SuspectTimerName } from './commands.ts';
import { detentionWarrantClockRunning, later, provisionalArrestRunning, type SuspectState } from './decider.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface ClockStep {
  command: SuspectTimerName;
  at: string;
}

export interface RunningClock {
  /** Changes whenever the clock is restarted, so a restarted clock is a new timer. */
  key: string;
  startedAt: string;
  /** Steps still to come, in order. */
  steps: ClockStep[];
}

export function runningClocks(state: SuspectState): RunningClock[] {
  const d = state.deadlines;
  const clocks: RunningClock[] = [];
  const provisional = state.provisionalArrest;
  if (provisional && provisionalArrestRunning(state)) {
    clocks.push({
      key: `provisional-arrest:${provisional.deadline}`,
      startedAt: provisional.startedAt,
      steps: [
        ...(provisional.warned
          ? []
          : [
              { command: 'warnProvisionalArrestLapse' as const, at: later(provisional.deadline, -d.provisionalArrestWarningDays * DAY_MS) },
            ]),
        { command: 'lapseProvisionalArrest', at: provisional.deadline },
      ],
    });
  }
  const awaiting = state.awaitingAnswer;
  if (awaiting && (state.status === 'EXTRADITION_REQUESTED' || state.status === 'HOST_COURT_APPROVED')) {
    clocks.push({
      key: `unanswered:${awaiting.awaiting}:${awaiting.lastActivityAt}`,
      startedAt: awaiting.lastActivityAt,
      steps: [{ command: 'flagUnansweredRequest', at: later(awaiting.lastActivityAt, d.requestChaseDays * DAY_MS) }],
    });
  }
  const warrantClock = state.detentionWarrantClock;
  if (warrantClock && detentionWarrantClockRunning(state)) {
    clocks.push({
      key: `detention-warrant:${warrantClock.deadline}`,
      startedAt: warrantClock.startedAt,
      steps: [
        ...(warrantClock.warned
          ? []
          : [
              {
                command: 'warnDetentionWarrantDeadline' as const,
                at: later(warrantClock.deadline, -d.detentionWarrantWarningHours * HOUR_MS),
              },
            ]),
        { command: 'lapseDetentionWarrantDeadline', at: warrantClock.deadline },
      ],
    });
  }
  const detention = state.detention;
  if (detention && state.status === 'DETAINED_IN_KOREA' && !detention.limitReached) {
    clocks.push({
      key: `detention:${detention.until}`,
      startedAt: detention.since,
      steps: [{ command: 'reachDetentionLimit', at: detention.until }],
    });
  }
  return clocks;
}

/** The earliest step still to come, for the NextDeadline search attribute. */
export function nextDeadline(state: SuspectState): string | null {
  const times = runningClocks(state).flatMap((clock) => clock.steps.map((step) => step.at));
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}
