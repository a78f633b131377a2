// The rules of a SuspectCase: which command may run in which state, what it records, and how
// recorded events change the case. Pure: no I/O, no clock, no randomness.

import type { Agency } from '../../events/envelope.ts';
import { daysOf, hoursOf, type SuspectDeadlines } from '../case-kit/deadlines.ts';
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
import type { SuspectCommand } from './commands.ts';
import type { SuspectEvent } from './events.ts';
import { SUSPECT_STATUSES, type SuspectStatus } from './statuses.ts';

export const SUSPECT_TERMINAL: readonly SuspectStatus[] = ['CLOSED', 'DROPPED', 'SCREENED_AS_VICTIM'];

/** In someone's custody, abroad or in Korea: a person can be released from or escape these. */
const IN_CUSTODY: SuspectStatus[] = [
  'ARRESTED',
  'DETAINED',
  'EXTRADITION_REQUESTED',
  'HOST_COURT_APPROVED',
  'HOST_EXECUTIVE_APPROVED',
  'APPROVAL_DENIED',
  'DEPORTATION_ORDERED',
  'RE_ENTRY_BLACKLISTED',
  'HELD_BY_HOST_CASE',
  'TRAVEL_DOCUMENT_ISSUED',
  'CLEARANCE_WITHDRAWN',
  'MANIFESTED',
  'LANDED',
  'DETENTION_WARRANT_REQUESTED',
  'DETAINED_IN_KOREA',
];
/** Abroad, after the identification, before boarding: a Korean warrant or passport order can still be recorded. */
const ABROAD_AFTER_IDENTIFICATION: SuspectStatus[] = [
  'IDENTIFIED',
  'ARRESTED',
  'DETAINED',
  'EXTRADITION_REQUESTED',
  'HOST_COURT_APPROVED',
  'HOST_EXECUTIVE_APPROVED',
  'APPROVAL_DENIED',
  'DEPORTATION_ORDERED',
  'RE_ENTRY_BLACKLISTED',
  'HELD_BY_HOST_CASE',
  'TRAVEL_DOCUMENT_ISSUED',
  'CLEARANCE_WITHDRAWN',
  'MANIFESTED',
  'RELEASED',
  'ESCAPED',
];
/** Held abroad, before boarding: where screening can still find the person a victim. */
const DETAINED_ABROAD: SuspectStatus[] = IN_CUSTODY.filter(
  (s) => !['LANDED', 'DETENTION_WARRANT_REQUESTED', 'DETAINED_IN_KOREA'].includes(s),
);
const AWAITING_HOST_ANSWER: SuspectStatus[] = ['EXTRADITION_REQUESTED', 'HOST_COURT_APPROVED'];
const OPEN: SuspectStatus[] = SUSPECT_STATUSES.filter((s) => s !== 'NEW' && !SUSPECT_TERMINAL.includes(s));

/**
 * Which command may run in which state. Two commands move the case to a status that depends on
 * where it is, so their `to` is absent and `evolve` says where they lead: a warrant makes an
 * IDENTIFIED case WANTED (later it is only recorded, for the on-board arrest), and a released host
 * hold resumes the case where the hold found it.
 */
