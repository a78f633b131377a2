// Events of a VictimCase: a person reported held or missing, from the report to closure.
import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/define.ts';
import { Agency } from '../../events/envelope.ts';
import { countedPii, pii } from '../../events/personal-data.ts';
import { VictimDeadlines } from '../case-kit/deadlines.ts';

const caseId = z.string().min(1).max(200);
const note = z.string().max(2000).optional();

/** Who is reported held or missing, and by whom: what the reportVictim command gives and VictimReported records. */
export const VictimReport = z.object({
  caseId,
  leadAgency: Agency,
  personName: pii(z.string().min(1).max(200), 'name'),
  birthDate: pii(z.iso.date().optional(), 'birthDate'),
  /** `screening`: screening found a person detained as a suspect to be a victim (linkedSuspectCaseId names that case). */
  reportedBy: z.enum(['self', 'family', 'embassy', 'police', 'call_centre', 'screening']),
  hostCountry: z.string().length(2),
  lastKnownLocation: pii(z.string().max(500).optional(), 'location'),
  contactPhone: pii(z.string().max(50).optional(), 'phone'),
  familyContact: pii(z.string().max(500).optional(), 'contact'),
  /** The suspect case this person's history began in, when screening moved them here. */
  linkedSuspectCaseId: z.string().max(200).optional(),
});

/** Kinds of abuse a person reports (DOMAIN.md: on the 2025-10-18 flight, 4 said they had been beaten). */
export const ReportedAbuse = z.enum([
  'beaten',
  'threatened',
  'confined',
  'forced_labour',
  'sexual_abuse',
  'wages_withheld',
  'documents_taken',
]);

/**
 * A person's welfare as screening found it. The three categories are what the campaign statistics
 * count (marked, redacted by need to know, not sealed); when it was assessed and the note are
 * sealed like every other personal value.
 */
export const WelfareRecord = z.object({
  injury: countedPii(z.enum(['none', 'minor', 'serious']), 'welfare'),
  medicalNeed: countedPii(z.enum(['none', 'routine', 'urgent']), 'welfare'),
  reportedAbuse: countedPii(z.array(ReportedAbuse).max(ReportedAbuse.options.length), 'welfare').describe('empty when none was reported'),
  assessedOn: pii(z.iso.date().optional(), 'welfare'),
  note: pii(z.string().max(2000).optional(), 'welfare'),
});
export type WelfareRecord = z.infer<typeof WelfareRecord>;

/** VictimScreened as v1 recorded it, before the welfare record: what its upcaster lifts. */
const screeningV1 = {
  caseId,
  outcome: z.enum(['victim', 'victim_offender']),
  suspectCaseId: z.string().max(200).optional(),
  statement: pii(z.string().max(5000).optional(), 'statement'),
};

export const victimEvents = {
  VictimReported: defineEvent({
    type: 'VictimReported',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'A person, their family, the embassy or the police reported someone held or missing.',
    data: z.object({
      ...VictimReport.shape,
      /** The periods configured when the case opened; the case keeps them. */
      deadlines: VictimDeadlines,
    }),
  }),
  VictimLocated: defineEvent({
    type: 'VictimLocated',
    kind: 'victim',
    classification: 'CONFIDENTIAL',
    description: 'The person was located, e.g. inside a compound, by the embassy, police or intelligence.',
    data: z.object({
      caseId,
      location: pii(z.string().min(1).max(500), 'location'),
      confirmedBy: Agency,
      rescueDeadline: z.iso.datetime({ offset: true }),
    }),
  }),
  RescueRequested: defineEvent({
    type: 'RescueRequested',
    kind: 'victim',
    classification: 'CONFIDENTIAL',
    description: 'The taskforce asked the host police to rescue the located person.',
    data: z.object({ caseId, requestedFrom: Agency, operationId: z.string().max(200).optional() }),
  }),
  VictimRescued: defineEvent({
    type: 'VictimRescued',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'The person is out of the compound and no longer confined.',
    data: z.object({ caseId, rescuedBy: Agency, operationId: z.string().max(200).optional() }),
  }),
  VictimSheltered: defineEvent({
    type: 'VictimSheltered',
    kind: 'victim',
    classification: 'CONFIDENTIAL',
    description: 'The person is in a shelter or under embassy protection.',
    data: z.object({ caseId, shelter: pii(z.string().min(1).max(500), 'location') }),
  }),
  VictimScreened: defineEvent({
    type: 'VictimScreened',
    kind: 'victim',
    classification: 'CONFIDENTIAL',
    description:
      'Screening decided whether the person is a victim only, or a victim-offender with a suspect case too, and recorded their welfare.',
    version: 2,
    data: z.object({
      ...screeningV1,
      welfare: WelfareRecord.nullable().describe('null when screening recorded none (every v1 screening)'),
    }),
    // v1 had no welfare record: such a screening recorded none. Sealed values pass through unopened.
    upcasters: { 1: (data) => ({ ...data, welfare: null }) },
  }),
  VictimTravelDocumentIssued: defineEvent({
    type: 'VictimTravelDocumentIssued',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'The embassy issued an emergency passport or travel certificate.',
    data: z.object({
      caseId,
      documentType: z.enum(['emergency_passport', 'travel_certificate', 'passport']),
      documentNumber: pii(z.string().min(1).max(50), 'passport'),
    }),
  }),
  VictimRepatriated: defineEvent({
    type: 'VictimRepatriated',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'The person arrived home.',
    data: z.object({ caseId, flightId: z.string().max(200).optional() }),
  }),
  VictimFollowUpStarted: defineEvent({
    type: 'VictimFollowUpStarted',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'Aftercare and follow-up after the return home began.',
    data: z.object({ caseId, note }),
  }),
  VictimCaseClosed: defineEvent({
    type: 'VictimCaseClosed',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'Follow-up is complete and the case is closed.',
    data: z.object({ caseId, note }),
  }),
  VictimContactLost: defineEvent({
    type: 'VictimContactLost',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'Contact with the person was lost; they count as missing again.',
    data: z.object({ caseId, note }),
  }),
  VictimContactRegained: defineEvent({
    type: 'VictimContactRegained',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'Contact with the person was regained, their whereabouts still unconfirmed; they count as reported again.',
    data: z.object({ caseId, note }),
  }),
  VictimDeclinedAssistance: defineEvent({
    type: 'VictimDeclinedAssistance',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'The person, no longer confined, declined consular help or repatriation.',
    data: z.object({ caseId, note }),
  }),
  VictimCaseClosedUnresolved: defineEvent({
    type: 'VictimCaseClosedUnresolved',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'The case was closed without the person being found or brought home.',
    data: z.object({ caseId, reason: z.string().min(1).max(2000) }),
  }),
  VictimWelfareCheckDue: defineEvent({
    type: 'VictimWelfareCheckDue',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'Escalation: the person is still not located after another follow-up interval.',
    data: z.object({ caseId, checkNumber: z.number().int().min(1), daysSinceLastChange: z.number().int().min(0) }),
  }),
  VictimRescueEscalated: defineEvent({
    type: 'VictimRescueEscalated',
    kind: 'victim',
    classification: 'CONFIDENTIAL',
    description: 'Escalation to a supervisor: a located person was not rescued within the deadline.',
    data: z.object({ caseId, deadline: z.iso.datetime({ offset: true }) }),
  }),
};

/** An event of a VictimCase, its data typed by its schema: what the victim decider decides and folds. */
export type VictimEvent = EventOf<typeof victimEvents>;
