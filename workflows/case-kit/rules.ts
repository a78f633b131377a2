// The shared shape of every case kind's rules: commands move a case between states along a
// transition table, each accepted command decides events, events fold into state. Pure code:
// it runs in the workflow sandbox and in plain unit tests alike.
import { z } from 'zod';
import { Actor, type Classification } from '../../events/envelope.ts';

/** A command broke a rule of the domain; a workflow turns it into a rejected update. */
export class DomainRuleError extends Error {
  override readonly name = 'DomainRuleError';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How far ahead of the clock that receives it a fact may be dated: machines' clocks disagree a
 * little, and a fact is recorded once it has happened, never before.
 */
export const OCCURRED_AT_FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Why `occurredAt` lies too far in the future at `nowMs`, or null when it does not. */
export function occurredAtTooFarAhead(occurredAt: string, nowMs: number): string | null {
  const latest = nowMs + OCCURRED_AT_FUTURE_TOLERANCE_MS;
  if (Date.parse(occurredAt) <= latest) return null;
  return `a fact is recorded once it has happened: occurredAt may be at most ${OCCURRED_AT_FUTURE_TOLERANCE_MS / 60_000} minutes ahead of now (${new Date(nowMs).toISOString()})`;
}

/** The rule a command breaks when it is dated before the fact it follows. */
export const FACT_ORDER_RULE = 'occurred-after-earlier-facts';

/**
 * A command acts on the case's current status, so its fact cannot have happened before the fact
 * that put the case there (`statusSince`): throws DomainRuleError naming both times.
 */
export function checkFactOrder(command: { type: string; occurredAt: string }, statusSince: string | null): void {
  if (statusSince === null || Date.parse(command.occurredAt) >= Date.parse(statusSince)) return;
  throw new DomainRuleError(
    FACT_ORDER_RULE,
    `${command.type} is dated ${command.occurredAt}, before ${statusSince}, when the case reached its current status: ` +
      'a fact cannot have happened before the earlier facts of its case it follows',
  );
}

/** Every command carries who gives it and when the fact happened in the world. */
export const CommandMeta = z.object({
  actor: Actor,
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).max(200).optional(),
  commandId: z.string().min(1).max(200).optional(),
});
export type CommandMeta = z.infer<typeof CommandMeta>;

/**
 * An event as every case kind's events look: its type and its data. A kind's decider works with
 * its own events instead (`EventOf<typeof victimEvents>`, events/define.ts), which tie each type
 * to the fields its schema declares.
 */
export interface KindEvent {
  type: string;
  data: Record<string, unknown>;
}

/** An event a decider decided, raised above its type's default classification where it says so. */
export type DecidedEvent<Event extends KindEvent = KindEvent> = Event & { classification?: Classification };

export interface Transition<Status extends string> {
  from: readonly Status[];
  /**
   * Where the command leads: one status, or a status per source status for a command that moves
   * the case only from some of them. Absent (or no entry) for a fact that keeps the status,
   * such as an escalation.
   */
  to?: Status | Partial<Record<Status, Status>>;
}

/**
 * The status each event type leads to, from the command that records it and that command's
 * transition; absent where the status depends on the source or stays (escalations), which the
 * kind's evolve decides itself.
 */
export function statusAfterEvent<Command extends string, Status extends string>(
  eventOf: Record<Command, string>,
  transitions: Record<Command, Transition<Status>>,
): Record<string, Status | undefined> {
  return Object.fromEntries(
    (Object.keys(eventOf) as Command[]).map((command) => {
      const to = transitions[command].to;
      return [eventOf[command], typeof to === 'string' ? to : undefined];
    }),
  );
}

/** The status a transition leads to from `from`. */
export function targetOf<Status extends string>(transition: Transition<Status>, from: Status): Status {
  if (typeof transition.to === 'object') return transition.to[from] ?? from;
  return transition.to ?? from;
}

/** An event as the decider folds it: decided data plus when the fact happened. */
export type RecordedFact<Event extends KindEvent = KindEvent> = Event & { occurredAt: string };

/**
 * A value the case state always holds when the transition table lets the command run (the deadline
 * of a running clock, the hold a release ends): its absence is a bug in the decider, not a broken rule.
 */
export function heldByState<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`the case state holds no ${what}`);
  return value;
}

/** Throws unless `command` may run in `status`; returns the status it leads to. */
export function checkTransition<Status extends string>(
  kind: string,
  transitions: Record<string, Transition<Status>>,
  command: string,
  status: Status,
): Status {
  const transition = transitions[command];
  if (!transition) throw new DomainRuleError('unknown-command', `${kind} has no command "${command}"`);
  if (!transition.from.includes(status)) {
    throw new DomainRuleError(
      `${command}-requires-state`,
      `${command} is allowed only when the ${kind} is ${transition.from.join(' or ')}; it is ${status}`,
    );
  }
  return targetOf(transition, status);
}

/** A kind's rules, typed by its own events: `decide` may only record them, `evolve` folds them. */
export interface Decider<State, Command extends { type: string }, Event extends KindEvent = KindEvent> {
  initialState: State;
  decide(command: Command, state: State): DecidedEvent<Event>[];
  evolve(state: State, event: RecordedFact<Event>): State;
}