export const suspectTransitions: Record<SuspectCommand['type'], Transition<SuspectStatus>> = {
  identifySuspect: { from: ['NEW'], to: 'IDENTIFIED' },
  issueArrestWarrant: { from: ABROAD_AFTER_IDENTIFICATION, to: { IDENTIFIED: 'WANTED' } },
  requestRedNotice: { from: ['WANTED'] },
  recordRedNoticePublished: { from: ['WANTED', 'ARRESTED', 'DETAINED'] },
  invalidatePassport: { from: ['WANTED', ...ABROAD_AFTER_IDENTIFICATION.filter((s) => s !== 'IDENTIFIED')] },
  recordArrest: { from: ['IDENTIFIED', 'WANTED', 'RELEASED', 'ESCAPED'], to: 'ARRESTED' },
  recordDetention: { from: ['ARRESTED'], to: 'DETAINED' },
  warnProvisionalArrestLapse: { from: ['DETAINED', 'HELD_BY_HOST_CASE'] },
  lapseProvisionalArrest: { from: ['DETAINED', 'HELD_BY_HOST_CASE'] },
  requestExtradition: { from: ['DETAINED'], to: 'EXTRADITION_REQUESTED' },
  chaseRequest: { from: AWAITING_HOST_ANSWER },
  flagUnansweredRequest: { from: AWAITING_HOST_ANSWER },
  recordHostCourtApproval: { from: ['EXTRADITION_REQUESTED'], to: 'HOST_COURT_APPROVED' },
  recordHostExecutiveApproval: { from: ['HOST_COURT_APPROVED'], to: 'HOST_EXECUTIVE_APPROVED' },
  recordExtraditionDenied: { from: AWAITING_HOST_ANSWER, to: 'APPROVAL_DENIED' },
  orderDeportation: { from: ['DETAINED', 'APPROVAL_DENIED'], to: 'DEPORTATION_ORDERED' },
  recordReEntryBlacklist: { from: ['DEPORTATION_ORDERED'], to: 'RE_ENTRY_BLACKLISTED' },
  placeHostCaseHold: {
    from: ['DETAINED', 'DEPORTATION_ORDERED', 'RE_ENTRY_BLACKLISTED', 'HOST_EXECUTIVE_APPROVED', 'TRAVEL_DOCUMENT_ISSUED', 'MANIFESTED'],
    to: 'HELD_BY_HOST_CASE',
  },
  releaseHostCaseHold: { from: ['HELD_BY_HOST_CASE'] },
  issueTravelDocument: { from: ['RE_ENTRY_BLACKLISTED', 'HOST_EXECUTIVE_APPROVED', 'CLEARANCE_WITHDRAWN'], to: 'TRAVEL_DOCUMENT_ISSUED' },
  withdrawClearance: { from: ['TRAVEL_DOCUMENT_ISSUED', 'MANIFESTED'], to: 'CLEARANCE_WITHDRAWN' },
  joinManifest: { from: ['TRAVEL_DOCUMENT_ISSUED'], to: 'MANIFESTED' },
  leaveManifest: { from: ['MANIFESTED'], to: 'TRAVEL_DOCUMENT_ISSUED' },
  recordOnBoardArrest: { from: ['MANIFESTED'], to: 'IN_TRANSIT' },
  recordLanding: { from: ['IN_TRANSIT'], to: 'LANDED' },
  warnDetentionWarrantDeadline: { from: ['IN_TRANSIT', 'LANDED'] },
  lapseDetentionWarrantDeadline: { from: ['IN_TRANSIT', 'LANDED'] },
  requestDetentionWarrant: { from: ['LANDED'], to: 'DETENTION_WARRANT_REQUESTED' },
  recordDetentionWarrantIssued: { from: ['DETENTION_WARRANT_REQUESTED'], to: 'DETAINED_IN_KOREA' },
  extendDetention: { from: ['DETAINED_IN_KOREA'] },
  reachDetentionLimit: { from: ['DETAINED_IN_KOREA'] },
  referToProsecution: { from: ['DETAINED_IN_KOREA', 'RELEASED'], to: 'REFERRED_TO_PROSECUTION' },
  closeCase: { from: ['REFERRED_TO_PROSECUTION'], to: 'CLOSED' },
  recordRelease: { from: IN_CUSTODY, to: 'RELEASED' },
  recordEscape: { from: IN_CUSTODY, to: 'ESCAPED' },
  dropCase: { from: OPEN.filter((s) => s !== 'IN_TRANSIT'), to: 'DROPPED' },
  recordScreenedAsVictim: { from: DETAINED_ABROAD, to: 'SCREENED_AS_VICTIM' },
};

/** Which event each command records first; the state diagram and the evolve step both read it. */
const EVENT_OF = {
  identifySuspect: 'SuspectIdentified',
  issueArrestWarrant: 'ArrestWarrantIssued',
  requestRedNotice: 'RedNoticeRequested',
  recordRedNoticePublished: 'RedNoticePublished',
  invalidatePassport: 'PassportInvalidated',
  recordArrest: 'SuspectArrested',
  recordDetention: 'SuspectDetained',
  warnProvisionalArrestLapse: 'ProvisionalArrestLapseApproaching',
  lapseProvisionalArrest: 'ProvisionalArrestLapsed',
  requestExtradition: 'ExtraditionRequested',
  chaseRequest: 'ExtraditionRequestChased',
  flagUnansweredRequest: 'ExtraditionRequestUnanswered',
  recordHostCourtApproval: 'HostCourtApprovedExtradition',
  recordHostExecutiveApproval: 'HostExecutiveApprovedExtradition',
  recordExtraditionDenied: 'ExtraditionDenied',
  orderDeportation: 'DeportationOrdered',
  recordReEntryBlacklist: 'ReEntryBlacklisted',
  placeHostCaseHold: 'HostCaseHoldPlaced',
  releaseHostCaseHold: 'HostCaseHoldReleased',
  issueTravelDocument: 'SuspectTravelDocumentIssued',
  withdrawClearance: 'TravelClearanceWithdrawn',
  joinManifest: 'SuspectJoinedManifest',
  leaveManifest: 'SuspectLeftManifest',
  recordOnBoardArrest: 'SuspectArrestedOnBoard',
  recordLanding: 'SuspectLanded',
  warnDetentionWarrantDeadline: 'DetentionWarrantDeadlineApproaching',
  lapseDetentionWarrantDeadline: 'DetentionWarrantDeadlineLapsed',
  requestDetentionWarrant: 'DetentionWarrantRequested',
  recordDetentionWarrantIssued: 'SuspectDetainedInKorea',
  extendDetention: 'DetentionExtended',
  reachDetentionLimit: 'DetentionLimitReached',
  referToProsecution: 'SuspectReferredToProsecution',
  closeCase: 'SuspectCaseClosed',
  recordRelease: 'SuspectReleased',
  recordEscape: 'SuspectEscaped',
  dropCase: 'SuspectCaseDropped',
  recordScreenedAsVictim: 'SuspectScreenedAsVictim',
} as const satisfies Record<SuspectCommand['type'], SuspectEvent['type']>;

