// JointOperation rules, given/when/then: given recorded facts, when a command arrives,
// then these events (or this rule violation).
import { describe, expect, it } from 'vitest';
import { DomainRuleError } from '../../workflows/case-kit/rules.ts';
import type { OperationCommand } from '../../workflows/operation/commands.ts';
import {
  initialOperationState,
  type OperationState,
  operationDecider,
  operationTransitions,
  personCaseIdFor,
} from '../../workflows/operation/decider.ts';
import { deciderSteps } from './decider-steps.ts';

const actor = { agency: 'NPA', role: 'operator', userId: 'korea-desk-1' } as const;
const at = '2026-01-10T04:00:00.000Z';
const operationId = 'operation-2026-01';

const plan: OperationCommand = {
  type: 'planOperation',
  actor,
  occurredAt: at,
  caseId: operationId,
  leadAgency: 'NPA',
  hostCountry: 'KH',
  codeName: 'Mondulkiri sweep',
  partnerAgencies: ['HOST_POLICE'],
};
const launch: OperationCommand = { type: 'launch', actor, occurredAt: at };
const raid: OperationCommand = {
  type: 'recordRaid',
  actor,
  occurredAt: at,
  targetRef: 'T1',
  compound: 'Compound A',
  province: 'Mondulkiri',
};

const estimate: OperationCommand = {
  type: 'recordEstimate',
  actor,
  occurredAt: at,
  measure: 'persons_held_in_compounds',
  figure: 2000,
  asOf: '2026-01-09',
  sourceAgency: 'NPA',
  method: "investigators' assessment of 50+ compounds",
};

function detention(personRef: string, role: 'suspect' | 'victim' | 'unknown_pending_screening', targetRef = 'T1'): OperationCommand {
  return {
    type: 'recordDetention',
    actor,
    occurredAt: at,
    personRef,
    targetRef,
    personName: `Person ${personRef}`,
    role,
    hostCountry: 'KH',
    detainedBy: 'HOST_POLICE',
  };
}

const { apply, given } = deciderSteps(operationDecider, () => initialOperationState(operationId));

const handOver = (...personRefs: string[]): OperationCommand => ({ type: 'recordHandOvers', actor, occurredAt: at, personRefs });

