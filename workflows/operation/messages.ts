// The JointOperation's messages, declared once for the workflow and every client.
import { defineQuery } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CarriedCase } from '../case-kit/case-runtime.ts';
import { updatesFor } from '../case-kit/messages.ts';
import { operationCommandSchemas, type PlanOperation } from './commands.ts';
import type { OperationState } from './decider.ts';

export const operationUpdates = updatesFor(operationCommandSchemas);

/** The operation's state, including its summary (targets raided, detained, rescued, cases opened). */
export const operationStateQuery = defineQuery<OperationState>('state');

export interface JointOperationInput {
  plan: z.input<typeof PlanOperation>;
  /** Present after continue-as-new: the state and stream version the previous run ended with. */
  carried?: CarriedCase<OperationState>;
}

export interface JointOperationOutcome {
  caseId: string;
  status: OperationState['status'];
  summary: OperationState['summary'];
  streamVersion: number;
}