export type SuspectRoute = 'extradition' | 'deportation';
type AwaitedDecision = 'host_court' | 'host_executive';

/** A running legal clock: when it started (a fact's time), when it ends, and whether it has warned or lapsed. */
export interface LegalClock {
  startedAt: string;
  deadline: string;
  warned: boolean;
  lapsed: boolean;
}

export interface SuspectState {
  caseId: string;
  status: SuspectStatus;
  /** When the current status began (the fact's time). */
  statusSince: string | null;
  leadAgency: Agency | null;
  hostCountry: string | null;
  source: 'report' | 'intelligence' | 'raid' | 'screening' | null;
  linkedVictimCaseId: string | null;
  /** The victim case the person's history goes on in, once screening found them a victim. */
  victimCaseId: string | null;
  route: SuspectRoute | null;
  /** The latest joint operation the suspect is linked to (identification or arrest). */
  operationId: string | null;
  /** Operations whose arrest of this person is recorded: a repeated raid report changes nothing. */
  arrestOperationIds: string[];
  warrantNumber: string | null;
  redNotice: 'requested' | 'published' | null;
  passportInvalidated: boolean;
  /** Running while the host holds the suspect on a provisional arrest and no formal request was made. */
  provisionalArrest: LegalClock | null;
  /** The host's pending answer to the extradition request, chased and reminded about. */
  awaitingAnswer: { awaiting: AwaitedDecision; since: string; lastActivityAt: string; chases: number; reminders: number } | null;
  hostCaseHold: { hostCaseReference: string; heldFrom: SuspectStatus } | null;
  flightId: string | null;
  seat: string | null;
  /** Flights the suspect joined and left (compensated or lost clearance): leaving again changes nothing. */
  leftFlightIds: string[];
  /** How many times a manifested case lost its clearance; each loss is told to that flight once. */
  clearanceLosses: number;
  lastClearanceLoss: { flightId: string; reason: string } | null;
  /** Arrested on board a Korean aircraft: from here on the case is in Korean jurisdiction. */
  inKorea: boolean;
  /** The 48-hour clock from the on-board arrest to the detention-warrant request. */
  detentionWarrantClock: LegalClock | null;
  detention: { since: string; until: string; extended: boolean; limitReached: boolean } | null;
  /** Recorded with the identification, so a case keeps the periods it opened with. */
  deadlines: SuspectDeadlines;
}

/** Placeholder periods until the identification records the configured ones. */
const NO_DEADLINES: SuspectDeadlines = {
  provisionalArrestDays: 0,
  provisionalArrestWarningDays: 0,
  detentionWarrantHours: 0,
  detentionWarrantWarningHours: 0,
  detentionDays: 0,
  detentionExtensionDays: 0,
  requestChaseDays: 0,
};

export function initialSuspectState(caseId: string): SuspectState {
  return {
    caseId,
    status: 'NEW',
    statusSince: null,
    leadAgency: null,
    hostCountry: null,
    source: null,
    linkedVictimCaseId: null,
    victimCaseId: null,
    route: null,
    operationId: null,
    arrestOperationIds: [],
    warrantNumber: null,
    redNotice: null,
    passportInvalidated: false,
    provisionalArrest: null,
    awaitingAnswer: null,
    hostCaseHold: null,
    flightId: null,
    seat: null,
    leftFlightIds: [],
    clearanceLosses: 0,
    lastClearanceLoss: null,
    inKorea: false,
    detentionWarrantClock: null,
    detention: null,
    deadlines: NO_DEADLINES,
  };
}

