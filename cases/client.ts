// The typed operator client: open cases, give them commands, read their state, list and count
// them by search attributes. Used by the HTTP API, the CLI and the demo; it speaks Temporal with
// the encrypting data converter, so no personal value reaches the server in clear.
//
// A client sees the cases of its own task queue only: those its deployment's workers run. Another
// deployment's case (another task queue in the same namespace) is not listed and not found here;
// its queries and commands would wait for workers this deployment does not have. Reads are bounded:
// a state query or a visibility call that Temporal does not answer within a few seconds fails as
// NoAnswerError instead of holding the caller for as long as the SDK would retry.
//
// Every opening and command is sealed (access/message-seal.ts) for the case it is addressed to,
// over its whole content: the actor the caller's token names, the command id, every field. The
// case worker records nothing a seal does not cover.
import { randomUUID } from 'node:crypto';
import {
  type Client,
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowExecutionDescription,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type SearchAttributePair } from '@temporalio/common';
import type { z } from 'zod';
import { loadSealKeyring, sealMessage } from '../access/message-seal.ts';
import { loadDeadlineTable } from '../activities/deadline-table.ts';
import { type Actor, StreamId } from '../events/envelope.ts';
import type { Keyring } from '../infra/keyring.ts';
import { sleep } from '../infra/sleep.ts';
import type { CommandResult } from '../workflows/case-kit/case-runtime.ts';
import type { DeadlineTable } from '../workflows/case-kit/deadlines.ts';
import { occurredAtTooFarAhead } from '../workflows/case-kit/rules.ts';
import { CaseKindKey, LeadAgencyKey } from '../workflows/case-kit/search-attributes.ts';
import { CASE_KIND_SPECS, type CaseKind, kindOfCaseId } from '../workflows/kinds.ts';
import { countCommand } from './command-outcomes.ts';
import {
  CaseAlreadyExistsError,
  CaseNotFoundError,
  CommandNotConfirmedError,
  CommandRejectedError,
  InvalidCommandError,
  InvalidCursorError,
  NoAnswerError,
  UnknownCommandError,
} from './errors.ts';
import { type CaseFilter, type CaseSummary, cursorOf, pageTokenOf, toCaseSummary, toVisibilityQuery } from './visibility.ts';

/** A state query needs the case's worker; one that is gone would hold the query until Temporal gives up (~30 s). */
export const STATE_QUERY_WITHIN_MS = 5_000;
/** Visibility answers in milliseconds; a page token it cannot read is retried by the SDK for ~20 s. */
export const VISIBILITY_WITHIN_MS = 5_000;
/**
 * A command runs the case's worker and an activity appending to the event store; a case whose worker
 * is down would otherwise hold the operator for as long as the worker stays down.
 */
export const COMMAND_WITHIN_MS = 15_000;
/** How often a just-opened case's state is read while its opening is applied. */
const OPENING_POLL_MS = 50;

const GRPC_UNKNOWN = 2;
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_FAILED_PRECONDITION = 9;

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;

/**
 * Temporal, or the case's worker, could not take the call now, and a later try may succeed: no
 * worker polls the case's queue ("no poller seen … worker may be down"), the call ran out of time
 * on the way, or the server refused it for load (too many Updates in flight on one workflow, a rate
 * limit). A command that meets this was perhaps applied, perhaps not: it is sent again with its id.
 */
export function isTemporalBusy(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (!isGrpcServiceError(grpc)) return false;
  if (grpc.code === GRPC_FAILED_PRECONDITION) return /poller/i.test(grpc.details);
  return grpc.code === GRPC_DEADLINE_EXCEEDED || grpc.code === GRPC_RESOURCE_EXHAUSTED;
}

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

/** The command as its schema reads it; a fact dated too far in the future is refused here, naming the field. */
function parseCommand(schema: z.ZodObject, name: string, payload: Record<string, unknown>, meta: CommandEnvelope): Record<string, unknown> {
  const parsed = schema.safeParse({ ...payload, ...meta, type: name });
  if (!parsed.success) throw new InvalidCommandError(name, issuesOf(parsed.error));
  const tooFarAhead = occurredAtTooFarAhead(meta.occurredAt, Date.now());
  if (tooFarAhead) throw new InvalidCommandError(name, [{ path: 'occurredAt', message: tooFarAhead }]);
  return parsed.data as Record<string, unknown>;
}

function kindOf(caseId: string): CaseKind {
  const kind = kindOfCaseId(caseId);
  if (!kind || !StreamId.safeParse(caseId).success) throw new CaseNotFoundError(caseId);
  return kind;
}

/**
 * Runs a Temporal call that must answer within `ms`, or fails with NoAnswerError(from) then,
 * however long the SDK's retries would have gone on. Temporal's own deadline is a second later,
 * so our timer answers first and the server still stops working on the call.
 */
