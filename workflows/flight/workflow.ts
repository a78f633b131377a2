// CharterFlightWorkflow: a chartered repatriation as a saga. Rules live in decider.ts; this shell
// asks each suspect case to join or leave the manifest (the case answers through its own Update),
// tells every case on board of departure and landing once the leg is recorded and answered,
// compensates when a manifested case loses its clearance before departure, and records a case
// that lost it before boarding as not on board. The commands, the search attributes and
// continue-as-new (a manifest of 73 is hundreds of history events) are case-kit's, as for every kind.
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
import type { CaseRuntime, CommandResult, CommandSteps } from '../case-kit/case-runtime.ts';
import { continueAsNewIfSuggested, finishCase, refuseForgedStart, startCase } from '../case-kit/case-shell.ts';
import type { ManifestActivities, TellCaseActivities } from '../case-kit/ports.ts';
import { DomainRuleError } from '../case-kit/rules.ts';
import { type MessageSeal, SEALED_CASE_SIGNALS_PATCH, type SealedMessage } from '../case-kit/sealed-message.ts';
import { FlightIdKey } from '../case-kit/search-attributes.ts';
import { boardedAndArrestedSignal, caseLostClearanceSignal, landedSignal } from '../suspect/messages.ts';
import { type FlightCommand, flightCommandSchemas, PlanFlight } from './commands.ts';
import { FLIGHT_TERMINAL, type FlightState, flightDecider, initialFlightState, refuseDepartureWhileNoticed } from './decider.ts';
import type { FlightEvent } from './events.ts';
import { type CharterFlightInput, type CharterFlightOutcome, flightStateQuery } from './messages.ts';

const { joinManifest, leaveManifest, tellCase } = proxyActivities<ManifestActivities & TellCaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

type Flight = CaseRuntime<FlightState, FlightCommand, FlightEvent>;
type CommandFacts = { actor: Actor; occurredAt: string };
type LegSignal = typeof landedSignal | typeof boardedAndArrestedSignal;

/**
 * Histories recorded before this patch told the cases on board inside the depart and land Updates,
 * which so waited on every case (a flight of 73 outlasted the API's 15 s); they replay that path.
 */
const TELL_AFTER_ANSWER_PATCH = 'flight-tells-cases-after-answer';
/** Histories recorded before this patch only logged a lost-clearance notice that reached a departed flight. */
const NOT_BOARDED_PATCH = 'flight-records-not-boarded';

function manifestRequest(flight: Flight, caseId: string, command: CommandFacts, step: 'join' | 'leave', onBehalfOf: SealedMessage) {
  const flightId = flight.streamId;
  const updateId = `${flightId}/${step}/${caseId}/${uuid4()}`;
  return { caseId, flightId, actor: command.actor, occurredAt: command.occurredAt, updateId, onBehalfOf };
}

async function releaseFromCase(flight: Flight, caseId: string, reason: string, command: CommandFacts, onBehalfOf: SealedMessage) {
  const answer = await leaveManifest({ ...manifestRequest(flight, caseId, command, 'leave', onBehalfOf), reason });
  if (!answer.accepted) log.info('case did not leave the manifest; releasing the seat anyway', { caseId, reason: answer.reason });
}

async function tellOnBoard(flight: Flight, signal: LegSignal, command: CommandFacts, onBoard: readonly string[] = flight.state.onBoard) {
  const fact = { flightId: flight.streamId, actor: command.actor, occurredAt: command.occurredAt };
  if (patched(SEALED_CASE_SIGNALS_PATCH)) {
    // Through an activity, which seals the signal: a suspect case believes no unsealed one.
    await Promise.all(
      onBoard.map(async (caseId) => {
        const { told } = await tellCase({ workflowId: caseId, signal: signal.name, fact });
        if (!told) log.warn('a case on board has finished and was not told', { caseId, signal: signal.name });
      }),
    );
    return;
  }
  await Promise.all(
    onBoard.map((caseId) =>
      getExternalWorkflowHandle(caseId)
        .signal(signal, fact)
        .catch((error: unknown) => log.warn('a case on board could not be told', { caseId, signal: signal.name, error: String(error) })),
    ),
  );
}

/**
 * The cases on board, told of each leg after the leg's Update has been answered: one leg after
 * the other, so a case hears of the departure before the landing. The telling is workflow code
 * (its activities are in the history), so a worker restart replays it and carries on where it was;
 * the run does not continue as new, nor finish, before every leg is told.
 */