/** The victim case a suspect screened as a victim moves to: deterministic, so a retry opens nothing twice. */
export function victimCaseIdFor(suspectCaseId: string): string {
  return `victim-${suspectCaseId.replace(/^suspect-/, '')}`;
}

export function later(isoTime: string, ms: number): string {
  return new Date(Date.parse(isoTime) + ms).toISOString();
}

function rule(name: string, message: string): never {
  throw new DomainRuleError(name, message);
}

/** The provisional-arrest clock still runs: not met by a formal request or another route, not lapsed. */
export function provisionalArrestRunning(state: SuspectState): boolean {
  return (
    state.provisionalArrest !== null &&
    !state.provisionalArrest.lapsed &&
    (state.status === 'DETAINED' || (state.status === 'HELD_BY_HOST_CASE' && state.hostCaseHold?.heldFrom === 'DETAINED'))
  );
}

/**
 * A formal request dated `at` meets the provisional-arrest deadline when the person was held on that
 * basis and the request was sent by the deadline: judged by when it was sent, so a request entered
 * after the lapse escalation fired still counts as in time.
 */
function provisionalArrestMetBy(state: SuspectState, at: string): boolean {
  const held = state.status === 'DETAINED' || (state.status === 'HELD_BY_HOST_CASE' && state.hostCaseHold?.heldFrom === 'DETAINED');
  return held && state.provisionalArrest !== null && Date.parse(at) <= Date.parse(state.provisionalArrest.deadline);
}

/** The 48-hour clock still runs: arrested on board, no detention warrant requested yet, not lapsed. */
export function detentionWarrantClockRunning(state: SuspectState): boolean {
  return (
    state.detentionWarrantClock !== null &&
    !state.detentionWarrantClock.lapsed &&
    (state.status === 'IN_TRANSIT' || state.status === 'LANDED')
  );
}

function notClearedMessage(state: SuspectState): string {
  if (state.status === 'HELD_BY_HOST_CASE') {
    return `${state.caseId} is not cleared to travel: host criminal case ${state.hostCaseHold?.hostCaseReference} holds it`;
  }
  return `${state.caseId} is not cleared to travel: joinManifest needs TRAVEL_DOCUMENT_ISSUED; it is ${state.status}`;
}

