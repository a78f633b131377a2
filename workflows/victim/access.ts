// Who works a VictimCase, who may give each of its commands, and what each agency sees of the
// person in it (DOMAIN.md, "Agencies and who may see what").
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import { CASE_WORKERS_AND_LIAISONS, type CaseKindAccess, EVERYTHING, IDENTITY, may, see } from '../case-kit/kind-access.ts';
import type { ReportVictim, victimCommandSchemas } from './commands.ts';
import { VICTIM_STATUSES, type VictimState } from './decider.ts';
import { victimEvents } from './events.ts';

type VictimCommandName = z.infer<typeof ReportVictim>['type'] | keyof typeof victimCommandSchemas;

const reported = victimEvents.VictimReported.data.shape;
const instant = z.iso.datetime({ offset: true }).nullable();

/** The decider's VictimState: ids, statuses, dates and counts; of the person only the welfare categories, marked. */
const victimState = z.object({
  caseId: z.string(),
  status: z.enum(VICTIM_STATUSES),
  leadAgency: Agency.nullable(),
  hostCountry: z.string().nullable(),
  statusSince: instant,
  rescueDeadline: instant,
  rescueEscalated: z.boolean(),
  welfareChecks: z.number(),
  operationId: z.string().nullable(),
  screening: victimEvents.VictimScreened.data.shape.outcome.nullable(),
  suspectCaseId: z.string().nullable(),
  welfare: victimEvents.VictimScreened.data.shape.welfare
    .unwrap()
    .pick({ injury: true, medicalNeed: true, reportedAbuse: true })
    .nullable()
    .optional(),
  linkedSuspectCaseId: z.string().nullable(),
  deadlines: reported.deadlines,
}) satisfies z.ZodType<VictimState>;

export const victimAccess: CaseKindAccess<VictimCommandName> = {
  commands: {
    // Reports reach the consular call centre and the embassy, or the police.
    reportVictim: may(['MOFA', 'NPA'], 'reports come through the consular call centre, the embassy or the police'),
    recordLocation: may(['MOFA', 'NPA'], 'the embassy or the police confirm where the person is'),
    requestRescue: may(['MOFA', 'NPA'], 'the taskforce asks the host police to rescue a located person'),
    recordRescue: may(
      ['NPA', 'MOFA'],
      'the joint taskforce rescues; MOFA confirms the person is no longer confined',
      CASE_WORKERS_AND_LIAISONS,
    ),
    recordShelter: may(['MOFA'], 'shelter and embassy protection are consular protection'),
    recordScreening: may(
      ['NPA', 'MOFA'],
      'screening separates victims from offenders: police officers with the embassy’s consular interview',
    ),
    issueTravelDocument: may(['MOFA'], 'emergency passports and travel certificates are issued by the embassy'),
    recordRepatriation: may(['MOFA'], 'consular protection brings the person home'),
    startFollowUp: may(['MOFA'], 'aftercare and follow-up are consular protection'),
    closeCase: may(['MOFA'], 'MOFA counts a report resolved'),
    reportContactLost: may(['MOFA', 'NPA'], 'whoever was in touch with the person reports losing contact'),
    recordContactRegained: may(['MOFA', 'NPA'], 'whoever is in touch with the person again records it'),
    recordDeclinedAssistance: may(['MOFA'], 'the person declines consular help or repatriation'),
    closeUnresolved: may(['MOFA', 'NPA'], 'the agencies that took the report close it when every lead is exhausted'),
  },
  personalData: {
    // Consular protection needs the victim's identity, location, contacts and welfare.
    MOFA: see(EVERYTHING),
    // Location, family contacts, statements and welfare go only to the officers assigned to the case.
    NPA: see(IDENTITY, ['location', 'phone', 'contact', 'statement', 'welfare']),
    // Prosecutors take victims' statements as evidence, but never contact details or location.
    MOJ: see(['name', 'birthDate', 'statement']),
  },
  stateSchema: victimState,
};
