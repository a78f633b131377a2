// CharterFlightWorkflow: a chartered repatriation as a saga. Rules live in decider.ts; this shell
// asks each suspect case to join or leave the manifest (the case answers through its own Update),
// tells every case on board of departure and landing, compensates when a manifested case loses its
// clearance before departure. The commands, the search attributes and continue-as-new (a manifest
// of 73 is hundreds of history events) are case-kit's, as for every kind.
import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Actor } from '../../events/envelope.ts';
import type { CaseRuntime, CommandSteps } from '../case-kit/case-runtime.ts';
import { continueAsNewIfSuggested, finishCase, refuseForgedStart, startCase } from '../case-kit/case-shell.ts';
import type { ManifestActivities, TellCaseActivities } from '../case-kit/ports.ts';
import { DomainRuleError } from '../case-kit/rules.ts';
import { type MessageSeal, SEALED_CASE_SIGNALS_PATCH, type SealedMessage } from '../case-kit/sealed-message.ts';
import { FlightIdKey } from '../case-kit/search-attributes.ts';
import { boardedAndArrestedSignal, caseLostClearanceSignal, landedSignal } from '../suspect/messages.ts';
import { type FlightCommand, flightCommandSchemas, PlanFlight } from './commands.ts';
import { FLIGHT_TERMINAL, type FlightState, flightDecider, initialFlightState } from './decider.ts';
import type { FlightEvent } from './events.ts';
import { type CharterFlightInput, type CharterFlightOutcome, flightStateQuery } from './messages.ts';

const { joinManifest, leaveManifest, tellCase } = proxyActivities<ManifestActivities & TellCaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

type Flight = CaseRuntime<FlightState, FlightCommand, FlightEvent>;
type CommandFacts = { actor: Actor; occurredAt: string };

function manifestRequest(flight: Flight, caseId: string, command: CommandFacts, step: 'join' | 'leave', onBehalfOf: SealedMessage) {
  const flightId = flight.streamId;
  const updateId = `${flightId}/${step}/${caseId}/${uuid4()}`;
  return { caseId, flightId, actor: command.actor, occurredAt: command.occurredAt, updateId, onBehalfOf };
}

async function releaseFromCase(flight: Flight, caseId: string, reason: string, command: CommandFacts, onBehalfOf: SealedMessage) {
  const answer = await leaveManifest({ ...manifestRequest(flight, caseId, command, 'leave', onBehalfOf), reason });
  if (!answer.accepted) log.info('case did not leave the manifest; releasing the seat anyway', { caseId, reason: answer.reason });
}

async function tellOnBoard(flight: Flight, signal: typeof landedSignal | typeof boardedAndArrestedSignal, command: CommandFacts) {
  const fact = { flightId: flight.streamId, actor: command.actor, occurredAt: command.occurredAt };
  if (patched(SEALED_CASE_SIGNALS_PATCH)) {
    // Through an activity, which seals the signal: a suspect case believes no unsealed one.
    await Promise.all(
      flight.state.onBoard.map(async (caseId) => {
        const { told } = await tellCase({ workflowId: caseId, signal: signal.name, fact });
        if (!told) log.warn('a case on board has finished and was not told', { caseId, signal: signal.name });
      }),
    );
    return;
  }
  await Promise.all(
    flight.state.onBoard.map((caseId) =>
      getExternalWorkflowHandle(caseId)
        .signal(signal, fact)
        .catch((error: unknown) => log.warn('a case on board could not be told', { caseId, signal: signal.name, error: String(error) })),
    ),
  );
}

/**
 * The saga around the commands that involve the cases on the manifest. Each runs in its command's
 * turn, after the rules allowed the command and before anything else reaches the flight, so no
 * command slips between a case's answer and its recording.
 */
function sagaSteps(flight: Flight): CommandSteps<FlightCommand> {
  const flightId = flight.streamId;
  return {
    addToManifest: async (command, record, sentAs) => {
      const answer = await joinManifest({ ...manifestRequest(flight, command.caseId, command, 'join', sentAs), seat: command.seat });
      if (!answer.accepted) {
        throw new DomainRuleError(answer.rule ?? 'case-cleared-to-travel', `${command.caseId} cannot join ${flightId}: ${answer.reason}`);
      }
      try {
        return await record();
      } catch (error) {
        await releaseFromCase(flight, command.caseId, `${flightId} could not record the seat`, command, sentAs);
        throw error;
      }
    },
    removeFromManifest: async (command, record, sentAs) => {
      await releaseFromCase(flight, command.caseId, command.reason, command, sentAs);
      return record();
    },
    depart: async (command, record) => {
      const result = await record();
      await tellOnBoard(flight, boardedAndArrestedSignal, command);
      return result;
    },
    land: async (command, record) => {
      const result = await record();
      await tellOnBoard(flight, landedSignal, command);
      return result;
    },
    cancel: async (command, record, sentAs) => {
      const reason = `${flightId} cancelled: ${command.reason}`;
      await Promise.all(flight.state.manifest.map((entry) => releaseFromCase(flight, entry.caseId, reason, command, sentAs)));
      return record();
    },
  };
}

export async function CharterFlightWorkflow(input: CharterFlightInput, seal?: MessageSeal): Promise<CharterFlightOutcome> {
  refuseForgedStart(input, seal);
  const plan = PlanFlight.parse(input.plan);
  const flightId = plan.caseId;
  const { runtime, opened } = startCase({
    kind: 'flight',
    caseId: flightId,
    decider: flightDecider,
    initialState: initialFlightState,
    carried: input.carried,
    started: { input, seal },
    opening: plan,
    searchAttributes: (state: FlightState) => [{ key: FlightIdKey, value: state.caseId }],
    commands: flightCommandSchemas,
    steps: sagaSteps,
    stateQuery: flightStateQuery,
  });
  // Compensation, in the same queue as every command: a case that lost its clearance before
  // departure leaves; its seat is released and, once escorts are planned, the plan is re-checked.
  // After departure the fact is only logged.
  setHandler(caseLostClearanceSignal, async (fact, seal) => {
    await runtime.applySignalledFact({ name: caseLostClearanceSignal.name, content: fact, seal }, () => ({
      type: 'releaseLostClearance',
      caseId: fact.caseId,
      reason: fact.reason,
      actor: { agency: runtime.state.leadAgency ?? 'MOJ', role: 'operator', userId: `system:${flightId}` },
      // The fact carries no time: the flight records when it comes to it (workflow time is replay-safe).
      occurredAt: new Date().toISOString(),
    }));
  });

  await opened;
  while (!FLIGHT_TERMINAL.includes(runtime.state.status)) {
    await continueAsNewIfSuggested(() => continueAsNew<typeof CharterFlightWorkflow>({ plan: input.plan, carried: runtime.carry() }));
    // Woken by the suggestion too, not only by a change: a long manifest leaves its run at once.
    const seen = runtime.streamVersion;
    await condition(() => runtime.streamVersion !== seen || workflowInfo().continueAsNewSuggested);
  }
  return { ...(await finishCase(runtime)), onBoard: runtime.state.onBoard };
}
