// Events of a SuspectCase: a person wanted in Korea, from identification abroad through arrest,
// one of two legal routes home (formal extradition or deportation), the flight, and the hand-over
// to Korean detention and prosecution. Intelligence-sourced identification is raised to SECRET
// by the decider; everything else defaults to the classification declared here.
import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/define.ts';
import { Agency } from '../../events/envelope.ts';
import { pii } from '../../events/personal-data.ts';
import { SuspectDeadlines } from '../case-kit/deadlines.ts';
import { SUSPECT_STATUSES } from './statuses.ts';

const caseId = z.string().min(1).max(200);
const reference = z.string().min(1).max(200);
const note = z.string().max(2000).optional();
const reason = z.string().min(1).max(2000);
const instant = z.iso.datetime({ offset: true });
const flightId = z.string().min(1).max(200);

export const SuspectSource = z.enum(['report', 'intelligence', 'raid', 'screening']);
export const DetentionBasis = z.enum(['immigration', 'provisional_arrest']);
export const AwaitedDecision = z.enum(['host_court', 'host_executive']);
export const SuspectTravelDocumentType = z.enum(['travel_certificate', 'emergency_passport']);
/** Why a clearance to travel was withdrawn: a fixed list, with a note for the particulars. */
export const ClearanceWithdrawalReason = z.enum(['travel_document_revoked', 'court_order', 'host_exit_ban']);
const SuspectStatus = z.enum(SUSPECT_STATUSES);

/** Who was identified and how: what the identifySuspect command gives and SuspectIdentified records. */
export const SuspectIdentification = z.object({
  leadAgency: Agency,
  personName: pii(z.string().min(1).max(200), 'name'),
  birthDate: pii(z.iso.date().optional(), 'birthDate'),
  passportNumber: pii(z.string().min(1).max(50).optional(), 'passport'),
  hostCountry: z.string().length(2),
  source: SuspectSource,
  linkedVictimCaseId: z.string().max(200).optional(),
  operationId: z.string().max(200).optional(),
});

