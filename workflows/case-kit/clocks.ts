// The shape of a case's legal clocks, shared by the kinds that run them (victim/clocks.ts,
// suspect/clocks.ts). One list serves three readers: the workflow sleeps on the steps, the
// NextDeadline search attribute shows the earliest step, and the deadlines read model lists the
// clocks. Pure: read from the folded state, never from the wall clock.

/** A fact the workflow records on its own when a clock reaches one of its times. */
export interface ClockStep<Timer extends string> {
  command: Timer;
  at: string;
}

export interface RunningClock<Deadline extends string, Timer extends string> {
  /** The deadline it counts down to, as the deadlines read model names it. */
  deadlineKind: Deadline;
  /** Changes whenever the clock is restarted, so a restarted clock is a new timer. */
  key: string;
  startedAt: string;
  dueAt: string;
  /** The case already raised it (warned, reminded, reached); an escalated clock may still run. */
  escalated: boolean;
  /** Steps still to come, in order; none when the clock has nothing left to record. */
  steps: ClockStep<Timer>[];
}

/** The earliest step still to come on any clock: what the NextDeadline search attribute shows. */
export function earliestStep(clocks: readonly RunningClock<string, string>[]): string | null {
  const times = clocks.flatMap((clock) => clock.steps.map((step) => step.at));
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}
