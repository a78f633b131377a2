// JointOperationWorkflow: the durable life of one joint raid, from the plan to its conclusion.
// Rules live in decider.ts; this shell hands every person found to their own case (signal-with-
// start with a deterministic case id, so a retried raid report opens nothing twice);
// case-kit/case-shell.ts does the rest.
import { condition, continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { CaseRuntime } from '../case-kit/case-runtime.ts';
import { continueAsNewIfSuggested, finishCase, refuseForgedStart, startCase } from '../case-kit/case-shell.ts';
import type { OpenCaseActivities, OpenCaseInput } from '../case-kit/ports.ts';
import type { MessageSeal } from '../case-kit/sealed-message.ts';
import { CaseKindKey, OperationIdKey } from '../case-kit/search-attributes.ts';
import { detainedInRaidSignal } from '../suspect/messages.ts';
import { foundInRaidSignal } from '../victim/messages.ts';
import { type OperationCommand, operationCommandSchemas, PlanOperation } from './commands.ts';
import {
  handOverActor,
  initialOperationState,
  OPERATION_TERMINAL,
  type OperationState,
  operationDecider,
  type PendingHandOver,
} from './decider.ts';
import type { OperationEvent } from './events.ts';
import { type JointOperationInput, type JointOperationOutcome, operationStateQuery } from './messages.ts';

const { openCase } = proxyActivities<OpenCaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

/** Consular protection leads a victim's case; the police lead a suspect's. */
const VICTIM_LEAD = 'MOFA';
const SUSPECT_LEAD = 'NPA';

/** The signal-with-start that opens (or, when it runs already, tells) a found person's case. */
function caseOpening(state: OperationState, person: PendingHandOver): OpenCaseInput {
  const actor = handOverActor(state);
  const raid = state.raids[state.detentions[person.personRef]?.targetRef ?? ''];
  const operationId = state.caseId;
  const searchAttributes = [
    { key: CaseKindKey, value: person.caseKind },
    { key: OperationIdKey, value: operationId },
  ];
  if (person.caseKind === 'victim') {
    return {
      workflowType: 'VictimCaseWorkflow',
      workflowId: person.caseId,
      args: [
        {
          report: {
            type: 'reportVictim',
            caseId: person.caseId,
            actor,
            occurredAt: person.foundAt,
            leadAgency: VICTIM_LEAD,
            personName: person.personName,
            birthDate: person.birthDate,
            reportedBy: 'police',
            hostCountry: person.hostCountry,
            lastKnownLocation: raid ? `${raid.compound}, ${raid.province}` : undefined,
          },
        },
      ],
      signal: {
        name: foundInRaidSignal.name,
        args: [{ operationId, rescuedBy: person.foundBy, actor, occurredAt: person.foundAt }],
      },
      searchAttributes,
    };
  }
  return {
    workflowType: 'SuspectCaseWorkflow',
    workflowId: person.caseId,
    args: [
      {
        identify: {
          type: 'identifySuspect',
          caseId: person.caseId,
          actor,
          occurredAt: person.foundAt,
          leadAgency: SUSPECT_LEAD,
          personName: person.personName,
          birthDate: person.birthDate,
          passportNumber: person.passportNumber,
          hostCountry: person.hostCountry,
          source: 'raid',
          operationId,
        },
      },
    ],
    signal: {
      name: detainedInRaidSignal.name,
      args: [{ operationId, arrestedBy: person.foundBy, actor, occurredAt: person.foundAt }],
    },
    searchAttributes,
  };
}

/** Opens the case of everyone found and not yet handed over, then records the hand-overs in one append. */
async function handOverFoundPeople(runtime: CaseRuntime<OperationState, OperationCommand, OperationEvent>): Promise<void> {
  const state = runtime.state;
  const people = state.pendingHandOvers;
  await Promise.all(people.map((person) => openCase(caseOpening(state, person))));
  await runtime.applyFact({
    type: 'recordHandOvers',
    actor: handOverActor(state),
    occurredAt: people.map((p) => p.foundAt).reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest)),
    personRefs: people.map((p) => p.personRef),
  });
}

export async function JointOperationWorkflow(input: JointOperationInput, seal?: MessageSeal): Promise<JointOperationOutcome> {
  refuseForgedStart(input, seal);
  const plan = PlanOperation.parse(input.plan);
  const { runtime, opened } = startCase({
    kind: 'operation',
    caseId: plan.caseId,
    decider: operationDecider,
    initialState: initialOperationState,
    carried: input.carried,
    started: { input, seal },
    opening: plan,
    searchAttributes: (state: OperationState) => [{ key: OperationIdKey, value: state.caseId }],
    commands: operationCommandSchemas,
    stateQuery: operationStateQuery,
  });

  await opened;
  for (;;) {
    // Taken before the hand-overs, so the hand-overs recorded count as a change and the loop looks again.
    const seen = runtime.streamVersion;
    if (runtime.state.pendingHandOvers.length > 0) await handOverFoundPeople(runtime);
    if (OPERATION_TERMINAL.includes(runtime.state.status)) break;
    await continueAsNewIfSuggested(() => continueAsNew<typeof JointOperationWorkflow>({ plan: input.plan, carried: runtime.carry() }));
    await condition(() => runtime.streamVersion !== seen);
  }
  return { ...(await finishCase(runtime)), summary: runtime.state.summary };
}
