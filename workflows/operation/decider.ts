// The rules of a JointOperation: planned, launched, targets raided, people found and handed to
// their own cases, concluded. Pure: no I/O, no clock, no randomness.
import type { Actor, Agency } from '../../events/envelope.ts';
import {
  checkTransition,
  type DecidedEvent,
  type Decider,
  DomainRuleError,
  type RecordedFact,
  type Transition,
} from '../case-kit/rules.ts';
import type { OperationCommand } from './commands.ts';
import type { DetentionRole, OperationEvent } from './events.ts';

export const OPERATION_STATUSES = ['NEW', 'PLANNED', 'LAUNCHED', 'TARGET_RAIDED', 'CONCLUDED', 'CANCELLED'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const OPERATION_TERMINAL: readonly OperationStatus[] = ['CONCLUDED', 'CANCELLED'];

export const operationTransitions: Record<OperationCommand['type'], Transition<OperationStatus>> = {
  planOperation: { from: ['NEW'], to: 'PLANNED' },
  launch: { from: ['PLANNED'], to: 'LAUNCHED' },
  recordRaid: { from: ['LAUNCHED', 'TARGET_RAIDED'], to: 'TARGET_RAIDED' },
  recordDetention: { from: ['TARGET_RAIDED'] },
  recordHandOvers: { from: ['TARGET_RAIDED'] },
  recordEstimate: { from: ['PLANNED', 'LAUNCHED', 'TARGET_RAIDED'] },
  conclude: { from: ['LAUNCHED', 'TARGET_RAIDED'], to: 'CONCLUDED' },
  cancel: { from: ['PLANNED', 'LAUNCHED'], to: 'CANCELLED' },
};

const STATUS_AFTER: Partial<Record<OperationEvent['type'], OperationStatus>> = {
  OperationPlanned: 'PLANNED',
  OperationLaunched: 'LAUNCHED',
  TargetRaided: 'TARGET_RAIDED',
  OperationConcluded: 'CONCLUDED',
  OperationCancelled: 'CANCELLED',
};

export type PersonCaseKind = 'suspect' | 'victim';

/**
 * A person of unknown standing is opened as a victim case: screening happens there, and a
 * victim-offender's screening opens the suspect case (non-punishment of trafficking victims first).
 */
export function caseKindFor(role: DetentionRole): PersonCaseKind {
  return role === 'suspect' ? 'suspect' : 'victim';
}

/** The case a person found in this operation gets: deterministic, so a retried report opens nothing twice. */
export function personCaseIdFor(operationId: string, personRef: string, role: DetentionRole): string {
  return `${caseKindFor(role)}-${operationId}-${personRef}`;
}

export interface Raid {
  compound: string;
  province: string;
}

export interface Detention {
  caseId: string;
  caseKind: PersonCaseKind;
  role: DetentionRole;
  targetRef: string;
  handedOver: boolean;
}

/** What the operation needs to open a person's case; dropped once the case has it. */
export interface PendingHandOver {
  personRef: string;
  caseId: string;
  caseKind: PersonCaseKind;
  personName: string;
  birthDate?: string;
  passportNumber?: string;
  hostCountry: string;
  foundBy: Agency;
  foundAt: string;
}

export interface OperationSummary {
  targetsRaided: number;
  suspectsDetained: number;
  victimsRescued: number;
  pendingScreening: number;
  casesOpened: number;
}

export interface OperationState {
  caseId: string;
  status: OperationStatus;
  leadAgency: Agency | null;
  hostCountry: string | null;
  codeName: string | null;
  statusSince: string | null;
  raids: Record<string, Raid>;
  detentions: Record<string, Detention>;
  pendingHandOvers: PendingHandOver[];
  summary: OperationSummary;
}

export function initialOperationState(caseId: string): OperationState {
  return {
    caseId,
    status: 'NEW',
    leadAgency: null,
    hostCountry: null,
    codeName: null,
    statusSince: null,
    raids: {},
    detentions: {},
    pendingHandOvers: [],
    summary: { targetsRaided: 0, suspectsDetained: 0, victimsRescued: 0, pendingScreening: 0, casesOpened: 0 },
  };
}

/** Who opens a person's case on the operation's behalf. */
export function handOverActor(state: OperationState): Actor {
  return { agency: state.leadAgency ?? 'NPA', role: 'operator', userId: `system:${state.caseId}` };
}

type Command<T extends OperationCommand['type']> = Extract<OperationCommand, { type: T }>;
type Decided = DecidedEvent<OperationEvent>;

function decideRaid(command: Command<'recordRaid'>, state: OperationState): Decided[] {
  const known = state.raids[command.targetRef];
  if (known) {
    if (known.compound === command.compound && known.province === command.province) return [];
    throw new DomainRuleError(
      'target-raided-once',
      `target ${command.targetRef} was already recorded as ${known.compound}, ${known.province}`,
    );
  }
  const { targetRef, compound, province } = command;
  return [{ type: 'TargetRaided', data: { operationId: state.caseId, targetRef, compound, province } }];
}

function decideDetention(command: Command<'recordDetention'>, state: OperationState): Decided[] {
  if (!state.raids[command.targetRef]) {
    throw new DomainRuleError('detention-at-raided-target', `target ${command.targetRef} has not been raided in this operation`);
  }
  const known = state.detentions[command.personRef];
  if (known) {
    if (known.role === command.role && known.targetRef === command.targetRef) return [];
    throw new DomainRuleError(
      'person-recorded-once',
      `person ${command.personRef} was already recorded as ${known.role} at ${known.targetRef}`,
    );
  }
  const person = {
    operationId: state.caseId,
    personRef: command.personRef,
    caseId: personCaseIdFor(state.caseId, command.personRef, command.role),
    targetRef: command.targetRef,
    personName: command.personName,
    birthDate: command.birthDate,
    passportNumber: command.passportNumber,
    hostCountry: command.hostCountry,
  };
  if (command.role === 'victim') return [{ type: 'PersonRescued', data: { ...person, rescuedBy: command.detainedBy } }];
  return [{ type: 'PersonDetained', data: { ...person, role: command.role, detainedBy: command.detainedBy } }];
}

function decideHandOvers(command: Command<'recordHandOvers'>, state: OperationState): Decided[] {
  const events: Decided[] = [];
  for (const personRef of new Set(command.personRefs)) {
    const detention = state.detentions[personRef];
    if (!detention) throw new DomainRuleError('hand-over-of-found-person', `person ${personRef} was not found in this operation`);
    if (detention.handedOver) continue;
    events.push({
      type: 'PersonHandedToCase',
      data: { operationId: state.caseId, personRef, caseId: detention.caseId, caseKind: detention.caseKind },
    });
  }
  return events;
}

function decide(command: OperationCommand, state: OperationState): Decided[] {
  checkTransition('joint operation', operationTransitions, command.type, state.status);
  const operationId = state.caseId;
  switch (command.type) {
    case 'planOperation':
      if (command.caseId !== operationId) {
        throw new DomainRuleError('case-id-matches-workflow', `the plan is for ${command.caseId}, but this operation is ${operationId}`);
      }
      return [
        {
          type: 'OperationPlanned',
          data: {
            operationId,
            leadAgency: command.leadAgency,
            hostCountry: command.hostCountry,
            codeName: command.codeName,
            partnerAgencies: command.partnerAgencies,
          },
        },
      ];
    case 'launch':
      return [{ type: 'OperationLaunched', data: { operationId } }];
    case 'recordRaid':
      return decideRaid(command, state);
    case 'recordDetention':
      return decideDetention(command, state);
    case 'recordHandOvers':
      return decideHandOvers(command, state);
    case 'recordEstimate': {
      const { type: _type, actor: _actor, occurredAt, correlationId: _c, commandId: _id, ...estimate } = command;
      if (estimate.asOf > occurredAt.slice(0, 10)) {
        throw new DomainRuleError(
          'estimate-as-of-not-after-recording',
          `an estimate as of ${estimate.asOf} cannot be recorded on ${occurredAt}`,
        );
      }
      return [{ type: 'EstimateRecorded', data: { operationId, ...estimate } }];
    }
    case 'conclude': {
      const waiting = state.pendingHandOvers.map((p) => p.personRef);
      if (waiting.length > 0) {
        throw new DomainRuleError(
          'conclude-after-hand-over',
          `the operation cannot conclude while ${waiting.length} found person(s) have no case yet: ${waiting.join(', ')}`,
        );
      }
      const { casesOpened: _opened, ...counts } = state.summary;
      return [{ type: 'OperationConcluded', data: { operationId, ...counts, note: command.note } }];
    }
    case 'cancel':
      return [{ type: 'OperationCancelled', data: { operationId, reason: command.reason } }];
  }
}

type Fact<T extends OperationEvent['type']> = RecordedFact<Extract<OperationEvent, { type: T }>>;

function evolveFound(state: OperationState, event: Fact<'PersonDetained' | 'PersonRescued'>): OperationState {
  const { personRef, caseId, targetRef } = event.data;
  const role: DetentionRole = event.type === 'PersonRescued' ? 'victim' : event.data.role;
  const caseKind = caseKindFor(role);
  const summary = { ...state.summary };
  if (role === 'suspect') summary.suspectsDetained++;
  else if (role === 'victim') summary.victimsRescued++;
  else summary.pendingScreening++;
  const pending: PendingHandOver = {
    personRef,
    caseId,
    caseKind,
    personName: event.data.personName,
    hostCountry: event.data.hostCountry,
    foundBy: event.type === 'PersonRescued' ? event.data.rescuedBy : event.data.detainedBy,
    foundAt: event.occurredAt,
    ...(event.data.birthDate ? { birthDate: event.data.birthDate } : {}),
    ...(event.data.passportNumber ? { passportNumber: event.data.passportNumber } : {}),
  };
  return {
    ...state,
    detentions: { ...state.detentions, [personRef]: { caseId, caseKind, role, targetRef, handedOver: false } },
    pendingHandOvers: [...state.pendingHandOvers, pending],
    summary,
  };
}

function evolve(state: OperationState, event: RecordedFact<OperationEvent>): OperationState {
  const status = STATUS_AFTER[event.type];
  const next: OperationState = status ? { ...state, status, statusSince: event.occurredAt } : { ...state };
  switch (event.type) {
    case 'OperationPlanned':
      return { ...next, leadAgency: event.data.leadAgency, hostCountry: event.data.hostCountry, codeName: event.data.codeName };
    case 'TargetRaided': {
      const { targetRef, compound, province } = event.data;
      const raids = { ...state.raids, [targetRef]: { compound, province } };
      return { ...next, raids, summary: { ...state.summary, targetsRaided: Object.keys(raids).length } };
    }
    case 'PersonDetained':
    case 'PersonRescued':
      return evolveFound(next, event);
    case 'PersonHandedToCase': {
      const personRef = event.data.personRef;
      const detention = state.detentions[personRef];
      if (!detention) return next;
      return {
        ...next,
        detentions: { ...state.detentions, [personRef]: { ...detention, handedOver: true } },
        pendingHandOvers: state.pendingHandOvers.filter((p) => p.personRef !== personRef),
        summary: { ...state.summary, casesOpened: state.summary.casesOpened + 1 },
      };
    }
    default:
      return next;
  }
}

export const operationDecider: Decider<OperationState, OperationCommand, OperationEvent> = {
  initialState: initialOperationState(''),
  decide,
  evolve,
};
