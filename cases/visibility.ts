// Listing and counting cases through Temporal's visibility store, by the search attributes the
// workflows keep current. Filter values are validated, then quoted, so a caller cannot inject
// query syntax; page cursors carry a digest, so one cut short or made up never reaches Temporal.
import { createHash } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { Agency } from '../events/envelope.ts';
import { CaseKind } from '../workflows/kinds.ts';

const Reference = z.string().regex(/^[a-z]+-[A-Za-z0-9._:-]+$/, 'a case id such as operation-2025-07');

export const CaseFilter = z.object({
  kind: CaseKind.optional(),
  status: z
    .string()
    .regex(/^[A-Z_]+$/, 'a status such as RESCUED')
    .optional(),
  leadAgency: Agency.optional(),
  operationId: Reference.optional(),
  flightId: Reference.optional(),
  /** Only cases with a deadline due within this many days from now (overdue ones included). */
  deadlineWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  /** true: running cases only; false: finished ones only. */
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type CaseFilter = z.output<typeof CaseFilter>;

export interface CaseSummary {
  caseId: string;
  kind: string | null;
  workflowType: string | null;
  status: string | null;
  leadAgency: string | null;
  operationId: string | null;
  flightId: string | null;
  nextDeadline: string | null;
  running: boolean;
  startedAt: string | null;
  closedAt: string | null;
}

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * The visibility query for the filter, over the cases of one task queue (one deployment's) whose
 * opening is recorded (a case sets CaseStatus once its first event is stored: until then nobody
 * knows how secret it is), leaving out the `excluding` ids (cases the caller may not see).
 */
export function toVisibilityQuery(
  filter: CaseFilter,
  taskQueue: string,
  { now = new Date(), excluding = [] }: { now?: Date; excluding?: readonly string[] } = {},
): string {
  const clauses: string[] = [`TaskQueue = ${quote(taskQueue)}`, 'CaseStatus IS NOT NULL'];
  if (filter.kind) clauses.push(`CaseKind = ${quote(filter.kind)}`);
  if (filter.status) clauses.push(`CaseStatus = ${quote(filter.status)}`);
  if (filter.leadAgency) clauses.push(`LeadAgency = ${quote(filter.leadAgency)}`);
  if (filter.operationId) clauses.push(`OperationId = ${quote(filter.operationId)}`);
  if (filter.flightId) clauses.push(`FlightId = ${quote(filter.flightId)}`);
  if (filter.deadlineWithinDays !== undefined) {
    const until = new Date(now.getTime() + filter.deadlineWithinDays * 86_400_000);
    clauses.push(`NextDeadline <= ${quote(until.toISOString())}`);
  }
  if (filter.open !== undefined) clauses.push(filter.open ? `ExecutionStatus = 'Running'` : `ExecutionStatus != 'Running'`);
  if (excluding.length > 0) clauses.push(`WorkflowId NOT IN (${excluding.map(quote).join(', ')})`);
  // Only our case workflows: every case workflow sets CaseKind.
  if (!filter.kind) clauses.push('CaseKind IS NOT NULL');
  // No ORDER BY: the SQL visibility stores refuse it; they list newest first by themselves.
  return clauses.join(' AND ');
}

/**
 * A page cursor is Temporal's page token followed by the first bytes of its SHA-256, in base64url.
 * Temporal answers a token it cannot read with UNKNOWN, which its client retries for some twenty
 * seconds; the digest lets a cursor that is not one we gave be refused at once instead.
 */
const DIGEST_BYTES = 8;
const digestOf = (token: Uint8Array) => createHash('sha256').update(token).digest().subarray(0, DIGEST_BYTES);

export function cursorOf(token: Uint8Array): string {
  return Buffer.concat([token, digestOf(token)]).toString('base64url');
}

/** The page token a cursor carries, or null when cursorOf did not make it (altered, cut short, made up). */
export function pageTokenOf(cursor: string): Uint8Array | null {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length <= DIGEST_BYTES || bytes.toString('base64url') !== cursor) return null;
  const token = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  return digestOf(token).equals(bytes.subarray(bytes.length - DIGEST_BYTES)) ? token : null;
}

function searchAttribute(info: temporal.api.workflow.v1.IWorkflowExecutionInfo, name: string): string | null {
  const payload = info.searchAttributes?.indexedFields?.[name];
  if (!payload?.data) return null;
  const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null;
}

function isoTime(timestamp: temporal.api.workflow.v1.IWorkflowExecutionInfo['startTime']): string | null {
  if (!timestamp?.seconds) return null;
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6)).toISOString();
}

const RUNNING = 1; // WORKFLOW_EXECUTION_STATUS_RUNNING

export function toCaseSummary(info: temporal.api.workflow.v1.IWorkflowExecutionInfo): CaseSummary {
  return {
    caseId: info.execution?.workflowId ?? '',
    kind: searchAttribute(info, 'CaseKind'),
    workflowType: info.type?.name ?? null,
    status: searchAttribute(info, 'CaseStatus'),
    leadAgency: searchAttribute(info, 'LeadAgency'),
    operationId: searchAttribute(info, 'OperationId'),
    flightId: searchAttribute(info, 'FlightId'),
    nextDeadline: searchAttribute(info, 'NextDeadline'),
    running: info.status === RUNNING,
    startedAt: isoTime(info.startTime),
    closedAt: isoTime(info.closeTime),
  };
}
