// SuspectCaseWorkflow: the durable life of one suspect, from identification abroad to the
// hand-over in Korea and the referral to prosecution. Rules live in decider.ts and the clocks'
// timetable in clocks.ts; this shell runs the timers, turns the flight's and the raid's signals
// into facts, tells a flight when a manifested case loses its clearance, keeps the search
// attributes current, and continues as new when the history grows long.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { Actor } from '../../events/envelope.ts';
import { CaseRuntime } from '../case-kit/case-runtime.ts';
import type { DeadlineActivities } from '../case-kit/ports.ts';
import { CaseKindKey, CaseStatusKey, FlightIdKey, LeadAgencyKey, NextDeadlineKey, OperationIdKey } from '../case-kit/search-attributes.ts';
import { nextDeadline, type RunningClock, runningClocks } from './clocks.ts';
import { BoardedAndArrested, DetainedInRaid, IdentifySuspect, Landed, type SuspectCommand, suspectCommandSchemas } from './commands.ts';
import { initialSuspectState, SUSPECT_TERMINAL, type SuspectState, suspectDecider } from './decider.ts';
import {
  boardedAndArrestedSignal,
  caseLostClearanceSignal,
  detainedInRaidSignal,
  landedSignal,
  type SuspectCaseInput,
  type SuspectCaseOutcome,
  suspectStateQuery,
} from './messages.ts';

const { resolveSuspectDeadlines } = proxyActivities<DeadlineActivities>({ startToCloseTimeout: '10 seconds' });

function timerActor(state: SuspectState): Actor {
  return { agency: state.leadAgency ?? 'NPA', role: 'supervisor', userId: 'system:deadline-timer' };
}

function publishSearchAttributes(state: SuspectState): void {
  const deadline = nextDeadline(state);
  const pairs: SearchAttributeUpdatePair[] = [
    { key: CaseKindKey, value: 'suspect' },
    { key: CaseStatusKey, value: state.status },
    { key: NextDeadlineKey, value: deadline ? new Date(deadline) : null },
    { key: FlightIdKey, value: state.flightId },
    { key: OperationIdKey, value: state.operationId },
  ];
  if (state.leadAgency) pairs.push({ key: LeadAgencyKey, value: state.leadAgency });
  upsertSearchAttributes(pairs);
}

/** A signal cannot be refused, so a malformed one is logged and left out of the case. */
function parseSignal<T extends z.ZodType>(schema: T, signal: string, payload: unknown): z.infer<T> | null {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  log.warn('malformed signal ignored', { signal, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  return null;
}

/** Tells the flight to release the seat; a flight that has already finished has nothing left to release. */
async function tellFlight(caseId: string, loss: { flightId: string; reason: string }): Promise<void> {
  try {
    await getExternalWorkflowHandle(loss.flightId).signal(caseLostClearanceSignal, { caseId, reason: loss.reason });
  } catch (error) {
    log.warn('the flight could not be told that the case lost its clearance', { flightId: loss.flightId, error: String(error) });
  }
}

export async function SuspectCaseWorkflow(input: SuspectCaseInput): Promise<SuspectCaseOutcome> {
  const identify = IdentifySuspect.parse(input.identify);
  const caseId = identify.caseId;
  let revision = 0;
  // Losses up to here were told before the previous run continued as new.
  let flightsTold = input.carried?.state.clearanceLosses ?? 0;
  const notices: Promise<void>[] = [];
  const runtime = new CaseRuntime<SuspectState, SuspectCommand>(
    caseId,
    suspectDecider,
    input.carried ?? { state: initialSuspectState(caseId), streamVersion: 0 },
    (state) => {
      revision++;
      publishSearchAttributes(state);
      if (state.clearanceLosses > flightsTold && state.lastClearanceLoss) {
        flightsTold = state.clearanceLosses;
        notices.push(tellFlight(caseId, state.lastClearanceLoss));
      }
    },
  );
  // Queued before any handler is registered and before any await, so the identification is always
  // the stream's first event and updates sent right after the start wait their turn behind it.
  const identified = input.carried
    ? Promise.resolve()
    : runtime.execute(async () => ({ ...identify, deadlines: await resolveSuspectDeadlines(identify.hostCountry) }));

  runtime.registerCommands(suspectCommandSchemas);
  setHandler(suspectStateQuery, () => runtime.state);
  setHandler(detainedInRaidSignal, async (payload) => {
    const fact = parseSignal(DetainedInRaid, 'detainedInRaid', payload);
    if (fact) await runtime.applyFact({ type: 'recordArrest', ...fact });
  });
  setHandler(boardedAndArrestedSignal, async (payload) => {
    const fact = parseSignal(BoardedAndArrested, 'boardedAndArrested', payload);
    if (fact) await runtime.applyFact({ type: 'recordOnBoardArrest', ...fact });
  });
  setHandler(landedSignal, async (payload) => {
    const fact = parseSignal(Landed, 'landed', payload);
    if (fact) await runtime.applyFact({ type: 'recordLanding', ...fact });
  });

  /** Sleeps from step to step of one legal clock; stops as soon as the case no longer runs it. */
  async function runClock(clock: RunningClock): Promise<void> {
    const stopped = () => !runningClocks(runtime.state).some((running) => running.key === clock.key);
    let from = clock.startedAt;
    for (const step of clock.steps) {
      if (await condition(stopped, Math.max(1, Date.parse(step.at) - Date.parse(from)))) return;
      await runtime.applyFact({ type: step.command, actor: timerActor(runtime.state), occurredAt: step.at });
      from = step.at;
    }
  }

  await identified;
  const clocks = new Map<string, Promise<void>>();
  while (!SUSPECT_TERMINAL.includes(runtime.state.status)) {
    for (const clock of runningClocks(runtime.state)) {
      if (!clocks.has(clock.key)) clocks.set(clock.key, runClock(clock));
    }
    const seen = revision;
    await condition(() => revision !== seen);

    // A running clock's elapsed time lives only in this run's timers, so continue as new between clocks.
    if (workflowInfo().continueAsNewSuggested && runningClocks(runtime.state).length === 0) {
      await condition(allHandlersFinished);
      if (runningClocks(runtime.state).length === 0) {
        await Promise.all(notices);
        await continueAsNew<typeof SuspectCaseWorkflow>({
          identify: input.identify,
          carried: runtime.carry(),
        });
      }
    }
  }
  await condition(allHandlersFinished);
  await Promise.all([...clocks.values(), ...notices]);
  return { caseId, status: runtime.state.status, streamVersion: runtime.streamVersion };
}