describe('JointOperation rules', () => {
  it('a plan opens the operation as PLANNED with its lead agency', () => {
    const state = given(plan);
    expect(state).toMatchObject({ status: 'PLANNED', leadAgency: 'NPA', hostCountry: 'KH', codeName: 'Mondulkiri sweep' });
  });

  it('a plan for another operation id is refused', () => {
    expect(() => operationDecider.decide({ ...plan, caseId: 'operation-other' }, initialOperationState(operationId))).toThrow(
      /the plan is for operation-other, but this operation is operation-2026-01/,
    );
  });

  it('a target cannot be raided before the operation is launched', () => {
    expect(() => operationDecider.decide(raid, given(plan))).toThrow(
      /recordRaid is allowed only when the joint operation is LAUNCHED or TARGET_RAIDED; it is PLANNED/,
    );
  });

  it('raiding a target moves the operation to TARGET_RAIDED and counts the target', () => {
    const state = given(plan, launch, raid, { ...raid, targetRef: 'T2', compound: 'Compound B' });
    expect(state.status).toBe('TARGET_RAIDED');
    expect(state.summary.targetsRaided).toBe(2);
  });

  it('a retried raid report records nothing; a conflicting one is refused', () => {
    const state = given(plan, launch, raid);
    expect(operationDecider.decide(raid, state)).toEqual([]);
    expect(() => operationDecider.decide({ ...raid, province: 'Preah Sihanouk' }, state)).toThrow(/target T1 was already recorded/);
  });

  it('nobody can be detained before a raid, nor at a target that was not raided', () => {
    expect(() => operationDecider.decide(detention('P1', 'suspect'), given(plan, launch))).toThrow(/it is LAUNCHED/);
    expect(() => operationDecider.decide(detention('P1', 'suspect', 'T9'), given(plan, launch, raid))).toThrow(
      /target T9 has not been raided/,
    );
  });

  it('a detained suspect gets a suspect case id derived from the operation and the person', () => {
    const [event] = operationDecider.decide(detention('P1', 'suspect'), given(plan, launch, raid));
    expect(event?.type).toBe('PersonDetained');
    expect(event?.data).toMatchObject({ caseId: 'suspect-operation-2026-01-P1', role: 'suspect', detainedBy: 'HOST_POLICE' });
  });

  it('a rescued victim is recorded as PersonRescued with a victim case id', () => {
    const [event] = operationDecider.decide(detention('V1', 'victim'), given(plan, launch, raid));
    expect(event?.type).toBe('PersonRescued');
    expect(event?.data).toMatchObject({ caseId: 'victim-operation-2026-01-V1', rescuedBy: 'HOST_POLICE' });
  });

  it('a person pending screening is detained and gets a victim case, where screening happens', () => {
    const [event] = operationDecider.decide(detention('U1', 'unknown_pending_screening'), given(plan, launch, raid));
    expect(event).toMatchObject({
      type: 'PersonDetained',
      data: { caseId: personCaseIdFor(operationId, 'U1', 'unknown_pending_screening') },
    });
    expect(event).toMatchObject({ data: { caseId: 'victim-operation-2026-01-U1' } });
  });

  it('the summary counts suspects, victims, people pending screening and opened cases', () => {
    const state = given(plan, launch, raid, detention('P1', 'suspect'), detention('P2', 'suspect'), detention('V1', 'victim'));
    expect(state.summary).toEqual({ targetsRaided: 1, suspectsDetained: 2, victimsRescued: 1, pendingScreening: 0, casesOpened: 0 });
    expect(state.pendingHandOvers.map((p) => p.caseId)).toEqual([
      'suspect-operation-2026-01-P1',
      'suspect-operation-2026-01-P2',
      'victim-operation-2026-01-V1',
    ]);
    const after = apply(apply(state, detention('U1', 'unknown_pending_screening')), handOver('P1', 'V1'));
    expect(after.summary).toMatchObject({ pendingScreening: 1, casesOpened: 2 });
    expect(after.pendingHandOvers.map((p) => p.personRef)).toEqual(['P2', 'U1']);
  });

  it('a retried detention records nothing; the same person with another role is refused', () => {
    const state = given(plan, launch, raid, detention('P1', 'suspect'));
    expect(operationDecider.decide(detention('P1', 'suspect'), state)).toEqual([]);
    expect(() => operationDecider.decide(detention('P1', 'victim'), state)).toThrow(/person P1 was already recorded as suspect at T1/);
  });

  it('a hand-over is recorded once per person and only for people found in the operation', () => {
    const state = given(plan, launch, raid, detention('P1', 'suspect'), handOver('P1'));
    expect(state.detentions.P1?.handedOver).toBe(true);
    expect(operationDecider.decide(handOver('P1'), state)).toEqual([]);
    expect(() => operationDecider.decide(handOver('P7'), state)).toThrow(/person P7 was not found in this operation/);
  });

  it('the operation cannot conclude while a found person has no case yet', () => {
    const state = given(plan, launch, raid, detention('P1', 'suspect'), detention('V1', 'victim'), handOver('P1'));
    expect(() => operationDecider.decide({ type: 'conclude', actor, occurredAt: at }, state)).toThrow(
      /cannot conclude while 1 found person\(s\) have no case yet: V1/,
    );
    const concluded = apply(apply(state, handOver('V1')), { type: 'conclude', actor, occurredAt: at });
    expect(concluded.status).toBe('CONCLUDED');
  });

  it('concluding records the operation summary', () => {
    const state = given(plan, launch, raid, detention('P1', 'suspect'), handOver('P1'));
    const [event] = operationDecider.decide({ type: 'conclude', actor, occurredAt: at, note: 'all in custody' }, state);
    expect(event).toMatchObject({
      type: 'OperationConcluded',
      data: { targetsRaided: 1, suspectsDetained: 1, victimsRescued: 0, pendingScreening: 0, note: 'all in custody' },
    });
  });

  it('an operation can be cancelled only before any target is raided', () => {
    const cancel: OperationCommand = { type: 'cancel', actor, occurredAt: at, reason: 'target tipped off' };
    expect(given(plan, cancel).status).toBe('CANCELLED');
    expect(given(plan, launch, cancel).status).toBe('CANCELLED');
    expect(() => operationDecider.decide(cancel, given(plan, launch, raid))).toThrow(DomainRuleError);
  });

  it('a finished operation accepts no further command', () => {
    const concluded = given(plan, launch, { type: 'conclude', actor, occurredAt: at });
    for (const command of [launch, raid, detention('P1', 'suspect'), plan]) {
      expect(() => operationDecider.decide(command, concluded)).toThrow(/it is CONCLUDED/);
    }
  });

  it('every command is refused from every state its transition does not list', () => {
    const commands: Record<OperationCommand['type'], OperationCommand> = {
      planOperation: plan,
      launch,
      recordRaid: raid,
      recordDetention: detention('P1', 'suspect'),
      recordHandOvers: handOver('P1'),
      recordEstimate: estimate,
      conclude: { type: 'conclude', actor, occurredAt: at },
      cancel: { type: 'cancel', actor, occurredAt: at, reason: 'called off' },
    };
    const states: Record<string, OperationState> = {
      NEW: initialOperationState(operationId),
      PLANNED: given(plan),
      LAUNCHED: given(plan, launch),
      TARGET_RAIDED: given(plan, launch, raid),
      CONCLUDED: given(plan, launch, { type: 'conclude', actor, occurredAt: at }),
      CANCELLED: given(plan, commands.cancel),
    };
    for (const [type, transition] of Object.entries(operationTransitions)) {
      for (const [status, state] of Object.entries(states)) {
        if (transition.from.includes(state.status)) continue;
        expect(() => operationDecider.decide(commands[type as OperationCommand['type']], state), `${type} in ${status}`).toThrow(
          `${type} is allowed only when`,
        );
      }
    }
  });
});

describe('estimates', () => {
  it('an estimate is recorded as a fact with its figure, date, source and method, and changes no count or status', () => {
    const raided = given(plan, launch, raid);
    const events = operationDecider.decide(estimate, raided);
    expect(events).toEqual([
      {
        type: 'EstimateRecorded',
        data: {
          operationId,
          measure: 'persons_held_in_compounds',
          figure: 2000,
          asOf: '2026-01-09',
          sourceAgency: 'NPA',
          method: "investigators' assessment of 50+ compounds",
        },
      },
    ]);
    const after = operationDecider.evolve(raided, { ...events[0]!, occurredAt: at });
    expect(after.status).toBe('TARGET_RAIDED');
    expect(after.summary).toEqual(raided.summary);
  });

  it('an estimate cannot describe a day after it was recorded', () => {
    expect(() => operationDecider.decide({ ...estimate, asOf: '2026-01-11' }, given(plan))).toThrow(/cannot be recorded on/);
  });
});