class LegNotices {
  private told: Promise<void> = Promise.resolve();
  private untold = 0;

  after(flight: Flight, signal: LegSignal, command: CommandFacts): void {
    const onBoard = [...flight.state.onBoard];
    this.untold++;
    this.told = this.told
      .then(() => tellOnBoard(flight, signal, command, onBoard))
      .catch((error: unknown) => log.warn('the cases on board could not be told', { signal: signal.name, error: String(error) }))
      .finally(() => {
        this.untold--;
      });
  }

  get allTold(): boolean {
    return this.untold === 0;
  }

  settled(): Promise<void> {
    return this.told;
  }
}

/**
 * The saga around the commands that involve the cases on the manifest. Each runs in its command's
 * turn, after the rules allowed the command and before anything else reaches the flight, so no
 * command slips between a case's answer and its recording.
 */
function sagaSteps(flight: Flight, legs: LegNotices): CommandSteps<FlightCommand> {
  const flightId = flight.streamId;
  const tellAfterAnswer = async (signal: LegSignal, command: CommandFacts, record: () => Promise<CommandResult>) => {
    const result = await record();
    if (patched(TELL_AFTER_ANSWER_PATCH)) legs.after(flight, signal, command);
    else await tellOnBoard(flight, signal, command);
    return result;
  };
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
    depart: (command, record) => tellAfterAnswer(boardedAndArrestedSignal, command, record),
    land: (command, record) => tellAfterAnswer(landedSignal, command, record),
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
  const legs = new LegNotices();
  // Cases whose lost-clearance notice the flight has received and not yet applied.
  const noticed = new Set<string>();
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
    steps: (flight) => sagaSteps(flight, legs),
    admit: (command, state) => {
      if (command.type === 'depart') refuseDepartureWhileNoticed(state, noticed);
    },
    stateQuery: flightStateQuery,
  });

  // A lost-clearance notice and the departure race. The flight decides from what it has received,
  // in the order Temporal delivers it (the history's order, so replay decides the same):
  // - A notice received before the depart Update: the handler marks the case `noticed` at once
  //   (before any await) and queues its release in the case's one command queue. The depart
  //   Update's admission then refuses it (409 depart-with-lost-clearance) while the mark is there;
  //   a depart admitted just before is decided in its turn, behind the release, on a manifest
  //   without the case. Either way the departure never lists it.
  // - A notice received after the departure was recorded: the suspect case lost its clearance
  //   before it heard of the boarding (the suspect case's own queue orders the two; once it is
  //   IN_TRANSIT nothing makes it lose a clearance, and while MANIFESTED a boarding it hears after
  //   its loss is refused), so it never boarded: the flight records CaseNotBoarded and no longer
  //   counts it on board, for the landing and the hand-over. The suspect case sends its notice
  //   through an activity that retries until the flight takes it, so the notice always arrives.
  setHandler(caseLostClearanceSignal, async (fact, seal) => {
    const caseId = typeof fact?.caseId === 'string' ? fact.caseId : null;
    if (caseId) noticed.add(caseId);
    try {
      await runtime.applySignalledFact({ name: caseLostClearanceSignal.name, content: fact, seal }, () => {
        const departed = runtime.state.status === 'DEPARTED' || runtime.state.status === 'LANDED';
        return {
          type: departed && patched(NOT_BOARDED_PATCH) ? 'recordNotBoarded' : 'releaseLostClearance',
          caseId: fact.caseId,
          reason: fact.reason,
          actor: { agency: runtime.state.leadAgency ?? 'MOJ', role: 'operator', userId: `system:${flightId}` },
          // The fact carries no time: the flight records when it comes to it (workflow time is replay-safe).
          occurredAt: new Date().toISOString(),
        };
      });
    } finally {
      if (caseId) noticed.delete(caseId);
    }
  });

  await opened;
  while (!FLIGHT_TERMINAL.includes(runtime.state.status)) {
    await continueAsNewIfSuggested(
      () => continueAsNew<typeof CharterFlightWorkflow>({ plan: input.plan, carried: runtime.carry() }),
      () => legs.allTold,
    );
    // Woken by the suggestion too, not only by a change: a long manifest leaves its run at once
    // (once every leg is told).
    const seen = runtime.streamVersion;
    await condition(() => runtime.streamVersion !== seen || (workflowInfo().continueAsNewSuggested && legs.allTold));
  }
  return { ...(await finishCase(runtime, () => [legs.settled()])), onBoard: runtime.state.onBoard };
}
