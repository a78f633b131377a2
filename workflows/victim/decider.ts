// The rules of a VictimCase: which command may run in which state, what it records, and how
// recorded events change the case. Pure: no I/O, no clock, no randomness.

import type { Agency } from '../../events/envelope.ts';
import { daysOf, type VictimDeadlines } from '../case-kit/deadlines.ts';
import {
  checkTransition,
  type DecidedEvent,
  type Decider,
  DomainRuleError,
  heldByState,
  type RecordedFact,
  statusAfterEvent,
  type Transition,
} from '../case-kit/rules.ts';
import type { VictimCommand } from './commands.ts';
import type { VictimEvent, WelfareRecord } from './events.ts';

export const VICTIM_STATUSES = [
  'NEW',
  'REPORTED',
  'LOCATED',
  'RESCUE_REQUESTED',
  'RESCUED',
  'SHELTERED',
  'SCREENED',
  'TRAVEL_DOCUMENT_ISSUED',
  'REPATRIATED',
  'FOLLOW_UP',
  'CONTACT_LOST',
  'CLOSED',
  'DECLINED_ASSISTANCE',
  'CLOSED_UNRESOLVED',
] as const;
export type VictimStatus = (typeof VICTIM_STATUSES)[number];

export const VICTIM_TERMINAL: readonly VictimStatus[] = ['CLOSED', 'DECLINED_ASSISTANCE', 'CLOSED_UNRESOLVED'];
const OPEN: VictimStatus[] = VICTIM_STATUSES.filter((s) => s !== 'NEW' && !VICTIM_TERMINAL.includes(s));
/** No longer confined: the states from which a person may decline help. */
const FREE: VictimStatus[] = ['RESCUED', 'SHELTERED', 'SCREENED', 'TRAVEL_DOCUMENT_ISSUED'];

export const victimTransitions: Record<VictimCommand['type'], Transition<VictimStatus>> = {
  reportVictim: { from: ['NEW'], to: 'REPORTED' },
  recordLocation: { from: ['REPORTED', 'CONTACT_LOST'], to: 'LOCATED' },
  requestRescue: { from: ['LOCATED'], to: 'RESCUE_REQUESTED' },
  recordRescue: { from: ['REPORTED', 'LOCATED', 'RESCUE_REQUESTED', 'CONTACT_LOST'], to: 'RESCUED' },
  recordShelter: { from: ['RESCUED'], to: 'SHELTERED' },
  recordScreening: { from: ['RESCUED', 'SHELTERED'], to: 'SCREENED' },
  issueTravelDocument: { from: ['SCREENED'], to: 'TRAVEL_DOCUMENT_ISSUED' },
  recordRepatriation: { from: ['TRAVEL_DOCUMENT_ISSUED'], to: 'REPATRIATED' },
  startFollowUp: { from: ['REPATRIATED'], to: 'FOLLOW_UP' },
  closeCase: { from: ['FOLLOW_UP'], to: 'CLOSED' },
  reportContactLost: { from: ['REPORTED', 'LOCATED', 'RESCUE_REQUESTED'], to: 'CONTACT_LOST' },
  // Contact regained: located again (recordLocation), rescued (recordRescue), or in touch again
  // with the whereabouts unconfirmed (recordContactRegained).
  recordContactRegained: { from: ['CONTACT_LOST'], to: 'REPORTED' },
  recordDeclinedAssistance: { from: FREE, to: 'DECLINED_ASSISTANCE' },
  closeUnresolved: { from: OPEN, to: 'CLOSED_UNRESOLVED' },
  welfareCheckDue: { from: ['REPORTED', 'CONTACT_LOST'] },
  escalateRescue: { from: ['LOCATED', 'RESCUE_REQUESTED'] },
};