/** Rules that go beyond the transition table; a command that changes nothing returns false. */
function checkRules(command: SuspectCommand, state: SuspectState): boolean {
  switch (command.type) {
    case 'identifySuspect':
      if (command.caseId !== state.caseId)
        rule('case-id-matches-workflow', `the identification is for ${command.caseId}, but this case is ${state.caseId}`);
      return true;
    case 'recordArrest':
      if (command.operationId && state.arrestOperationIds.includes(command.operationId)) {
        rule('arrest-once-per-operation', `the arrest of ${state.caseId} in ${command.operationId} is already recorded`);
      }
      if (state.inKorea) rule('rearrest-abroad-only', `${state.caseId} is in Korean jurisdiction; an arrest abroad no longer applies`);
      return true;
    case 'joinManifest':
      if (state.status === 'MANIFESTED' && state.flightId === command.flightId) return false;
      if (state.status === 'MANIFESTED') {
        rule(
          'one-flight-at-a-time',
          `${state.caseId} already holds a seat on ${state.flightId}; leave it before joining ${command.flightId}`,
        );
      }
      if (state.status !== 'TRAVEL_DOCUMENT_ISSUED') rule('join-manifest-requires-clearance', notClearedMessage(state));
      return true;
    case 'leaveManifest':
      if (state.status === 'MANIFESTED' && state.flightId === command.flightId) return true;
      if (state.leftFlightIds.includes(command.flightId)) return false;
      checkTransition('suspect case', suspectTransitions, command.type, state.status);
      return rule('leave-own-flight', `${state.caseId} is manifested on ${state.flightId}, not on ${command.flightId}`);
    case 'recordOnBoardArrest':
    case 'recordLanding':
      if (state.status === suspectTransitions[command.type].from[0] && state.flightId !== command.flightId) {
        rule('own-flight-only', `${state.caseId} is manifested on ${state.flightId}, not on ${command.flightId}`);
      }
      return true;
    case 'issueArrestWarrant':
      if (state.warrantNumber) rule('arrest-warrant-once', `${state.caseId} already has arrest warrant ${state.warrantNumber}`);
      return true;
    case 'requestRedNotice':
      if (state.redNotice) rule('red-notice-once', `a Red Notice for ${state.caseId} is already ${state.redNotice}`);
      return true;
    case 'recordRedNoticePublished':
      if (state.redNotice !== 'requested') rule('red-notice-requested-first', `no Red Notice request for ${state.caseId} is pending`);
      return true;
    case 'invalidatePassport':
      if (!state.warrantNumber)
        rule(
          'passport-invalidation-requires-warrant',
          'a passport is invalidated only for a person with an arrest warrant (Passport Act art. 12)',
        );
      if (state.passportInvalidated) rule('passport-invalidated-once', `the passport of ${state.caseId} is already invalidated`);
      return true;
    case 'warnProvisionalArrestLapse':
    case 'lapseProvisionalArrest':
      if (!provisionalArrestRunning(state)) rule('provisional-arrest-running', `no provisional-arrest clock runs for ${state.caseId}`);
      if (command.type === 'warnProvisionalArrestLapse' && state.provisionalArrest?.warned) {
        rule('warn-once', 'the provisional-arrest lapse was already escalated');
      }
      return true;
    case 'recordExtraditionDenied':
      if (state.awaitingAnswer && state.awaitingAnswer.awaiting !== command.deniedBy) {
        rule(
          'denied-by-the-awaited-authority',
          `the extradition awaits the ${state.awaitingAnswer.awaiting.replace('_', ' ')}, not the ${command.deniedBy.replace('_', ' ')}`,
        );
      }
      return true;
    case 'warnDetentionWarrantDeadline':
    case 'lapseDetentionWarrantDeadline':
      if (!detentionWarrantClockRunning(state)) rule('detention-warrant-clock-running', `no 48-hour clock runs for ${state.caseId}`);
      if (command.type === 'warnDetentionWarrantDeadline' && state.detentionWarrantClock?.warned) {
        rule('warn-once', 'the detention-warrant deadline was already escalated');
      }
      return true;
    case 'requestDetentionWarrant': {
      // Judged by the request's own time: an arrest entered late has its lapse recorded at once,
      // and a request it names within the window was still in time.
      const clock = state.detentionWarrantClock;
      if (clock && Date.parse(command.occurredAt) > Date.parse(clock.deadline)) {
        rule(
          'detention-warrant-within-deadline',
          `the ${state.deadlines.detentionWarrantHours}-hour window closed at ${clock.deadline}: release the suspect`,
        );
      }
      return true;
    }
    case 'extendDetention':
      if (state.detention?.extended) rule('extend-detention-once', `the detention of ${state.caseId} was already extended`);
      return true;
    case 'reachDetentionLimit':
      if (!state.detention || state.detention.limitReached) rule('detention-limit-once', 'the detention limit was already escalated');
      return true;
    case 'recordScreenedAsVictim':
      if (state.linkedVictimCaseId) {
        rule(
          'screened-from-victim-case',
          `${state.caseId} was opened by the screening of victim case ${state.linkedVictimCaseId}; drop it, and that case goes on`,
        );
      }
      return true;
    case 'referToProsecution':
      if (state.status === 'RELEASED' && !state.inKorea) {
        rule('referral-in-korea-only', `${state.caseId} was released abroad; only a suspect handed over in Korea is referred`);
      }
      return true;
    default:
      return true;
  }
}