export const suspectEvents = {
  SuspectIdentified: defineEvent({
    type: 'SuspectIdentified',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'A person wanted in Korea was identified from a report, intelligence, a raid or victim screening.',
    data: z.object({
      caseId,
      ...SuspectIdentification.shape,
      /** The periods configured when the case opened (treaty and domestic); the case keeps them. */
      deadlines: SuspectDeadlines,
    }),
  }),
  ArrestWarrantIssued: defineEvent({
    type: 'ArrestWarrantIssued',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'A Korean court issued an arrest warrant; the suspect is wanted (executed later on board).',
    data: z.object({ caseId, warrantNumber: reference, court: reference }),
  }),
  RedNoticeRequested: defineEvent({
    type: 'RedNoticeRequested',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The national central bureau asked INTERPOL to publish a Red Notice.',
    data: z.object({ caseId, requestReference: reference }),
  }),
  RedNoticePublished: defineEvent({
    type: 'RedNoticePublished',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'INTERPOL published the Red Notice.',
    data: z.object({ caseId, noticeReference: reference }),
  }),
  PassportInvalidated: defineEvent({
    type: 'PassportInvalidated',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: "MOFA invalidated the wanted person's passport (Passport Act art. 12).",
    data: z.object({ caseId, orderReference: reference }),
  }),
  SuspectArrested: defineEvent({
    type: 'SuspectArrested',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The host police arrested the suspect, usually in a joint operation.',
    data: z.object({
      caseId,
      arrestedBy: Agency,
      operationId: z.string().max(200).optional(),
      location: pii(z.string().max(500).optional(), 'location'),
    }),
  }),
  SuspectDetained: defineEvent({
    type: 'SuspectDetained',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The host holds the suspect: immigration detention, or a provisional arrest pending an extradition request.',
    data: z.object({
      caseId,
      basis: DetentionBasis,
      facility: pii(z.string().max(500).optional(), 'location'),
      provisionalArrestDeadline: instant.optional(),
    }),
  }),
  ProvisionalArrestLapseApproaching: defineEvent({
    type: 'ProvisionalArrestLapseApproaching',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'Escalation to a supervisor: the provisional arrest lapses soon and no formal extradition request was made.',
    data: z.object({ caseId, deadline: instant, daysLeft: z.number().int().min(0) }),
  }),
  ProvisionalArrestLapsed: defineEvent({
    type: 'ProvisionalArrestLapsed',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The treaty period passed without a formal extradition request: the host may release the suspect.',
    data: z.object({ caseId, deadline: instant }),
  }),
  ExtraditionRequested: defineEvent({
    type: 'ExtraditionRequested',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The formal extradition request went prosecutor → MOJ → MOFA → host foreign ministry.',
    data: z.object({ caseId, requestReference: reference, provisionalArrestMet: z.boolean() }),
  }),
  ExtraditionRequestChased: defineEvent({
    type: 'ExtraditionRequestChased',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The taskforce chased the host about an unanswered extradition request.',
    data: z.object({ caseId, awaiting: AwaitedDecision, chaseNumber: z.number().int().min(1), chasedThrough: Agency, note }),
  }),
  ExtraditionRequestUnanswered: defineEvent({
    type: 'ExtraditionRequestUnanswered',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'Escalation: the host has not answered the extradition request for another chase interval.',
    data: z.object({ caseId, awaiting: AwaitedDecision, waitingSince: instant, reminderNumber: z.number().int().min(1) }),
  }),
  HostCourtApprovedExtradition: defineEvent({
    type: 'HostCourtApprovedExtradition',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The host court found the extradition lawful.',
    data: z.object({ caseId, court: reference, decisionReference: reference }),
  }),
  HostExecutiveApprovedExtradition: defineEvent({
    type: 'HostExecutiveApprovedExtradition',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: "The host government approved the surrender after the court's decision.",
    data: z.object({ caseId, decisionReference: reference }),
  }),
  ExtraditionDenied: defineEvent({
    type: 'ExtraditionDenied',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The host court or government refused the extradition.',
    data: z.object({ caseId, deniedBy: AwaitedDecision, reason }),
  }),
  DeportationOrdered: defineEvent({
    type: 'DeportationOrdered',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'Host immigration ordered the deportation "for further legal action" in Korea.',
    data: z.object({ caseId, orderReference: reference }),
  }),
  ReEntryBlacklisted: defineEvent({
    type: 'ReEntryBlacklisted',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'Host immigration barred the suspect from re-entering the country.',
    data: z.object({ caseId, blacklistReference: z.string().max(200).optional() }),
  }),
  HostCaseHoldPlaced: defineEvent({
    type: 'HostCaseHoldPlaced',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'A pending host-country criminal case holds the suspect: no deportation or surrender until it is resolved.',
    data: z.object({ caseId, hostCaseReference: reference, heldFrom: SuspectStatus, note }),
  }),
  HostCaseHoldReleased: defineEvent({
    type: 'HostCaseHoldReleased',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The host criminal case no longer holds the suspect; the case resumes where it was.',
    data: z.object({ caseId, hostCaseReference: reference, resumedAs: SuspectStatus, note }),
  }),
  SuspectLostTravelClearance: defineEvent({
    type: 'SuspectLostTravelClearance',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: 'A manifested suspect may no longer travel; the flight is told to release the seat.',
    data: z.object({ caseId, flightId, reason }),
  }),
  TravelClearanceWithdrawn: defineEvent({
    type: 'TravelClearanceWithdrawn',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: 'The clearance to travel was withdrawn (a revoked travel document, a court order); a manifested suspect loses the seat.',
    data: z.object({ caseId, reason: ClearanceWithdrawalReason, note }),
  }),
  SuspectTravelDocumentIssued: defineEvent({
    type: 'SuspectTravelDocumentIssued',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: 'The embassy issued a travel certificate or emergency passport for the journey home.',
    data: z.object({
      caseId,
      documentType: SuspectTravelDocumentType,
      documentNumber: pii(z.string().min(1).max(50), 'passport'),
    }),
  }),
  SuspectJoinedManifest: defineEvent({
    type: 'SuspectJoinedManifest',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: 'The suspect, cleared to travel, holds a seat on a flight.',
    data: z.object({ caseId, flightId, seat: z.string().max(20).optional() }),
  }),
  SuspectLeftManifest: defineEvent({
    type: 'SuspectLeftManifest',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: "The flight released the suspect's seat (its compensation); the suspect may join another flight.",
    data: z.object({ caseId, flightId, reason }),
  }),
  SuspectArrestedOnBoard: defineEvent({
    type: 'SuspectArrestedOnBoard',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The Korean warrant was executed in the cabin (Korean territory); the 48-hour clock starts.',
    data: z.object({ caseId, flightId, warrantNumber: z.string().max(200).optional(), detentionWarrantDeadline: instant }),
  }),
  SuspectLanded: defineEvent({
    type: 'SuspectLanded',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: 'The suspect landed in Korea and was handed over to the investigating police.',
    data: z.object({ caseId, flightId }),
  }),
  DetentionWarrantDeadlineApproaching: defineEvent({
    type: 'DetentionWarrantDeadlineApproaching',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'Escalation: the 48-hour window to request a detention warrant closes soon.',
    data: z.object({ caseId, deadline: instant, hoursLeft: z.number().int().min(0) }),
  }),
  DetentionWarrantDeadlineLapsed: defineEvent({
    type: 'DetentionWarrantDeadlineLapsed',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'No detention warrant was requested within 48 hours of the arrest: the suspect must be released.',
    data: z.object({ caseId, deadline: instant }),
  }),
  DetentionWarrantRequested: defineEvent({
    type: 'DetentionWarrantRequested',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'Prosecutors asked the court for a detention warrant within the 48 hours.',
    data: z.object({ caseId, court: reference, deadline: instant }),
  }),
  SuspectDetainedInKorea: defineEvent({
    type: 'SuspectDetainedInKorea',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The court issued the detention warrant; detention runs for the configured period.',
    data: z.object({ caseId, warrantNumber: reference, detainedUntil: instant }),
  }),
  DetentionExtended: defineEvent({
    type: 'DetentionExtended',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The court extended detention once, by the configured extension.',
    data: z.object({ caseId, detainedUntil: instant }),
  }),
  DetentionLimitReached: defineEvent({
    type: 'DetentionLimitReached',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'Escalation: detention reached its limit without a referral to prosecution.',
    data: z.object({ caseId, detainedUntil: instant, extended: z.boolean() }),
  }),
  SuspectReferredToProsecution: defineEvent({
    type: 'SuspectReferredToProsecution',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The police referred the case to the prosecutors with the charges.',
    data: z.object({ caseId, prosecutorsOffice: reference, charges: z.array(z.string().min(1).max(200)).min(1), detained: z.boolean() }),
  }),
  SuspectCaseClosed: defineEvent({
    type: 'SuspectCaseClosed',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: 'The case passed to prosecution and closed.',
    data: z.object({ caseId, note }),
  }),
  SuspectReleased: defineEvent({
    type: 'SuspectReleased',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The suspect was released from custody (by the host, or in Korea).',
    data: z.object({ caseId, releasedBy: Agency, reason }),
  }),
  SuspectEscaped: defineEvent({
    type: 'SuspectEscaped',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description: 'The suspect escaped from custody.',
    data: z.object({ caseId, note }),
  }),
  SuspectScreenedAsVictim: defineEvent({
    type: 'SuspectScreenedAsVictim',
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    description:
      'Screening found the person detained as a suspect to be a victim: the suspect case ends, and a victim case it names goes on.',
    data: z.object({ caseId, victimCaseId: caseId, note }),
  }),
  SuspectCaseDropped: defineEvent({
    type: 'SuspectCaseDropped',
    kind: 'suspect',
    classification: 'RESTRICTED',
    description: 'The case was dropped (e.g. screening found a victim only, or the charges fell away).',
    data: z.object({ caseId, reason }),
  }),
};

/** An event of a SuspectCase, its data typed by its schema: what the suspect decider decides and folds. */
export type SuspectEvent = EventOf<typeof suspectEvents>;
