// CharterFlightWorkflow: a chartered repatriation as a saga. Rules live in decider.ts; this shell
// asks each suspect case to join or leave the manifest (the case answers through its own Update),
// tells every case on board of departure and landing, compensates when a manifested case loses its
// clearance before departure, keeps the search attributes current and continues as new when the
// history grows long (a manifest of 73 is hundreds of history events).
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineUpdate,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { Actor } from '../../events/envelope.ts';
import { CaseRuntime, type CommandResult } from '../case-kit/case-runtime.ts';
import type { ManifestActivities } from '../case-kit/ports.ts';
import { DomainRuleError } from '../case-kit/rules.ts';
import { CaseKindKey, CaseStatusKey, FlightIdKey, LeadAgencyKey } from '../case-kit/search-attributes.ts';
import { boardedAndArrestedSignal, caseLostClearanceSignal, landedSignal } from '../suspect/messages.ts';
import { type FlightCommand, type FlightCommandName, flightCommandSchemas, PlanFlight } from './commands.ts';
import { FLIGHT_TERMINAL, type FlightState, flightDecider, initialFlightState } from './decider.ts';
import { type CharterFlightInput, type CharterFlightOutcome, flightStateQuery } from './messages.ts';

const { joinManifest, leaveManifest } = proxyActivities<ManifestActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

function publishSearchAttributes(state: FlightState): void {
  const pairs: SearchAttributeUpdatePair[] = [
    { key: CaseKindKey, value: 'flight' },
    { key: CaseStatusKey, value: state.status },
    { key: FlightIdKey, value: state.caseId },
  ];
  if (state.leadAgency) pairs.push({ key: LeadAgencyKey, value: state.leadAgency });
  upsertSearchAttributes(pairs);
}

function asRejection(error: unknown): ApplicationFailure {
  if (error instanceof DomainRuleError) return ApplicationFailure.nonRetryable(error.message, 'DomainRuleError', { rule: error.rule });
  if (error instanceof ApplicationFailure) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return ApplicationFailure.nonRetryable(cause instanceof Error ? cause.message : String(cause), 'CommandFailed');
}

type Command<Name extends FlightCommandName> = Extract<FlightCommand, { type: Name }>;
type SagaSteps = { [Name in FlightCommandName]: (command: Command<Name>) => Promise<CommandResult> };