/** Which event each command records; the state diagram and the evolve step both read it. */
const EVENT_OF = {
  reportVictim: 'VictimReported',
  recordLocation: 'VictimLocated',
  requestRescue: 'RescueRequested',
  recordRescue: 'VictimRescued',
  recordShelter: 'VictimSheltered',
  recordScreening: 'VictimScreened',
  issueTravelDocument: 'VictimTravelDocumentIssued',
  recordRepatriation: 'VictimRepatriated',
  startFollowUp: 'VictimFollowUpStarted',
  closeCase: 'VictimCaseClosed',
  reportContactLost: 'VictimContactLost',
  recordContactRegained: 'VictimContactRegained',
  recordDeclinedAssistance: 'VictimDeclinedAssistance',
  closeUnresolved: 'VictimCaseClosedUnresolved',
  welfareCheckDue: 'VictimWelfareCheckDue',
  escalateRescue: 'VictimRescueEscalated',
} as const satisfies Record<VictimCommand['type'], VictimEvent['type']>;

export type WelfareCategories = Pick<WelfareRecord, 'injury' | 'medicalNeed' | 'reportedAbuse'>;

export interface VictimState {
  caseId: string;
  status: VictimStatus;
  leadAgency: Agency | null;
  hostCountry: string | null;
  /** When the current status began (the fact's time), the base of every clock. */
  statusSince: string | null;
  rescueDeadline: string | null;
  rescueEscalated: boolean;
  welfareChecks: number;
  operationId: string | null;
  screening: 'victim' | 'victim_offender' | null;
  suspectCaseId: string | null;
  /**
   * The welfare categories screening recorded (the statistics count them), never its note or date.
   * Absent from states carried across continue-as-new before the welfare record existed.
   */
  welfare?: WelfareCategories | null;
  /** The suspect case this person's history began in, when screening moved them here. */
  linkedSuspectCaseId: string | null;
  /** Recorded with the report, so a case keeps the periods it opened with. */
  deadlines: VictimDeadlines;
}

/** Placeholder periods until the report records the configured ones. */
const NO_DEADLINES: VictimDeadlines = { welfareFollowUpDays: 0, rescueEscalationDays: 0 };

export function initialVictimState(caseId: string): VictimState {
  return {
    caseId,
    status: 'NEW',
    leadAgency: null,
    hostCountry: null,
    statusSince: null,
    rescueDeadline: null,
    rescueEscalated: false,
    welfareChecks: 0,
    operationId: null,
    screening: null,
    suspectCaseId: null,
    welfare: null,
    linkedSuspectCaseId: null,
    deadlines: NO_DEADLINES,
  };
}

/** `isoTime` plus `days` of the case's clocks (scaled as the case was opened). */
export function addDays(state: VictimState, isoTime: string, days: number): string {
  return new Date(Date.parse(isoTime) + daysOf(state.deadlines, days)).toISOString();
}

/**
 * The number of the welfare check due at `at`: the follow-up intervals passed since the status
 * began, and at least the next one. A person reported long ago gets one overdue check, which
 * counts every interval missed, rather than one check per interval.
 */
export function welfareCheckNumberAt(state: VictimState, at: string): number {
  const since = heldByState(state.statusSince, 'status time');
  const passed = Math.floor((Date.parse(at) - Date.parse(since)) / daysOf(state.deadlines, state.deadlines.welfareFollowUpDays));
  return Math.max(state.welfareChecks + 1, passed);
}

/** The suspect case a victim-offender's screening opens: deterministic, so a retry opens nothing twice. */
export function suspectCaseIdFor(victimCaseId: string): string {
  return `suspect-${victimCaseId.replace(/^victim-/, '')}`;
}

