// The commands a SuspectCase accepts, as zod schemas: the Update payloads, the signal payloads,
// the HTTP bodies and the CLI arguments all derive from these. An Update's name already says
// which command it is, so `type` may be left out of a payload.
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import { pii } from '../../events/personal-data.ts';
import type { SuspectDeadlines } from '../case-kit/deadlines.ts';
import { CommandMeta } from '../case-kit/rules.ts';
import { AwaitedDecision, ClearanceWithdrawalReason, DetentionBasis, SuspectIdentification, SuspectTravelDocumentType } from './events.ts';

const note = z.string().max(2000).optional();
const reason = z.string().min(1).max(2000);
const reference = z.string().min(1).max(200);
const flightId = z.string().min(1).max(200);

function command<Name extends string, Shape extends z.ZodRawShape>(type: Name, shape: Shape) {
  return CommandMeta.extend({ type: z.literal(type).default(type), ...shape });
}

export const IdentifySuspect = command('identifySuspect', {
  caseId: z
    .string()
    .regex(/^suspect-[A-Za-z0-9._:-]+$/, 'a suspect case id is "suspect-<reference>"')
    .max(200),
  ...SuspectIdentification.shape,
});

/** Payload of the `boardedAndArrested` signal: the Korean warrant was executed in the cabin. */
export const BoardedAndArrested = CommandMeta.extend({ flightId, warrantNumber: z.string().min(1).max(200).optional() });
/** Payload of the `landed` signal. */
export const Landed = CommandMeta.extend({ flightId });
/** Payload of the `detainedInRaid` signal: a joint operation arrested this person. */
export const DetainedInRaid = CommandMeta.extend({ operationId: z.string().min(1).max(200), arrestedBy: Agency });

export const suspectCommandSchemas = {
  issueArrestWarrant: command('issueArrestWarrant', { warrantNumber: reference, court: reference }),
  requestRedNotice: command('requestRedNotice', { requestReference: reference }),
  recordRedNoticePublished: command('recordRedNoticePublished', { noticeReference: reference }),
  invalidatePassport: command('invalidatePassport', { orderReference: reference }),
  recordArrest: command('recordArrest', {
    arrestedBy: Agency,
    operationId: z.string().min(1).max(200).optional(),
    location: pii(z.string().max(500).optional(), 'location'),
  }),
  recordDetention: command('recordDetention', { basis: DetentionBasis, facility: pii(z.string().max(500).optional(), 'location') }),
  requestExtradition: command('requestExtradition', { requestReference: reference }),
  chaseRequest: command('chaseRequest', { chasedThrough: Agency, note }),
  recordHostCourtApproval: command('recordHostCourtApproval', { court: reference, decisionReference: reference }),
  recordHostExecutiveApproval: command('recordHostExecutiveApproval', { decisionReference: reference }),
  recordExtraditionDenied: command('recordExtraditionDenied', { deniedBy: AwaitedDecision, reason }),
  orderDeportation: command('orderDeportation', { orderReference: reference }),
  recordReEntryBlacklist: command('recordReEntryBlacklist', { blacklistReference: z.string().max(200).optional() }),
  placeHostCaseHold: command('placeHostCaseHold', { hostCaseReference: reference, note }),
  releaseHostCaseHold: command('releaseHostCaseHold', { note }),
  issueTravelDocument: command('issueTravelDocument', {
    documentType: SuspectTravelDocumentType,
    documentNumber: pii(z.string().min(1).max(50), 'passport'),
  }),
  withdrawClearance: command('withdrawClearance', { reason: ClearanceWithdrawalReason, note }),
  joinManifest: command('joinManifest', { flightId, seat: z.string().min(1).max(20).optional() }),
  leaveManifest: command('leaveManifest', { flightId, reason }),
  requestDetentionWarrant: command('requestDetentionWarrant', { court: reference }),
  recordDetentionWarrantIssued: command('recordDetentionWarrantIssued', { warrantNumber: reference }),
  extendDetention: command('extendDetention', {}),
  referToProsecution: command('referToProsecution', { prosecutorsOffice: reference, charges: z.array(z.string().min(1).max(200)).min(1) }),
  closeCase: command('closeCase', { note }),
  recordRelease: command('recordRelease', { releasedBy: Agency, reason }),
  recordEscape: command('recordEscape', { note }),
  dropCase: command('dropCase', { reason }),
  recordScreenedAsVictim: command('recordScreenedAsVictim', { note }),
} as const;

/** Facts other workflows report by signal (the flight's boarding and landing). */
export const suspectFactSchemas = {
  recordOnBoardArrest: BoardedAndArrested.extend({ type: z.literal('recordOnBoardArrest') }),
  recordLanding: Landed.extend({ type: z.literal('recordLanding') }),
} as const;

/** Facts the workflow itself raises when a durable timer fires. */
export const suspectTimerSchemas = {
  warnProvisionalArrestLapse: command('warnProvisionalArrestLapse', {}),
  lapseProvisionalArrest: command('lapseProvisionalArrest', {}),
  flagUnansweredRequest: command('flagUnansweredRequest', {}),
  warnDetentionWarrantDeadline: command('warnDetentionWarrantDeadline', {}),
  lapseDetentionWarrantDeadline: command('lapseDetentionWarrantDeadline', {}),
  reachDetentionLimit: command('reachDetentionLimit', {}),
} as const;

/** The identification as the workflow records it: with the deadlines configured when the case opened. */
export type OpenSuspectCase = z.infer<typeof IdentifySuspect> & { deadlines: SuspectDeadlines };

export type SuspectCommandName = keyof typeof suspectCommandSchemas;
export type SuspectTimerName = keyof typeof suspectTimerSchemas;
export type SuspectCommand =
  | OpenSuspectCase
  | z.infer<(typeof suspectCommandSchemas)[SuspectCommandName]>
  | z.infer<(typeof suspectFactSchemas)[keyof typeof suspectFactSchemas]>
  | z.infer<(typeof suspectTimerSchemas)[SuspectTimerName]>;
