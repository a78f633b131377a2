// What every case workflow does around its own timers, hand-offs and saga steps: start the
// runtime from the state a previous run carried (or a new case, its opening command queued before
// any handler), keep the search attributes current, take commands and the state query, continue
// as new when Temporal suggests it, and finish once every handler has. Runs in the workflow sandbox.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  type QueryDefinition,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { Agency } from '../../events/envelope.ts';
import { type Admission, type BaseCommand, type CarriedCase, CaseRuntime, type CommandSteps, type TimedState } from './case-runtime.ts';
import type { Decider, KindEvent } from './rules.ts';
import { arrivedUnencrypted, PAYLOAD_NOT_ENCRYPTED } from './sealed-message.ts';
import { CaseKindKey, CaseStatusKey, LeadAgencyKey } from './search-attributes.ts';

/** What the shell reads of every kind's state. */
interface CaseStateBase extends TimedState {
  status: string;
  leadAgency: Agency | null;
}

export interface CaseSpec<State extends CaseStateBase, Command extends BaseCommand, Event extends KindEvent> {
  /** The kind's registry name (workflows/kinds.ts), the CaseKind search attribute. */
  kind: string;
  caseId: string;
  decider: Decider<State, Command, Event>;
  initialState: (caseId: string) => State;
  /** Present after continue-as-new: where the previous run left the case. */
  carried: CarriedCase<State> | undefined;
  /** The workflow's argument and the seal beside it: the message that opens the case, verified when its opening command is appended. */
  started: { input: unknown; seal: unknown };
  /** The command that opens a new case; a function when building it needs an activity. */
  opening: Command | (() => Promise<Command>);
  /** The kind's own search attributes, beside its kind, status and lead agency. */
  searchAttributes: (state: State) => SearchAttributeUpdatePair[];
  /** Anything else the kind does after each change (e.g. tell a flight of a lost clearance). */
  onChange?: (state: State) => void;
  commands: Record<string, z.ZodType<Command, unknown>>;
  /** The saga steps of the kind's commands, given the runtime they record through. */
  steps?: (runtime: CaseRuntime<State, Command, Event>) => CommandSteps<Command>;
  /** What the kind checks when an Update arrives, beyond its rules (see Admission). */
  admit?: Admission<State, Command>;
  stateQuery: QueryDefinition<State>;
}

export interface StartedCase<State extends TimedState, Command extends BaseCommand, Event extends KindEvent> {
  runtime: CaseRuntime<State, Command, Event>;
  /** Settles once the opening command is recorded (at once in a continued run). */
  opened: Promise<unknown>;
}

/**
 * Refuses a start before the workflow reads anything from it: one that arrived unencrypted, or one
 * that carries state although no previous run of this case handed it over (a client could start a
 * case that way, past its opening command, with whatever state it likes). Failing the run, not the
 * workflow task, so a refused start does not stay stuck retrying.
 */
export function refuseForgedStart(input: { carried?: unknown }, seal: unknown): void {
  if (arrivedUnencrypted(input, seal)) throw ApplicationFailure.nonRetryable('the case was started unencrypted', PAYLOAD_NOT_ENCRYPTED);
  if (input.carried !== undefined && !workflowInfo().continuedFromExecutionRunId) {
    throw ApplicationFailure.nonRetryable('only a previous run of the case can hand it its state', 'StartRefused');
  }
}

export function startCase<State extends CaseStateBase, Command extends BaseCommand, Event extends KindEvent>(
  spec: CaseSpec<State, Command, Event>,
): StartedCase<State, Command, Event> {
  const runtime = new CaseRuntime<State, Command, Event>(
    spec.caseId,
    spec.decider,
    spec.carried ?? { state: spec.initialState(spec.caseId), streamVersion: 0 },
    (state) => {
      const pairs: SearchAttributeUpdatePair[] = [
        { key: CaseKindKey, value: spec.kind },
        { key: CaseStatusKey, value: state.status },
        ...spec.searchAttributes(state),
      ];
      if (state.leadAgency) pairs.push({ key: LeadAgencyKey, value: state.leadAgency });
      upsertSearchAttributes(pairs);
      spec.onChange?.(state);
    },
  );
  // Queued before any handler is registered and before any await, so the opening command is always
  // the stream's first event and commands sent right after the start wait their turn behind it.
  const opening = { name: workflowInfo().workflowType, content: spec.started.input, seal: spec.started.seal };
  const opened = spec.carried ? Promise.resolve() : runtime.execute(spec.opening, opening);
  runtime.registerCommands(spec.commands, spec.steps?.(runtime), spec.admit);
  setHandler(spec.stateQuery, () => runtime.state);
  return { runtime, opened };
}

/**
 * Continues as new when Temporal suggests it and the case can leave this run (`canLeave` is asked
 * again once every handler has finished, since a handler may have changed the case): `leave`
 * calls continueAsNew with what the runtime carries.
 */
export async function continueAsNewIfSuggested(leave: () => Promise<never>, canLeave: () => boolean = () => true): Promise<void> {
  if (!workflowInfo().continueAsNewSuggested || !canLeave()) return;
  await condition(allHandlersFinished);
  if (canLeave()) await leave();
}

/** Waits for every handler, then for what else the kind still runs (asked only then); then the case's outcome. */
export async function finishCase<State extends CaseStateBase, Command extends BaseCommand>(
  runtime: CaseRuntime<State, Command>,
  stillRunning: () => Promise<unknown>[] = () => [],
): Promise<{ caseId: string; status: State['status']; streamVersion: number }> {
  await condition(allHandlersFinished);
  await Promise.all(stillRunning());
  return { caseId: runtime.streamId, status: runtime.state.status, streamVersion: runtime.streamVersion };
}

/**
 * Clocks run from the fact's time: a timer waits until its step's time by the workflow's clock
 * (Temporal's deterministic time) and fires at once when that time has passed, so a fact recorded
 * late escalates when it should have. Histories recorded before this patch timed each step from
 * when the command was processed; they replay that path.
 */
export const CLOCKS_FROM_FACT_TIME_PATCH = 'clocks-run-from-fact-time';

/**
 * Waits until `at` by the workflow's clock, or until `stopped` holds, whichever comes first; at
 * once when `at` has passed. True when it stopped.
 */
export async function waitForStep(at: string, stopped: () => boolean): Promise<boolean> {
  const wait = Date.parse(at) - Date.now();
  return wait > 0 ? condition(stopped, wait) : stopped();
}
