// The commands an operator can give a VictimCase, as zod schemas: the Update payloads,
// the HTTP bodies and the CLI arguments all derive from these.
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import type { VictimDeadlines } from '../case-kit/deadlines.ts';
import { CommandMeta } from '../case-kit/rules.ts';
import { VictimReport, WelfareRecord } from './events.ts';

const note = z.string().max(2000).optional();

export const ReportVictim = CommandMeta.extend({ type: z.literal('reportVictim'), ...VictimReport.shape });

export const victimCommandSchemas = {
  recordLocation: CommandMeta.extend({ type: z.literal('recordLocation'), location: z.string().min(1).max(500), confirmedBy: Agency }),
  requestRescue: CommandMeta.extend({
    type: z.literal('requestRescue'),
    requestedFrom: Agency,
    operationId: z.string().max(200).optional(),
  }),
  recordRescue: CommandMeta.extend({ type: z.literal('recordRescue'), rescuedBy: Agency, operationId: z.string().max(200).optional() }),
  recordShelter: CommandMeta.extend({ type: z.literal('recordShelter'), shelter: z.string().min(1).max(500) }),
  recordScreening: CommandMeta.extend({
    type: z.literal('recordScreening'),
    outcome: z.enum(['victim', 'victim_offender']),
    statement: z.string().max(5000).optional(),
    welfare: WelfareRecord.optional(),
  }),
  issueTravelDocument: CommandMeta.extend({
    type: z.literal('issueTravelDocument'),
    documentType: z.enum(['emergency_passport', 'travel_certificate', 'passport']),
    documentNumber: z.string().min(1).max(50),
  }),
  recordRepatriation: CommandMeta.extend({ type: z.literal('recordRepatriation'), flightId: z.string().max(200).optional() }),
  startFollowUp: CommandMeta.extend({ type: z.literal('startFollowUp'), note }),
  closeCase: CommandMeta.extend({ type: z.literal('closeCase'), note }),
  reportContactLost: CommandMeta.extend({ type: z.literal('reportContactLost'), note }),
  recordContactRegained: CommandMeta.extend({ type: z.literal('recordContactRegained'), note }),
  recordDeclinedAssistance: CommandMeta.extend({ type: z.literal('recordDeclinedAssistance'), note }),
  closeUnresolved: CommandMeta.extend({ type: z.literal('closeUnresolved'), reason: z.string().min(1).max(2000) }),
} as const;

/** Facts the workflow itself raises when a durable timer fires. */
export const victimTimerSchemas = {
  welfareCheckDue: CommandMeta.extend({ type: z.literal('welfareCheckDue') }),
  escalateRescue: CommandMeta.extend({ type: z.literal('escalateRescue') }),
} as const;

export type VictimCommandName = keyof typeof victimCommandSchemas;
/** The report as the workflow records it: with the deadlines configured when the case opened. */
export type OpenVictimCase = z.infer<typeof ReportVictim> & { deadlines: VictimDeadlines };
export type VictimCommand =
  | OpenVictimCase
  | z.infer<(typeof victimCommandSchemas)[VictimCommandName]>
  | z.infer<(typeof victimTimerSchemas)[keyof typeof victimTimerSchemas]>;