/** The event a command records, with its data; each case's `type` is the event EVENT_OF names. */
function eventOf(command: SuspectCommand, state: SuspectState): SuspectEvent {
  const caseId = state.caseId;
  const d = state.deadlines;
  switch (command.type) {
    case 'identifySuspect': {
      const { type, actor: _actor, occurredAt: _at, correlationId: _c, commandId: _id, ...identification } = command;
      return { type: EVENT_OF[type], data: identification };
    }
    case 'issueArrestWarrant':
      return { type: EVENT_OF[command.type], data: { caseId, warrantNumber: command.warrantNumber, court: command.court } };
    case 'requestRedNotice':
      return { type: EVENT_OF[command.type], data: { caseId, requestReference: command.requestReference } };
    case 'recordRedNoticePublished':
      return { type: EVENT_OF[command.type], data: { caseId, noticeReference: command.noticeReference } };
    case 'invalidatePassport':
      return { type: EVENT_OF[command.type], data: { caseId, orderReference: command.orderReference } };
    case 'recordArrest':
      return {
        type: EVENT_OF[command.type],
        data: { caseId, arrestedBy: command.arrestedBy, operationId: command.operationId, location: command.location },
      };
    case 'recordDetention':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          basis: command.basis,
          facility: command.facility,
          provisionalArrestDeadline:
            command.basis === 'provisional_arrest' ? later(command.occurredAt, daysOf(d, d.provisionalArrestDays)) : undefined,
        },
      };
    case 'warnProvisionalArrestLapse':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          deadline: heldByState(state.provisionalArrest, 'provisional-arrest clock').deadline,
          daysLeft: d.provisionalArrestWarningDays,
        },
      };
    case 'lapseProvisionalArrest':
      return {
        type: EVENT_OF[command.type],
        data: { caseId, deadline: heldByState(state.provisionalArrest, 'provisional-arrest clock').deadline },
      };
    case 'requestExtradition':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          requestReference: command.requestReference,
          provisionalArrestMet: provisionalArrestMetBy(state, command.occurredAt),
        },
      };
    case 'chaseRequest': {
      const awaiting = heldByState(state.awaitingAnswer, 'awaited host answer');
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          awaiting: awaiting.awaiting,
          chaseNumber: awaiting.chases + 1,
          chasedThrough: command.chasedThrough,
          note: command.note,
        },
      };
    }
    case 'flagUnansweredRequest': {
      const awaiting = heldByState(state.awaitingAnswer, 'awaited host answer');
      return {
        type: EVENT_OF[command.type],
        data: { caseId, awaiting: awaiting.awaiting, waitingSince: awaiting.since, reminderNumber: awaiting.reminders + 1 },
      };
    }
    case 'recordHostCourtApproval':
      return { type: EVENT_OF[command.type], data: { caseId, court: command.court, decisionReference: command.decisionReference } };
    case 'recordHostExecutiveApproval':
      return { type: EVENT_OF[command.type], data: { caseId, decisionReference: command.decisionReference } };
    case 'recordExtraditionDenied':
      return { type: EVENT_OF[command.type], data: { caseId, deniedBy: command.deniedBy, reason: command.reason } };
    case 'orderDeportation':
      return { type: EVENT_OF[command.type], data: { caseId, orderReference: command.orderReference } };
    case 'recordReEntryBlacklist':
      return { type: EVENT_OF[command.type], data: { caseId, blacklistReference: command.blacklistReference } };
    case 'placeHostCaseHold':
      return {
        type: EVENT_OF[command.type],
        data: { caseId, hostCaseReference: command.hostCaseReference, heldFrom: state.status, note: command.note },
      };
    case 'releaseHostCaseHold': {
      const hold = heldByState(state.hostCaseHold, 'host case hold');
      // The seat was given up when the hold was placed: the case resumes as cleared, not as manifested.
      const resumedAs = hold.heldFrom === 'MANIFESTED' ? 'TRAVEL_DOCUMENT_ISSUED' : hold.heldFrom;
      return { type: EVENT_OF[command.type], data: { caseId, hostCaseReference: hold.hostCaseReference, resumedAs, note: command.note } };
    }
    case 'issueTravelDocument':
      return { type: EVENT_OF[command.type], data: { caseId, documentType: command.documentType, documentNumber: command.documentNumber } };
    case 'joinManifest':
      return { type: EVENT_OF[command.type], data: { caseId, flightId: command.flightId, seat: command.seat } };
    case 'leaveManifest':
      return { type: EVENT_OF[command.type], data: { caseId, flightId: command.flightId, reason: command.reason } };
    case 'recordOnBoardArrest':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          flightId: command.flightId,
          warrantNumber: command.warrantNumber ?? state.warrantNumber ?? undefined,
          detentionWarrantDeadline: later(command.occurredAt, hoursOf(d, d.detentionWarrantHours)),
        },
      };
    case 'recordLanding':
      return { type: EVENT_OF[command.type], data: { caseId, flightId: command.flightId } };
    case 'warnDetentionWarrantDeadline':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          deadline: heldByState(state.detentionWarrantClock, 'detention-warrant clock').deadline,
          hoursLeft: d.detentionWarrantWarningHours,
        },
      };
    case 'lapseDetentionWarrantDeadline':
      return {
        type: EVENT_OF[command.type],
        data: { caseId, deadline: heldByState(state.detentionWarrantClock, 'detention-warrant clock').deadline },
      };
    case 'requestDetentionWarrant':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          court: command.court,
          deadline: state.detentionWarrantClock?.deadline ?? later(command.occurredAt, hoursOf(d, d.detentionWarrantHours)),
        },
      };
    case 'recordDetentionWarrantIssued':
      return {
        type: EVENT_OF[command.type],
        data: { caseId, warrantNumber: command.warrantNumber, detainedUntil: later(command.occurredAt, daysOf(d, d.detentionDays)) },
      };
    case 'extendDetention':
      return {
        type: EVENT_OF[command.type],
        data: { caseId, detainedUntil: later(state.detention?.until ?? command.occurredAt, daysOf(d, d.detentionExtensionDays)) },
      };
    case 'reachDetentionLimit': {
      const detention = heldByState(state.detention, 'detention');
      return { type: EVENT_OF[command.type], data: { caseId, detainedUntil: detention.until, extended: detention.extended } };
    }
    case 'referToProsecution':
      return {
        type: EVENT_OF[command.type],
        data: {
          caseId,
          prosecutorsOffice: command.prosecutorsOffice,
          charges: command.charges,
          detained: state.status === 'DETAINED_IN_KOREA',
        },
      };
    case 'closeCase':
    case 'recordEscape':
      return { type: EVENT_OF[command.type], data: { caseId, note: command.note } };
    case 'recordRelease':
      return { type: EVENT_OF[command.type], data: { caseId, releasedBy: command.releasedBy, reason: command.reason } };
    case 'dropCase':
      return { type: EVENT_OF[command.type], data: { caseId, reason: command.reason } };
    case 'withdrawClearance':
      return { type: EVENT_OF[command.type], data: { caseId, reason: command.reason, note: command.note } };
    case 'recordScreenedAsVictim':
      return { type: EVENT_OF[command.type], data: { caseId, victimCaseId: victimCaseIdFor(caseId), note: command.note } };
  }
}

