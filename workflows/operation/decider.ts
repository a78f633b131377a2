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
import type { DetentionRole } from './events.ts';

export const OPERATION_STATUSES = ['NEW', 'PLANNED', 'LAUNCHED', 'TARGET_RAIDED', 'CONCLUDED', 'CANCELLED'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const OPERATION_TERMINAL: readonly OperationStatus[] = ['CONCLUDED', 'CANCELLED'];

export const operationTransitions: Record<OperationCommand['type'], Transition<OperationStatus>> = {
  planOperation: { from: ['NEW'], to: 'PLANNED' },
  launch: { from: ['PLANNED'], to: 'LAUNCHED' },
  recordRaid: { from: ['LAUNCHED', 'TARGET_RAIDED'], to: 'TARGET_RAIDED' },
  recordDetention: { from: ['TARGET_RAIDED'] },
  recordHandOvers: { from: ['TARGET_RAIDED'] },
  conclude: { from: ['LAUNCHED', 'TARGET_RAIDED'], to: 'CONCLUDED' },
  cancel: { from: ['PLANNED', 'LAUNCHED'], to: 'CANCELLED' },
};

const STATUS_AFTER: Record<string, OperationStatus | undefined> = {
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

function decideRaid(command: Command<'recordRaid'>, state: OperationState): DecidedEvent[] {
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

function decideDetention(command: Command<'recordDetention'>, state: OperationState): DecidedEvent[] {
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

function decideHandOvers(command: Command<'recordHandOvers'>, state: OperationState): DecidedEvent[] {
  const events: DecidedEvent[] = [];
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

function decide(command: OperationCommand, state: OperationState): DecidedEvent[] {
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

function evolveFound(state: OperationState, event: RecordedFact): OperationState {
  const data = event.data as Record<string, string | undefined> & { role?: DetentionRole };
  const role: DetentionRole = event.type === 'PersonRescued' ? 'victim' : (data.role ?? 'unknown_pending_screening');
  const personRef = data.personRef as string;
  const caseId = data.caseId as string;
  const caseKind = caseKindFor(role);
  const summary = { ...state.summary };
  if (role === 'suspect') summary.suspectsDetained++;
  else if (role === 'victim') summary.victimsRescued++;
  else summary.pendingScreening++;
  const pending: PendingHandOver = {
    personRef,
    caseId,
    caseKind,
    personName: data.personName as string,
    hostCountry: data.hostCountry as string,
    foundBy: (data.detainedBy ?? data.rescuedBy) as Agency,
    foundAt: event.occurredAt,
    ...(data.birthDate ? { birthDate: data.birthDate } : {}),
    ...(data.passportNumber ? { passportNumber: data.passportNumber } : {}),
  };
  return {
    ...state,
    detentions: { ...state.detentions, [personRef]: { caseId, caseKind, role, targetRef: data.targetRef as string, handedOver: false } },
    pendingHandOvers: [...state.pendingHandOvers, pending],
    summary,
  };
}

function evolve(state: OperationState, event: RecordedFact): OperationState {
  const data = event.data as Record<string, string>;
  const status = STATUS_AFTER[event.type];
  const next: OperationState = status ? { ...state, status, statusSince: event.occurredAt } : { ...state };
  switch (event.type) {
    case 'OperationPlanned':
      return { ...next, leadAgency: data.leadAgency as Agency, hostCountry: data.hostCountry ?? null, codeName: data.codeName ?? null };
    case 'TargetRaided': {
      const raids = {
        ...state.raids,
        [data.targetRef as string]: { compound: data.compound as string, province: data.province as string },
      };
      return { ...next, raids, summary: { ...state.summary, targetsRaided: Object.keys(raids).length } };
    }
    case 'PersonDetained':
    case 'PersonRescued':
      return evolveFound(next, event);
    case 'PersonHandedToCase': {
      const personRef = data.personRef as string;
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

export const operationDecider: Decider<OperationState, OperationCommand> = {
  initialState: initialOperationState(''),
  decide,
  evolve,
};