export async function CharterFlightWorkflow(input: CharterFlightInput): Promise<CharterFlightOutcome> {
  const plan = PlanFlight.parse(input.plan);
  const flightId = plan.caseId;
  let revision = 0;
  const runtime = new CaseRuntime<FlightState, FlightCommand>(
    flightId,
    flightDecider,
    input.carried ?? { state: initialFlightState(flightId), streamVersion: 0 },
    (state) => {
      revision++;
      publishSearchAttributes(state);
    },
  );
  // One queue for every step of the saga, commands and compensations alike: each is decided on the
  // state its predecessor left, and no command slips between a case's answer and its recording.
  let queue: Promise<unknown> = Promise.resolve();
  /** Steps accepted but not yet run; while any are, a validator cannot know the state its step will see. */
  let pending = 0;
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    pending++;
    const next = queue.then(work).finally(() => {
      pending--;
    });
    queue = next.catch(() => undefined);
    return next;
  }
  // Queued before any handler is registered, so the plan is always the stream's first event.
  const planned = input.carried ? Promise.resolve() : inTurn(() => runtime.execute(plan));

  const systemActor = (): Actor => ({ agency: runtime.state.leadAgency ?? 'MOJ', role: 'operator', userId: `system:${flightId}` });

  function manifestRequest(caseId: string, command: { actor: Actor; occurredAt: string }, step: 'join' | 'leave') {
    return { caseId, flightId, actor: command.actor, occurredAt: command.occurredAt, updateId: `${flightId}/${step}/${caseId}/${uuid4()}` };
  }

  async function releaseFromCase(caseId: string, reason: string, command: { actor: Actor; occurredAt: string }): Promise<void> {
    const answer = await leaveManifest({ ...manifestRequest(caseId, command, 'leave'), reason });
    if (!answer.accepted) log.info('case did not leave the manifest; releasing the seat anyway', { caseId, reason: answer.reason });
  }

  async function tellOnBoard(signal: typeof landedSignal | typeof boardedAndArrestedSignal, command: { actor: Actor; occurredAt: string }) {
    const fact = { flightId, actor: command.actor, occurredAt: command.occurredAt };
    await Promise.all(
      runtime.state.onBoard.map((caseId) =>
        getExternalWorkflowHandle(caseId)
          .signal(signal, fact)
          .catch((error: unknown) => log.warn('a case on board could not be told', { caseId, signal: signal.name, error: String(error) })),
      ),
    );
  }

  const steps: SagaSteps = {
    openManifest: (command) => runtime.execute(command),
    addToManifest: async (command) => {
      flightDecider.decide(command, runtime.state);
      const answer = await joinManifest({ ...manifestRequest(command.caseId, command, 'join'), seat: command.seat });
      if (!answer.accepted) {
        throw new DomainRuleError(answer.rule ?? 'case-cleared-to-travel', `${command.caseId} cannot join ${flightId}: ${answer.reason}`);
      }
      try {
        return await runtime.execute(command);
      } catch (error) {
        await releaseFromCase(command.caseId, `${flightId} could not record the seat`, command);
        throw error;
      }
    },
    removeFromManifest: async (command) => {
      flightDecider.decide(command, runtime.state);
      await releaseFromCase(command.caseId, command.reason, command);
      return runtime.execute(command);
    },
    lockManifest: (command) => runtime.execute(command),
    assignEscorts: (command) => runtime.execute(command),
    depart: async (command) => {
      const result = await runtime.execute(command);
      await tellOnBoard(boardedAndArrestedSignal, command);
      return result;
    },
    land: async (command) => {
      const result = await runtime.execute(command);
      await tellOnBoard(landedSignal, command);
      return result;
    },
    completeHandover: (command) => runtime.execute(command),
    cancel: async (command) => {
      flightDecider.decide(command, runtime.state);
      const reason = `${flightId} cancelled: ${command.reason}`;
      await Promise.all(runtime.state.manifest.map((entry) => releaseFromCase(entry.caseId, reason, command)));
      return runtime.execute(command);
    },
  };

  for (const name of Object.keys(steps) as FlightCommandName[]) {
    const schema = flightCommandSchemas[name] as z.ZodType<FlightCommand>;
    const step = steps[name] as (command: FlightCommand) => Promise<CommandResult>;
    setHandler(
      defineUpdate<CommandResult, [unknown]>(name),
      (payload) =>
        inTurn(() => step(schema.parse(payload))).catch((error: unknown) => {
          throw asRejection(error);
        }),
      {
        validator: (payload) => {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) {
            const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
            throw ApplicationFailure.nonRetryable(`${name}: invalid command: ${detail}`, 'InvalidCommand');
          }
          if (pending > 0) return;
          try {
            flightDecider.decide(parsed.data, runtime.state);
          } catch (error) {
            throw asRejection(error);
          }
        },
      },
    );
  }
  setHandler(flightStateQuery, () => runtime.state);
  // Compensation: a case that lost its clearance before departure leaves; its seat is released
  // and, once escorts are planned, the plan is re-checked. After departure the fact is only logged.
  setHandler(caseLostClearanceSignal, (fact) =>
    inTurn(() =>
      runtime.applyFact({
        type: 'releaseLostClearance',
        caseId: fact.caseId,
        reason: fact.reason,
        actor: systemActor(),
        // The fact carries no time: the flight records when it learned of it (workflow time is replay-safe).
        occurredAt: new Date().toISOString(),
      }),
    ).then(() => undefined),
  );

  await planned;
  while (!FLIGHT_TERMINAL.includes(runtime.state.status)) {
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof CharterFlightWorkflow>({
        plan: input.plan,
        carried: runtime.carry(),
      });
    }
    const seen = revision;
    await condition(() => revision !== seen || workflowInfo().continueAsNewSuggested);
  }
  await condition(allHandlersFinished);
  return { caseId: flightId, status: runtime.state.status, onBoard: runtime.state.onBoard, streamVersion: runtime.streamVersion };
}