/** Why a manifested case may no longer travel, for the flight that has to release its seat. */
function clearanceLossReason(command: SuspectCommand): string | null {
  switch (command.type) {
    case 'placeHostCaseHold':
      return `host criminal case ${command.hostCaseReference} holds the suspect`;
    case 'recordRelease':
      return `released: ${command.reason}`;
    case 'recordEscape':
      return 'escaped from custody';
    case 'dropCase':
      return `case dropped: ${command.reason}`;
    case 'withdrawClearance':
      return `clearance withdrawn (${command.reason.replaceAll('_', ' ')})${command.note ? `: ${command.note}` : ''}`;
    case 'recordScreenedAsVictim':
      return 'screened as a victim: the person goes on as a victim case';
    default:
      return null;
  }
}

function decide(command: SuspectCommand, state: SuspectState): DecidedEvent<SuspectEvent>[] {
  if (!checkRules(command, state)) return [];
  checkTransition('suspect case', suspectTransitions, command.type, state.status);
  const event: DecidedEvent<SuspectEvent> = eventOf(command, state);
  // Intelligence stays SECRET: an identification from NIS material is raised above the default.
  if (command.type === 'identifySuspect' && command.source === 'intelligence') event.classification = 'SECRET';
  const lossReason = state.status === 'MANIFESTED' ? clearanceLossReason(command) : null;
  if (lossReason && state.flightId) {
    return [event, { type: 'SuspectLostTravelClearance', data: { caseId: state.caseId, flightId: state.flightId, reason: lossReason } }];
  }
  return [event];
}

/** The status each event leads to; escalations have none and leave the case where it was. */
const STATUS_AFTER = statusAfterEvent(EVENT_OF, suspectTransitions);

function clockFrom(startedAt: string, deadline: string): LegalClock {
  return { startedAt, deadline, warned: false, lapsed: false };
}

