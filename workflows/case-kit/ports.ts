// The doors the case workflows need to the world, declared here, on the workflows' side: the
// workflows call them through proxyActivities, and activities/ implements them. So the rules
// never import their adapters, and an adapter can change without touching a workflow.
import type { SearchAttributePair } from '@temporalio/common';
import type { Actor, NewEvent } from '../../events/envelope.ts';
import type { SuspectDeadlines, VictimDeadlines } from './deadlines.ts';

export interface AppendEventsInput {
  streamId: string;
  expectedVersion: number;
  events: NewEvent[];
}

export interface AppendEventsResult {
  streamVersion: number;
}

/** The event store, as a workflow appends to it. Event ids come from the workflow, so a retry appends nothing twice. */
export interface AppendActivities {
  appendEvents(input: AppendEventsInput): Promise<AppendEventsResult>;
}

/** The deadlines that apply to a new case, from configuration and treaty data. */
export interface DeadlineActivities {
  resolveVictimDeadlines(): Promise<VictimDeadlines>;
  resolveSuspectDeadlines(hostCountry: string): Promise<SuspectDeadlines>;
}

export interface OpenCaseInput {
  workflowType: string;
  workflowId: string;
  args: unknown[];
  signal?: { name: string; args: unknown[] };
  searchAttributes?: SearchAttributePair[];
}

/** Opens (or signals) another case's workflow: signal-with-start is a client call. */
export interface OpenCaseActivities {
  openCase(input: OpenCaseInput): Promise<{ workflowId: string; newlyStarted: boolean | null }>;
}

export interface ManifestRequest {
  caseId: string;
  /** Chosen deterministically by the flight workflow; the same id is never executed twice. */
  updateId: string;
  flightId: string;
  actor: Actor;
  occurredAt: string;
}

/** A case's answer to a manifest request; `reason` and `rule` say why it did not comply. */
export interface ManifestAnswer {
  accepted: boolean;
  reason?: string;
  rule?: string;
}

/** A flight asks a suspect case to join or leave its manifest, through the case's own Updates. */
export interface ManifestActivities {
  joinManifest(input: ManifestRequest & { seat?: string }): Promise<ManifestAnswer>;
  leaveManifest(input: ManifestRequest & { reason: string }): Promise<ManifestAnswer>;
}
