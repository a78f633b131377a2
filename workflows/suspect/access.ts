// Who works a SuspectCase, who may give each of its commands, and what each agency sees of the
// suspect (DOMAIN.md, "Agencies and who may see what").
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import { CASE_WORKERS_AND_LIAISONS, type CaseKindAccess, EVERYTHING, IDENTITY, may, SUPERVISORS, see } from '../case-kit/kind-access.ts';
import type { IdentifySuspect, suspectCommandSchemas } from './commands.ts';
import type { SuspectState } from './decider.ts';
import { AwaitedDecision, SuspectSource, suspectEvents } from './events.ts';
import { SUSPECT_STATUSES } from './statuses.ts';

type SuspectCommandName = z.infer<typeof IdentifySuspect>['type'] | keyof typeof suspectCommandSchemas;

const instant = z.iso.datetime({ offset: true });
const status = z.enum(SUSPECT_STATUSES);
const legalClock = z.object({ startedAt: instant, deadline: instant, warned: z.boolean(), lapsed: z.boolean() });

/** The decider's SuspectState: ids, statuses, references and clocks; the person's identity stays in the events. */
const suspectState = z.object({
  caseId: z.string(),
  status,
  statusSince: instant.nullable(),
  leadAgency: Agency.nullable(),
  hostCountry: z.string().nullable(),
  source: SuspectSource.nullable(),
  linkedVictimCaseId: z.string().nullable(),
  victimCaseId: z.string().nullable(),
  route: z.enum(['extradition', 'deportation']).nullable(),
  operationId: z.string().nullable(),
  arrestOperationIds: z.array(z.string()),
  warrantNumber: z.string().nullable(),
  redNotice: z.enum(['requested', 'published']).nullable(),
  passportInvalidated: z.boolean(),
  provisionalArrest: legalClock.nullable(),
  awaitingAnswer: z
    .object({ awaiting: AwaitedDecision, since: instant, lastActivityAt: instant, chases: z.number(), reminders: z.number() })
    .nullable(),
  hostCaseHold: z.object({ hostCaseReference: z.string(), heldFrom: status }).nullable(),
  flightId: z.string().nullable(),
  seat: z.string().nullable(),
  leftFlightIds: z.array(z.string()),
  clearanceLosses: z.number(),
  lastClearanceLoss: z.object({ flightId: z.string(), reason: z.string() }).nullable(),
  inKorea: z.boolean(),
  detentionWarrantClock: legalClock.nullable(),
  detention: z.object({ since: instant, until: instant, extended: z.boolean(), limitReached: z.boolean() }).nullable(),
  deadlines: suspectEvents.SuspectIdentified.data.shape.deadlines,
}) satisfies z.ZodType<SuspectState>;

/** Korean legal steps: the prosecutors and the Ministry of Justice. */
const MOJ_LEGAL = ['MOJ'] as const;
/** In Korea the police and the prosecutors hold the suspect together. */
const KOREAN_CUSTODY = ['NPA', 'MOJ'] as const;

