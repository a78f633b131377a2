// SuspectCaseWorkflow: the durable life of one suspect, from identification abroad to the
// hand-over in Korea and the referral to prosecution. Rules live in decider.ts and the clocks'
// timetable in clocks.ts; this shell runs the timers, turns the flight's and the raid's signals
// into facts, tells a flight when a manifested case loses its clearance, and opens the victim case
// a person screened as a victim goes on in; case-kit/case-shell.ts does the rest (and continues as
// new only between clocks).
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { condition, continueAsNew, getExternalWorkflowHandle, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { z } from 'zod';
import type { Actor } from '../../events/envelope.ts';
import {
  CLOCKS_FROM_FACT_TIME_PATCH,
  continueAsNewIfSuggested,
  finishCase,
  refuseForgedStart,
  startCase,
  waitForStep,
} from '../case-kit/case-shell.ts';
import type { DeadlineActivities, OpenCaseActivities, TellCaseActivities } from '../case-kit/ports.ts';
import { type MessageSeal, SEALED_CASE_SIGNALS_PATCH } from '../case-kit/sealed-message.ts';
import { FlightIdKey, NextDeadlineKey, OperationIdKey } from '../case-kit/search-attributes.ts';
import { nextDeadline, runningClocks, type SuspectClock } from './clocks.ts';
import { BoardedAndArrested, DetainedInRaid, IdentifySuspect, Landed, suspectCommandSchemas } from './commands.ts';
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
const { openCase } = proxyActivities<OpenCaseActivities>({ startToCloseTimeout: '30 seconds' });
const { tellCase } = proxyActivities<TellCaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

function timerActor(state: SuspectState): Actor {
  return { agency: state.leadAgency ?? 'NPA', role: 'supervisor', userId: 'system:deadline-timer' };
}

function searchAttributes(state: SuspectState): SearchAttributeUpdatePair[] {
  const deadline = nextDeadline(state);
  return [
    { key: NextDeadlineKey, value: deadline ? new Date(deadline) : null },
    { key: FlightIdKey, value: state.flightId },
    { key: OperationIdKey, value: state.operationId },
  ];
}

/** The clocks with steps still to come: the ones a timer runs for. */
function ticking(state: SuspectState): SuspectClock[] {
  return runningClocks(state).filter((clock) => clock.steps.length > 0);
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
  const fact = { caseId, reason: loss.reason };
  if (patched(SEALED_CASE_SIGNALS_PATCH)) {
    // Through an activity, which seals the signal: the flight believes no unsealed one.
    const { told } = await tellCase({ workflowId: loss.flightId, signal: caseLostClearanceSignal.name, fact });
    if (!told) log.warn('the flight has finished and was not told that the case lost its clearance', { flightId: loss.flightId });
    return;
  }
  try {
    await getExternalWorkflowHandle(loss.flightId).signal(caseLostClearanceSignal, fact);
  } catch (error) {
    log.warn('the flight could not be told that the case lost its clearance', { flightId: loss.flightId, error: String(error) });
  }
}

export async function SuspectCaseWorkflow(input: SuspectCaseInput, seal?: MessageSeal): Promise<SuspectCaseOutcome> {
  refuseForgedStart(input, seal);
  const identify = IdentifySuspect.parse(input.identify);
  const caseId = identify.caseId;
  // Losses up to here were told before the previous run continued as new.
  let flightsTold = input.carried?.state.clearanceLosses ?? 0;
  const notices: Promise<void>[] = [];
  const { runtime, opened } = startCase({
    kind: 'suspect',
    caseId,
    decider: suspectDecider,
    initialState: initialSuspectState,
    carried: input.carried,
    started: { input, seal },
    opening: async () => ({ ...identify, deadlines: await resolveSuspectDeadlines(identify.hostCountry) }),
    searchAttributes,
    onChange: (state) => {
      if (state.clearanceLosses > flightsTold && state.lastClearanceLoss) {
        flightsTold = state.clearanceLosses;
        notices.push(tellFlight(caseId, state.lastClearanceLoss));
      }
    },
    commands: suspectCommandSchemas,
    stateQuery: suspectStateQuery,
  });
  setHandler(detainedInRaidSignal, async (payload, seal) => {
    const fact = parseSignal(DetainedInRaid, 'detainedInRaid', payload);
    if (fact)
      await runtime.applySignalledFact({ name: detainedInRaidSignal.name, content: payload, seal }, { type: 'recordArrest', ...fact });
  });
  setHandler(boardedAndArrestedSignal, async (payload, seal) => {
    const fact = parseSignal(BoardedAndArrested, 'boardedAndArrested', payload);
    const sentAs = { name: boardedAndArrestedSignal.name, content: payload, seal };
    if (fact) await runtime.applySignalledFact(sentAs, { type: 'recordOnBoardArrest', ...fact });
  });
  setHandler(landedSignal, async (payload, seal) => {
    const fact = parseSignal(Landed, 'landed', payload);
    if (fact) await runtime.applySignalledFact({ name: landedSignal.name, content: payload, seal }, { type: 'recordLanding', ...fact });
  });

  /** Waits for each step of one legal clock in turn; stops as soon as the case no longer runs it. */
  async function runClock(clock: SuspectClock): Promise<void> {
    const stopped = () => !runningClocks(runtime.state).some((running) => running.key === clock.key);
    const fromFactTime = patched(CLOCKS_FROM_FACT_TIME_PATCH);
    let from = clock.startedAt;
    for (const step of clock.steps) {
      // Before CLOCKS_FROM_FACT_TIME_PATCH: each step a period after the previous one, counted from now.
      const stop = fromFactTime
        ? await waitForStep(step.at, stopped)
        : await condition(stopped, Math.max(1, Date.parse(step.at) - Date.parse(from)));
      if (stop) return;
      await runtime.applyFact({ type: step.command, actor: timerActor(runtime.state), occurredAt: step.at });
      from = step.at;
    }
  }

  await opened;
  const clocks = new Map<string, Promise<void>>();
  while (!SUSPECT_TERMINAL.includes(runtime.state.status)) {
    for (const clock of ticking(runtime.state)) {
      if (!clocks.has(clock.key)) clocks.set(clock.key, runClock(clock));
    }
    const seen = runtime.streamVersion;
    await condition(() => runtime.streamVersion !== seen);

    // A running clock's elapsed time lives only in this run's timers, so continue as new between clocks.
    await continueAsNewIfSuggested(
      async () => {
        await Promise.all(notices);
        return continueAsNew<typeof SuspectCaseWorkflow>({ identify: input.identify, carried: runtime.carry() });
      },
      () => ticking(runtime.state).length === 0,
    );
  }
  const { victimCaseId } = runtime.state;
  if (victimCaseId) {
    // Screening found a victim: the person goes on in a victim case whose opening names this one
    // (the reverse of a victim-offender's screening opening a suspect case).
    await openCase({
      workflowType: 'VictimCaseWorkflow',
      workflowId: victimCaseId,
      args: [
        {
          report: {
            type: 'reportVictim',
            caseId: victimCaseId,
            actor: { agency: runtime.state.leadAgency ?? 'NPA', role: 'supervisor', userId: `system:${caseId}` },
            occurredAt: runtime.state.statusSince ?? identify.occurredAt,
            leadAgency: 'MOFA',
            personName: identify.personName,
            birthDate: identify.birthDate,
            reportedBy: 'screening',
            hostCountry: identify.hostCountry,
            linkedSuspectCaseId: caseId,
          },
        },
      ],
    });
  }
  return finishCase(runtime, () => [...clocks.values(), ...notices]);
}