function evolve(state: SuspectState, event: RecordedFact<SuspectEvent>): SuspectState {
  const at = event.occurredAt;
  const status = STATUS_AFTER[event.type];
  const next: SuspectState = status ? { ...state, status, statusSince: at } : { ...state };
  switch (event.type) {
    case 'SuspectIdentified':
      return {
        ...next,
        leadAgency: event.data.leadAgency,
        hostCountry: event.data.hostCountry,
        source: event.data.source,
        linkedVictimCaseId: event.data.linkedVictimCaseId ?? null,
        operationId: event.data.operationId ?? null,
        deadlines: event.data.deadlines,
      };
    case 'ArrestWarrantIssued':
      if (state.status === 'IDENTIFIED') return { ...next, status: 'WANTED', statusSince: at, warrantNumber: event.data.warrantNumber };
      return { ...next, warrantNumber: event.data.warrantNumber };
    case 'RedNoticeRequested':
      return { ...next, redNotice: 'requested' };
    case 'RedNoticePublished':
      return { ...next, redNotice: 'published' };
    case 'PassportInvalidated':
      return { ...next, passportInvalidated: true };
    case 'SuspectArrested':
      // A new custody: whatever route, hold or clock belonged to an earlier one is over.
      return {
        ...next,
        operationId: event.data.operationId ?? state.operationId,
        arrestOperationIds: event.data.operationId ? [...state.arrestOperationIds, event.data.operationId] : state.arrestOperationIds,
        route: null,
        provisionalArrest: null,
        awaitingAnswer: null,
        hostCaseHold: null,
      };
    case 'SuspectDetained':
      return event.data.provisionalArrestDeadline
        ? { ...next, route: 'extradition', provisionalArrest: clockFrom(at, event.data.provisionalArrestDeadline) }
        : next;
    case 'ProvisionalArrestLapseApproaching':
      return state.provisionalArrest ? { ...next, provisionalArrest: { ...state.provisionalArrest, warned: true } } : next;
    case 'ProvisionalArrestLapsed':
      return state.provisionalArrest ? { ...next, provisionalArrest: { ...state.provisionalArrest, lapsed: true } } : next;
    case 'ExtraditionRequested':
      return {
        ...next,
        route: 'extradition',
        awaitingAnswer: { awaiting: 'host_court', since: at, lastActivityAt: at, chases: 0, reminders: 0 },
      };
    case 'ExtraditionRequestChased':
    case 'ExtraditionRequestUnanswered': {
      const awaiting = state.awaitingAnswer;
      if (!awaiting) return next;
      const lastActivityAt = Date.parse(at) > Date.parse(awaiting.lastActivityAt) ? at : awaiting.lastActivityAt;
      return event.type === 'ExtraditionRequestChased'
        ? { ...next, awaitingAnswer: { ...awaiting, lastActivityAt, chases: awaiting.chases + 1 } }
        : { ...next, awaitingAnswer: { ...awaiting, lastActivityAt, reminders: awaiting.reminders + 1 } };
    }
    case 'HostCourtApprovedExtradition':
      return { ...next, awaitingAnswer: { awaiting: 'host_executive', since: at, lastActivityAt: at, chases: 0, reminders: 0 } };
    case 'HostExecutiveApprovedExtradition':
    case 'ExtraditionDenied':
      return { ...next, awaitingAnswer: null };
    case 'DeportationOrdered':
      return { ...next, route: 'deportation' };
    case 'HostCaseHoldPlaced':
      return { ...next, hostCaseHold: { hostCaseReference: event.data.hostCaseReference, heldFrom: event.data.heldFrom } };
    case 'HostCaseHoldReleased':
      return { ...next, status: event.data.resumedAs, statusSince: at, hostCaseHold: null };
    case 'SuspectLostTravelClearance':
      return {
        ...next,
        flightId: null,
        seat: null,
        leftFlightIds: [...state.leftFlightIds, event.data.flightId],
        clearanceLosses: state.clearanceLosses + 1,
        lastClearanceLoss: { flightId: event.data.flightId, reason: event.data.reason },
      };
    case 'SuspectJoinedManifest':
      return { ...next, flightId: event.data.flightId, seat: event.data.seat ?? null };
    case 'SuspectLeftManifest':
      return { ...next, flightId: null, seat: null, leftFlightIds: [...state.leftFlightIds, event.data.flightId] };
    case 'SuspectArrestedOnBoard':
      return {
        ...next,
        inKorea: true,
        warrantNumber: event.data.warrantNumber ?? state.warrantNumber,
        detentionWarrantClock: clockFrom(at, event.data.detentionWarrantDeadline),
      };
    case 'DetentionWarrantDeadlineApproaching':
      return state.detentionWarrantClock ? { ...next, detentionWarrantClock: { ...state.detentionWarrantClock, warned: true } } : next;
    case 'DetentionWarrantDeadlineLapsed':
      return state.detentionWarrantClock ? { ...next, detentionWarrantClock: { ...state.detentionWarrantClock, lapsed: true } } : next;
    case 'SuspectDetainedInKorea':
      return { ...next, detention: { since: at, until: event.data.detainedUntil, extended: false, limitReached: false } };
    case 'DetentionExtended':
      return { ...next, detention: { since: at, until: event.data.detainedUntil, extended: true, limitReached: false } };
    case 'DetentionLimitReached':
      return state.detention ? { ...next, detention: { ...state.detention, limitReached: true } } : next;
    case 'SuspectReleased':
    case 'SuspectEscaped':
    case 'SuspectCaseDropped':
      return { ...next, hostCaseHold: null };
    case 'SuspectScreenedAsVictim':
      return { ...next, hostCaseHold: null, victimCaseId: event.data.victimCaseId };
    default:
      return next;
  }
}

export const suspectDecider: Decider<SuspectState, SuspectCommand, SuspectEvent> = {
  initialState: initialSuspectState(''),
  decide,
  evolve,
};

export const suspectEventOf = EVENT_OF;
