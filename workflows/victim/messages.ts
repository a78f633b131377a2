// The VictimCase's messages, declared once for the workflow and every client.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CarriedCase } from '../case-kit/case-runtime.ts';
import { updatesFor } from '../case-kit/messages.ts';
import type { CommandMeta } from '../case-kit/rules.ts';
import type { MessageSeal } from '../case-kit/sealed-message.ts';
import type { ReportVictim } from './commands.ts';
import { victimCommandSchemas } from './commands.ts';
import type { VictimState } from './decider.ts';

export const victimUpdates = updatesFor(victimCommandSchemas);

export const victimStateQuery = defineQuery<VictimState>('state');

/** A joint operation found this person in a raid: a fact, so a signal. */
export interface FoundInRaid extends z.input<typeof CommandMeta> {
  operationId: string;
  rescuedBy: z.input<typeof ReportVictim>['leadAgency'];
}
export const foundInRaidSignal = defineSignal<[FoundInRaid, MessageSeal?]>('foundInRaid');

export interface VictimCaseInput {
  report: z.input<typeof ReportVictim>;
  /** Present after continue-as-new: the state and stream version the previous run ended with. */
  carried?: CarriedCase<VictimState>;
}

export interface VictimCaseOutcome {
  caseId: string;
  status: VictimState['status'];
  streamVersion: number;
}