async function within<T>(client: Client, ms: number, from: string, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswerError(from, ms)), ms);
  });
  try {
    return await Promise.race([client.withDeadline(Date.now() + ms + 1_000, call), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The kinds whose clocks run on a host country's treaty period: a suspect, and an operation whose arrests open suspect cases. */
const TREATY_KINDS: readonly CaseKind[] = ['suspect', 'operation'];

export interface CaseClientOptions {
  /** How long a command waits for its case's worker to confirm it (default COMMAND_WITHIN_MS). */
  commandWithinMs?: number | undefined;
  /** The keys openings and commands are sealed with (TASKFORCE_SEAL_KEYS by default). */
  sealKeys?: Keyring;
  /** The host countries cases may name (config/deadlines.json by default). */
  deadlines?: DeadlineTable;
}

export class CaseClient {
  private readonly commandWithinMs: number;
  private readonly sealKeys: Keyring;
  private readonly deadlines: DeadlineTable;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    options: CaseClientOptions = {},
  ) {
    this.commandWithinMs = options.commandWithinMs ?? COMMAND_WITHIN_MS;
    this.sealKeys = options.sealKeys ?? loadSealKeyring();
    this.deadlines = options.deadlines ?? loadDeadlineTable();
  }

  /** Refuses a host country the deadlines file does not name, where a case's clocks would need its treaty period. */
  private checkHostCountry(kind: CaseKind, name: string, command: Record<string, unknown>): void {
    const country = command.hostCountry;
    if (!TREATY_KINDS.includes(kind) || typeof country !== 'string' || this.deadlines.knows(country)) return;
    throw new InvalidCommandError(name, [
      {
        path: 'hostCountry',
        message: `no treaty period for host country ${country} in the deadlines file (it names ${this.deadlines.hostCountries.join(', ')}); add the country with its source to work cases there`,
      },
    ]);
  }

  /** Opens a case with its kind's opening command; the case id in the payload is the workflow id. */
  async open(kind: CaseKind, payload: Record<string, unknown>, meta: CommandEnvelope): Promise<{ caseId: string }> {
    const spec = CASE_KIND_SPECS[kind];
    const command = parseCommand(spec.open.schema, spec.open.name, payload, meta);
    this.checkHostCountry(kind, spec.open.name, command);
    const caseId = String(command.caseId);
    if (kindOfCaseId(caseId) !== kind || !StreamId.safeParse(caseId).success) {
      throw new InvalidCommandError(spec.open.name, [{ path: 'caseId', message: `a ${kind} case id is "${kind}-<reference>"` }]);
    }
    const searchAttributes: SearchAttributePair[] = [{ key: CaseKindKey, value: kind }];
    if (typeof command.leadAgency === 'string') searchAttributes.push({ key: LeadAgencyKey, value: command.leadAgency });
    const input = { [spec.open.inputField]: command };
    const seal = sealMessage(this.sealKeys, { caseId, name: spec.workflowType, content: input });
    try {
      await this.client.workflow.start(spec.workflowType, {
        taskQueue: this.taskQueue,
        workflowId: caseId,
        args: [input, seal],
        typedSearchAttributes: searchAttributes,
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new CaseAlreadyExistsError(caseId);
      throw error;
    }
    return { caseId };
  }

  /** The case's workflow, when this client's task queue runs it; CaseNotFoundError otherwise. */
  async describe(caseId: string): Promise<WorkflowExecutionDescription> {
    kindOf(caseId);
    let description: WorkflowExecutionDescription;
    try {
      description = await this.client.workflow.getHandle(caseId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      throw error;
    }
    if (description.taskQueue !== this.taskQueue) throw new CaseNotFoundError(caseId, 'another deployment runs it');
    return description;
  }

  /**
   * Gives a case one command (a Temporal Update); a refusal is a CommandRejectedError. A command
   * its case's worker does not confirm in time (COMMAND_WITHIN_MS by default) is a CommandNotConfirmedError
   * naming the command id to send it again with.
   */
  async command(caseId: string, name: string, payload: Record<string, unknown>, meta: CommandEnvelope): Promise<CommandResult> {
    const spec = CASE_KIND_SPECS[kindOf(caseId)];
    const schema = spec.commands[name];
    if (!schema) throw new UnknownCommandError(spec.kind, name, Object.keys(spec.commands));
    // Every command gets an id: it is the Update id, and Temporal runs an Update id once, so a
    // command sent again with it (after a timeout, a lost connection) is not applied twice.
    try {
      const result = await this.sendCommand(caseId, name, schema, payload, meta);
      countCommand(spec.kind, name);
      return result;
    } catch (error) {
      countCommand(spec.kind, name, error);
      throw error;
    }
  }

  private async sendCommand(
    caseId: string,
    name: string,
    schema: z.ZodObject,
    payload: Record<string, unknown>,
    meta: CommandEnvelope,
  ): Promise<CommandResult> {
    const commandId = meta.commandId ?? randomUUID();
    const command = parseCommand(schema, name, payload, { ...meta, commandId });
    this.checkHostCountry(kindOf(caseId), name, command);
    const seal = sealMessage(this.sealKeys, { caseId, name, content: command });
    const { status } = await this.describe(caseId);
    if (status.name !== 'RUNNING') {
      // A finished case takes no commands; this is also the answer to a closing command sent again.
      throw new CommandRejectedError(caseId, name, 'case-is-finished', `case ${caseId} is finished (${status.name}) and takes no commands`);
    }
    try {
      return await within(this.client, this.commandWithinMs, `the worker running case ${caseId}`, () =>
        this.client.workflow
          .getHandle(caseId)
          .executeUpdate<CommandResult, [unknown, string]>(name, { args: [command, seal], updateId: commandId }),
      );
    } catch (error) {
      if (error instanceof NoAnswerError || isTemporalBusy(error))
        throw new CommandNotConfirmedError(caseId, name, commandId, this.commandWithinMs);
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const details = error.cause.details?.[0] as { rule?: string } | undefined;
        throw new CommandRejectedError(caseId, name, details?.rule ?? error.cause.type ?? undefined, error.cause.message);
      }
      throw error;
    }
  }

  /** The case's current state, from its workflow's `state` query; NoAnswerError when its worker does not answer. */
  async state(caseId: string): Promise<Record<string, unknown>> {
    await this.describe(caseId);
    const worker = `the worker running case ${caseId}`;
    try {
      return await within(this.client, STATE_QUERY_WITHIN_MS, worker, () =>
        this.client.workflow.getHandle(caseId).query<Record<string, unknown>>('state'),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      if (isTemporalBusy(error)) throw new NoAnswerError(worker, STATE_QUERY_WITHIN_MS);
      throw error;
    }
  }

  /**
   * Waits (at most `withinMs`) until the case's state has left its kind's initial status: its
   * opening fact is stored and the workflow has applied it (the store commits before the activity
   * that appended reports back, so the stored event alone does not mean the state shows it).
   */
  async openingApplied(caseId: string, withinMs: number): Promise<boolean> {
    const initial = CASE_KIND_SPECS[kindOf(caseId)].lifecycle.initial;
    const deadline = Date.now() + withinMs;
    for (;;) {
      // A worker too busy to answer one query within its wait may answer the next.
      const status = await this.state(caseId).then(
        (state) => state.status,
        (error: unknown) => {
          if (error instanceof NoAnswerError) return initial;
          throw error;
        },
      );
      if (status !== initial) return true;
      if (Date.now() >= deadline) return false;
      await sleep(OPENING_POLL_MS);
    }
  }

  /**
   * Cases matching the filter, newest first, a page at a time (Temporal visibility), leaving out the
   * `excluding` ids. A cursor that is not a nextCursor this client gave, or that Temporal cannot
   * read, is an InvalidCursorError.
   */
  async list(
    filter: CaseFilter,
    page: { pageSize: number; cursor?: string },
    excluding: readonly string[] = [],
  ): Promise<{ cases: CaseSummary[]; nextCursor: string | null }> {
    const pageToken = page.cursor === undefined ? undefined : pageTokenOf(page.cursor);
    if (pageToken === null) throw new InvalidCursorError('the cursor is not a nextCursor this API gave; start again without it');
    const response = await within(this.client, VISIBILITY_WITHIN_MS, 'Temporal', () =>
      this.client.workflowService.listWorkflowExecutions({
        namespace: this.client.options.namespace,
        query: toVisibilityQuery(filter, this.taskQueue, { excluding }),
        pageSize: page.pageSize,
        nextPageToken: pageToken,
      }),
    ).catch((error: unknown) => {
      if (pageToken && isGrpcServiceError(error) && (error.code === GRPC_INVALID_ARGUMENT || error.code === GRPC_UNKNOWN)) {
        throw new InvalidCursorError('Temporal cannot read the page this cursor points to; start again without it');
      }
      throw error;
    });
    const token = response.nextPageToken;
    return {
      cases: (response.executions ?? []).map(toCaseSummary),
      nextCursor: token && token.length > 0 ? cursorOf(token) : null,
    };
  }

  /** How many cases match the filter, leaving out the `excluding` ids. */
  async count(filter: CaseFilter, excluding: readonly string[] = []): Promise<number> {
    const counted = await within(this.client, VISIBILITY_WITHIN_MS, 'Temporal', () =>
      this.client.workflow.count(toVisibilityQuery(filter, this.taskQueue, { excluding })),
    );
    return counted.count;
  }
}
