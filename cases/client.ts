// The typed operator client: open cases, give them commands, read their state, list and count
// them by search attributes. Used by the HTTP API, the CLI and the demo; it speaks Temporal with
// the encrypting data converter, so no personal value reaches the server in clear.
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type SearchAttributePair } from '@temporalio/common';
import type { z } from 'zod';
import { type Actor, type CaseKind, StreamId } from '../events/envelope.ts';
import type { CommandResult } from '../workflows/case-kit/case-runtime.ts';
import { CaseKindKey, LeadAgencyKey } from '../workflows/case-kit/search-attributes.ts';
import { CaseAlreadyExistsError, CaseNotFoundError, CommandRejectedError, InvalidCommandError, UnknownCommandError } from './errors.ts';
import { CASE_KIND_SPECS, kindOfCaseId } from './kinds.ts';
import { type CaseFilter, type CaseSummary, toCaseSummary, toVisibilityQuery } from './visibility.ts';

/** What an operator sends: the command's own fields; who and when are added by the caller. */
export interface CommandEnvelope {
  actor: Actor;
  occurredAt: string;
  correlationId?: string;
  commandId?: string;
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function parseCommand(schema: z.ZodObject, name: string, payload: Record<string, unknown>, meta: CommandEnvelope): Record<string, unknown> {
  const parsed = schema.safeParse({ ...payload, ...meta, type: name });
  if (!parsed.success) throw new InvalidCommandError(name, issuesOf(parsed.error));
  return parsed.data as Record<string, unknown>;
}

function kindOf(caseId: string): CaseKind {
  const kind = kindOfCaseId(caseId);
  if (!kind || !StreamId.safeParse(caseId).success) throw new CaseNotFoundError(caseId);
  return kind;
}

export class CaseClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Opens a case with its kind's opening command; the case id in the payload is the workflow id. */
  async open(kind: CaseKind, payload: Record<string, unknown>, meta: CommandEnvelope): Promise<{ caseId: string }> {
    const spec = CASE_KIND_SPECS[kind];
    const command = parseCommand(spec.open.schema, spec.open.name, payload, meta);
    const caseId = String(command.caseId);
    if (kindOfCaseId(caseId) !== kind || !StreamId.safeParse(caseId).success) {
      throw new InvalidCommandError(spec.open.name, [{ path: 'caseId', message: `a ${kind} case id is "${kind}-<reference>"` }]);
    }
    const searchAttributes: SearchAttributePair[] = [{ key: CaseKindKey, value: kind }];
    if (typeof command.leadAgency === 'string') searchAttributes.push({ key: LeadAgencyKey, value: command.leadAgency });
    try {
      await this.client.workflow.start(spec.workflowType, {
        taskQueue: this.taskQueue,
        workflowId: caseId,
        args: [{ [spec.open.inputField]: command }],
        typedSearchAttributes: searchAttributes,
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new CaseAlreadyExistsError(caseId);
      throw error;
    }
    return { caseId };
  }

  /** Gives a case one command (a Temporal Update); a refusal is a CommandRejectedError. */
  async command(caseId: string, name: string, payload: Record<string, unknown>, meta: CommandEnvelope): Promise<CommandResult> {
    const spec = CASE_KIND_SPECS[kindOf(caseId)];
    const schema = spec.commands[name];
    if (!schema) throw new UnknownCommandError(spec.kind, name, Object.keys(spec.commands));
    const command = parseCommand(schema, name, payload, meta);
    try {
      // The command id is the Update id: Temporal runs an Update id once, so a retried command is not applied twice.
      return await this.client.workflow
        .getHandle(caseId)
        .executeUpdate<CommandResult, [unknown]>(name, { args: [command], ...(meta.commandId ? { updateId: meta.commandId } : {}) });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const details = error.cause.details?.[0] as { rule?: string } | undefined;
        throw new CommandRejectedError(caseId, name, details?.rule ?? error.cause.type ?? undefined, error.cause.message);
      }
      throw error;
    }
  }

  /** The case's current state, from its workflow's `state` query. */
  async state(caseId: string): Promise<Record<string, unknown>> {
    kindOf(caseId);
    try {
      return await this.client.workflow.getHandle(caseId).query<Record<string, unknown>>('state');
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      throw error;
    }
  }

  /** Cases matching the filter, newest first, a page at a time (Temporal visibility). */
  async list(
    filter: CaseFilter,
    page: { pageSize: number; cursor?: string },
  ): Promise<{ cases: CaseSummary[]; nextCursor: string | null }> {
    const response = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.client.options.namespace,
      query: toVisibilityQuery(filter),
      pageSize: page.pageSize,
      nextPageToken: page.cursor ? Buffer.from(page.cursor, 'base64url') : undefined,
    });
    const token = response.nextPageToken;
    return {
      cases: (response.executions ?? []).map(toCaseSummary),
      nextCursor: token && token.length > 0 ? Buffer.from(token).toString('base64url') : null,
    };
  }

  async count(filter: CaseFilter): Promise<number> {
    return (await this.client.workflow.count(toVisibilityQuery(filter))).count;
  }
}