export const suspectAccess: CaseKindAccess<SuspectCommandName> = {
  commands: {
    identifySuspect: may(['NPA', 'NIS'], 'the police identify from reports and raids, intelligence from its own sources'),
    issueArrestWarrant: may(['NPA'], 'Korean warrants go through the national police'),
    requestRedNotice: may(['NPA'], "the national police is INTERPOL's national central bureau"),
    recordRedNoticePublished: may(
      ['INTERPOL', 'NPA'],
      'INTERPOL publishes notices; the national central bureau records them',
      CASE_WORKERS_AND_LIAISONS,
    ),
    invalidatePassport: may(['MOFA'], 'passports are refused or invalidated by the foreign ministry (Passport Act art. 12)'),
    recordArrest: may(['HOST_POLICE', 'NPA'], 'the host police arrest, with the Korean police in joint raids', CASE_WORKERS_AND_LIAISONS),
    recordDetention: may(
      ['HOST_POLICE', 'HOST_IMMIGRATION'],
      'detention abroad is the host police’s and immigration’s',
      CASE_WORKERS_AND_LIAISONS,
    ),
    requestExtradition: may(MOJ_LEGAL, 'extradition requests: prosecutor → Ministry of Justice → MOFA'),
    chaseRequest: may(['MOJ', 'MOFA'], 'an unanswered request is chased by the ministry or through diplomatic channels'),
    recordHostCourtApproval: may(MOJ_LEGAL, 'legal approvals are followed by the Ministry of Justice', CASE_WORKERS_AND_LIAISONS),
    recordHostExecutiveApproval: may(MOJ_LEGAL, 'legal approvals are followed by the Ministry of Justice', CASE_WORKERS_AND_LIAISONS),
    recordExtraditionDenied: may(MOJ_LEGAL, 'legal approvals are followed by the Ministry of Justice', CASE_WORKERS_AND_LIAISONS),
    orderDeportation: may(['HOST_IMMIGRATION'], 'deportation orders are host immigration’s', CASE_WORKERS_AND_LIAISONS),
    recordReEntryBlacklist: may(['HOST_IMMIGRATION'], 'the re-entry blacklist is host immigration’s', CASE_WORKERS_AND_LIAISONS),
    placeHostCaseHold: may(
      ['HOST_POLICE', 'MOJ'],
      'a host criminal case is reported by the host police or followed by MOJ',
      CASE_WORKERS_AND_LIAISONS,
    ),
    releaseHostCaseHold: may(
      ['HOST_POLICE', 'MOJ'],
      'a host criminal case is reported by the host police or followed by MOJ',
      CASE_WORKERS_AND_LIAISONS,
    ),
    issueTravelDocument: may(['MOFA'], 'travel certificates and emergency passports are consular steps'),
    withdrawClearance: may(['MOFA', 'MOJ'], 'MOFA revokes travel documents; the Ministry of Justice follows court orders'),
    joinManifest: may(['MOJ'], 'charter manifests are the Ministry of Justice’s'),
    leaveManifest: may(['MOJ'], 'charter manifests are the Ministry of Justice’s'),
    requestDetentionWarrant: may(KOREAN_CUSTODY, 'within 48 hours the police, through the prosecutors, ask for a detention warrant'),
    recordDetentionWarrantIssued: may(KOREAN_CUSTODY, 'the court’s warrant is recorded by those holding the suspect'),
    extendDetention: may(MOJ_LEGAL, 'prosecutors ask the court to extend detention'),
    referToProsecution: may(['NPA'], 'the police refer the case to the prosecutors'),
    closeCase: may(KOREAN_CUSTODY, 'the case closes once prosecution has it'),
    recordRelease: may(KOREAN_CUSTODY, 'a release is recorded by the Korean side answering for the case'),
    recordEscape: may(['NPA', 'HOST_POLICE'], 'an escape from custody is reported by whoever held the suspect', CASE_WORKERS_AND_LIAISONS),
    dropCase: may(KOREAN_CUSTODY, 'dropping a criminal case is a decision of the police or prosecutors', SUPERVISORS),
    recordScreenedAsVictim: may(['NPA', 'MOFA'], 'screening after raids, by the police with the embassy, separates victims from offenders'),
  },
  personalData: {
    // Passports and travel certificates need the identity of everyone going home.
    MOFA: see(IDENTITY),
    // Police and prosecutors hold the suspect's file in full.
    NPA: see(EVERYTHING),
    MOJ: see(EVERYTHING),
    // Intelligence on compounds and syndicates.
    NIS: see([...IDENTITY, 'location', 'phone']),
    // Host police see identity, location and warrant status of their targets.
    HOST_POLICE: see([...IDENTITY, 'location']),
    // Host immigration detains and deports: identity and travel documents only.
    HOST_IMMIGRATION: see(IDENTITY),
    // Notice data, not case internals.
    INTERPOL: see(IDENTITY),
  },
  stateSchema: suspectState,
};
