// The four case kinds as operators see them: which workflow runs a kind, which command opens it,
// and which commands it takes. The HTTP API, the CLI and the typed client all read this table.
import type { z } from 'zod';
import type { CaseKind } from '../events/envelope.ts';
import { flightCommandSchemas, PlanFlight } from './flight/commands.ts';
import { operationCommandSchemas, PlanOperation } from './operation/commands.ts';
import { IdentifySuspect, suspectCommandSchemas } from './suspect/commands.ts';
import { ReportVictim, victimCommandSchemas } from './victim/commands.ts';

export interface CaseKindSpec {
  kind: CaseKind;
  workflowType: string;
  /** The command that opens a case of this kind, and the workflow input field that carries it. */
  open: { name: string; schema: z.ZodObject; inputField: string };
  commands: Record<string, z.ZodObject>;
}

export const CASE_KIND_SPECS: Record<CaseKind, CaseKindSpec> = {
  victim: {
    kind: 'victim',
    workflowType: 'VictimCaseWorkflow',
    open: { name: 'reportVictim', schema: ReportVictim, inputField: 'report' },
    commands: victimCommandSchemas,
  },
  suspect: {
    kind: 'suspect',
    workflowType: 'SuspectCaseWorkflow',
    open: { name: 'identifySuspect', schema: IdentifySuspect, inputField: 'identify' },
    commands: suspectCommandSchemas,
  },
  operation: {
    kind: 'operation',
    workflowType: 'JointOperationWorkflow',
    open: { name: 'planOperation', schema: PlanOperation, inputField: 'plan' },
    commands: operationCommandSchemas,
  },
  flight: {
    kind: 'flight',
    workflowType: 'CharterFlightWorkflow',
    open: { name: 'planFlight', schema: PlanFlight, inputField: 'plan' },
    commands: flightCommandSchemas,
  },
};

/** A case id is "<kind>-<reference>"; its prefix names the kind. */
export function kindOfCaseId(caseId: string): CaseKind | undefined {
  const prefix = caseId.split('-', 1)[0];
  return prefix && prefix in CASE_KIND_SPECS ? (prefix as CaseKind) : undefined;
}
