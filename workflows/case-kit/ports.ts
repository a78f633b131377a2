// The doors the case workflows need to the world, declared here, on the workflows' side: the
// workflows call them through proxyActivities, and activities/ implements them. So the rules
// never import their adapters, and an adapter can change without touching a workflow.
import type { SearchAttributePair } from '@temporalio/common';
import type { Actor, NewEvent } from '../../events/envelope.ts';
import type { SuspectDeadlines, VictimDeadlines } from './deadlines.ts';
import type { SealedMessage } from './sealed-message.ts';

export interface AppendEventsInput {
  streamId: string;
  expectedVersion: number;
  events: NewEvent[];
  /**
   * The message from outside that asked for these events, whose seal the activity verifies before
   * it appends; null for a fact the case makes itself (a timer, a hand-over from its own state).
   */
  sentAs: SealedMessage | null;
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

/**
 * Opens (or signals) another case's workflow: signal-with-start is a client call. The activity
 * seals the opening (the workflow's one argument) and the signal, as the case worker.
 */
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
  /** The flight's command this request acts for: the activity verifies its seal before it asks the case. */
  onBehalfOf: SealedMessage;
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

export interface TellCaseInput {
  workflowId: string;
  signal: string;
  fact: unknown;
}

/** Tells another running case a fact (a signal, sealed by the activity); a case that has finished is not told. */
export interface TellCaseActivities {
  tellCase(input: TellCaseInput): Promise<{ told: boolean }>;
}