/** The event a command records, with its data; each case's `type` is the event EVENT_OF names. */
function eventOf(command: VictimCommand, state: VictimState): VictimEvent {
  const caseId = state.caseId;
  switch (command.type) {
    case 'reportVictim': {
      const { type, actor: _actor, occurredAt: _at, correlationId: _c, commandId: _id, ...report } = command;
      return { type: EVENT_OF[type], data: report };
    }
    case 'recordLocation':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          location: command.location,
          confirmedBy: command.confirmedBy,
          rescueDeadline: addDays(state, command.occurredAt, state.deadlines.rescueEscalationDays),
        },
      };
    case 'requestRescue':
      return { type: EVENT_OF[command.type], data: { caseId, requestedFrom: command.requestedFrom, operationId: command.operationId } };
    case 'recordRescue':
      return { type: EVENT_OF[command.type], data: { caseId, rescuedBy: command.rescuedBy, operationId: command.operationId } };
    case 'recordShelter':
      return { type: EVENT_OF[command.type], data: { caseId, shelter: command.shelter } };
    case 'recordScreening':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          outcome: command.outcome,
          statement: command.statement,
          suspectCaseId: command.outcome === 'victim_offender' ? suspectCaseIdFor(caseId) : undefined,
          welfare: command.welfare ?? null,
        },
      };
    case 'issueTravelDocument':
      return { type: EVENT_OF[command.type], data: { caseId, documentType: command.documentType, documentNumber: command.documentNumber } };
    case 'recordRepatriation':
      return { type: EVENT_OF[command.type], data: { caseId, flightId: command.flightId } };
    case 'startFollowUp':
    case 'closeCase':
    case 'reportContactLost':
    case 'recordContactRegained':
    case 'recordDeclinedAssistance':
      return { type: EVENT_OF[command.type], data: { caseId, note: command.note } };
    case 'closeUnresolved':
      return { type: EVENT_OF[command.type], data: { caseId, reason: command.reason } };
    case 'welfareCheckDue': {
      const checkNumber = welfareCheckNumberAt(state, command.occurredAt);
      return {
        type: EVENT_OF[command.type],
        data: { caseId, checkNumber, daysSinceLastChange: checkNumber * state.deadlines.welfareFollowUpDays },
      };
    }
    case 'escalateRescue':
      return { type: EVENT_OF[command.type], data: { caseId, deadline: heldByState(state.rescueDeadline, 'rescue deadline') } };
  }
}

function decide(command: VictimCommand, state: VictimState): DecidedEvent<VictimEvent>[] {
  checkTransition('victim case', victimTransitions, command.type, state.status);
  if (command.type === 'reportVictim' && command.caseId !== state.caseId) {
    throw new DomainRuleError('case-id-matches-workflow', `the report is for ${command.caseId}, but this case is ${state.caseId}`);
  }
  if (command.type === 'recordScreening' && command.outcome === 'victim_offender' && state.linkedSuspectCaseId) {
    throw new DomainRuleError(
      'screened-from-suspect-case',
      `${state.caseId} began as suspect case ${state.linkedSuspectCaseId}, which screening closed as a victim; a new suspect case is opened by the police`,
    );
  }
  if (command.type === 'escalateRescue' && state.rescueEscalated) {
    throw new DomainRuleError('escalate-rescue-once', 'the missed rescue deadline was already escalated');
  }
  return [eventOf(command, state)];
}

/** The status each event leads to; escalations have none and leave the case where it was. */
const STATUS_AFTER = statusAfterEvent(EVENT_OF, victimTransitions);

function evolve(state: VictimState, event: RecordedFact<VictimEvent>): VictimState {
  const status = STATUS_AFTER[event.type];
  // A new status starts its own welfare follow-up: the checks count from when it began.
  const next: VictimState = status ? { ...state, status, statusSince: event.occurredAt, welfareChecks: 0 } : { ...state };
  switch (event.type) {
    case 'VictimReported':
      return {
        ...next,
        leadAgency: event.data.leadAgency,
        hostCountry: event.data.hostCountry,
        linkedSuspectCaseId: event.data.linkedSuspectCaseId ?? null,
        deadlines: event.data.deadlines,
      };
    case 'VictimLocated':
      return { ...next, rescueDeadline: event.data.rescueDeadline, rescueEscalated: false };
    case 'RescueRequested':
    case 'VictimRescued':
      return {
        ...next,
        operationId: event.data.operationId ?? state.operationId,
        rescueDeadline: event.type === 'VictimRescued' ? null : state.rescueDeadline,
      };
    case 'VictimScreened': {
      const welfare = event.data.welfare;
      return {
        ...next,
        screening: event.data.outcome,
        suspectCaseId: event.data.suspectCaseId ?? null,
        welfare: welfare && { injury: welfare.injury, medicalNeed: welfare.medicalNeed, reportedAbuse: welfare.reportedAbuse },
      };
    }
    case 'VictimWelfareCheckDue':
      return { ...next, welfareChecks: event.data.checkNumber };
    case 'VictimRescueEscalated':
      return { ...next, rescueEscalated: true };
    default:
      return next;
  }
}

export const victimDecider: Decider<VictimState, VictimCommand, VictimEvent> = {
  initialState: initialVictimState(''),
  decide,
  evolve,
};
