// Operators' case routes: open a case, give it a command, read its live state, list and count
// cases. Every body derives from the command schemas in workflows/kinds.ts, less `type` (the route
// names it) and `actor` (the token names it); `occurredAt` defaults to now.
//
// Opening is one operation per kind (POST /cases/victim, /cases/suspect …), so the OpenAPI
// document shows each opening command's exact body. Commands are one generic operation,
// POST /cases/{caseId}/commands/{command}: command names repeat across kinds (closeCase, cancel,
// recordDetention …) and the case id says the kind, so one path per command cannot exist; its
// body is documented as one of every command's body (titled "<kind>.<command>") and checked,
// strictly, against the named command's schema.
//
// Statuses: an invalid body is 400 whichever step finds it, with `errors` naming body fields
// (never 422: the API's schema check already answers 400 and a client should not tell the two
// apart); an unknown case or command is 404, and so is a case another deployment's workers run
// (another task queue: cases/client.ts) and a case the caller may not see (a kind its agency does
// not work, or more secret than it may see: cases/visible-cases.ts), which no list shows and no
// count counts either; a command the caller's agency and role may not give is 403 with
// `rule: "command-permission"` (access/command-permissions.ts); opening a case id that exists is
// 409; a command the case's rules refuse is 409 with the rule's name in `rule` (the case keeps running); a list
// cursor that is not one we gave is 400 on query.cursor; Temporal out of reach, or a case's worker
// not answering its state query within a few seconds, is 503. A command the case's worker does not
// confirm within COMMAND_WITHIN_MS is 503 with Retry-After and the `commandId` to send it again
// with: it may still be applied when the worker is back, and with that id it is applied at most once.
import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { allowedCommands } from '../../access/allowed-commands.ts';
import type { Caller } from '../../access/caller.ts';
import { mayCommand } from '../../access/command-permissions.ts';
import { kindsSeenBy } from '../../access/need-to-know.ts';
import { redactState } from '../../access/redact.ts';
import { CaseClient, type CommandEnvelope, isTemporalBusy } from '../../cases/client.ts';
import {
  CaseAlreadyExistsError,
  CaseNotFoundError,
  CommandNotConfirmedError,
  CommandRejectedError,
  InvalidCommandError,
  InvalidCursorError,
  NoAnswerError,
  RunNotFoundError,
  UnknownCommandError,
} from '../../cases/errors.ts';
import { type CaseFilter, CaseFilter as CaseFilterSchema, type CaseSummary } from '../../cases/visibility.ts';
import { OPENING_RECORDED_WITHIN_MS, VisibleCases } from '../../cases/visible-cases.ts';
import { CommandMeta } from '../../workflows/case-kit/rules.ts';
import { CASE_KIND_SPECS, CaseKind, kindOfCaseId } from '../../workflows/kinds.ts';
import { authorize, authorizeCase } from '../auth/guard.ts';
import { type ApiPlugin, encryptingTemporal } from '../context.ts';
import { jsonSchemaOf } from '../openapi.ts';
import { badRequest, conflict, fieldIssues, notFound, PROBLEM_CONTENT_TYPE, Problem, ProblemError, problemBody } from '../problem.ts';
import { logAbout } from '../request-log.ts';
import { addRoute } from '../route.ts';

const GRPC_UNAVAILABLE = 14;

/** The case errors as problems; anything else passes through to the API's error handler. */
export function caseProblem(error: unknown): unknown {
  if (error instanceof InvalidCommandError) {
    return badRequest(
      `${error.command}: the command is not valid; see "errors"`,
      error.issues.map((issue) => ({ path: issue.path ? `body.${issue.path}` : 'body', message: issue.message })),
    );
  }
  if (error instanceof InvalidCursorError) return badRequest(error.message, [{ path: 'query.cursor', message: error.message }]);
  if (error instanceof UnknownCommandError || error instanceof CaseNotFoundError || error instanceof RunNotFoundError) {
    return notFound(error.message);
  }
  if (error instanceof CaseAlreadyExistsError) return conflict(error.message);
  if (error instanceof NoAnswerError) return new ProblemError(503, error.message);
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc) && grpc.code === GRPC_UNAVAILABLE) {
    return new ProblemError(503, 'Temporal is not reachable; try again shortly');
  }
  if (isTemporalBusy(error)) return new ProblemError(503, 'Temporal is busy and did not answer in time; try again shortly');
  return error;
}

/** The kind a case id names; an id no kind owns is a case that does not exist. */
export function kindOfCase(caseId: string): CaseKind {
  const kind = kindOfCaseId(caseId);
  if (!kind) throw notFound(`no case ${caseId}`);
  return kind;
}

/** What an operator sends for a command: its fields, and optionally when and under which ids. */
export function commandBody(schema: z.ZodObject) {
  return schema
    .omit({ type: true, actor: true })
    .extend({
      occurredAt: CommandMeta.shape.occurredAt.optional().describe('when the fact happened in the world (ISO 8601); default: now'),
    })
    .strict();
}

function envelopeOf(caller: Caller, body: Record<string, unknown>): { payload: Record<string, unknown>; meta: CommandEnvelope } {
  const { occurredAt, correlationId, commandId, ...payload } = body;
  return {
    payload,
    meta: {
      actor: { agency: caller.agency, role: caller.role, userId: caller.userId },
      occurredAt: typeof occurredAt === 'string' ? occurredAt : new Date().toISOString(),
      ...(typeof correlationId === 'string' ? { correlationId } : {}),
      ...(typeof commandId === 'string' ? { commandId } : {}),
    },
  };
}

const CaseId = z.string().min(1).max(200).describe('a case id: "<kind>-<reference>", e.g. victim-2024-0001');
const CaseParams = z.object({ caseId: CaseId });

const OpenedCase = z.object({ caseId: z.string() });

const CommandResultView = z.object({
  streamVersion: z.number().int().describe("the case stream's version after the command"),
  events: z.array(z.string()).describe('the domain events the command recorded, in order (none when it changed nothing)'),
});

export const CommandRejectedProblem = Problem.extend({
  rule: z.string().nullable().describe('the rule that refused the command: a domain rule (409), or "command-permission" (403)'),
  command: z.string(),
});

/** 403 for a command the caller's agency and role may not give, naming the rule and the command. */
const COMMAND_REFUSED = {
  403: {
    description: 'the caller may not use the operation, or its agency and role may not give this command (`rule: "command-permission"`)',
    schema: CommandRejectedProblem,
  },
};

export const CommandNotConfirmedProblem = Problem.extend({
  command: z.string(),
  commandId: z.string().describe('send the command again with this commandId: it is applied at most once'),
});

/** Every live case route reads Temporal: when it or the case's worker does not answer in time, 503. */
const TEMPORAL_DOWN = { 503: { description: "Temporal, or the case's worker, did not answer in time; try again shortly" } };

const CaseSummaryView = z.object({
  caseId: z.string(),
  kind: z.string().nullable(),
  workflowType: z.string().nullable(),
  status: z.string().nullable(),
  leadAgency: z.string().nullable(),
  operationId: z.string().nullable(),
  flightId: z.string().nullable(),
  nextDeadline: z.string().nullable().describe('the earliest deadline the case is counting down to'),
  running: z.boolean(),
  startedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
}) satisfies z.ZodType<CaseSummary>;

const CaseQuery = CaseFilterSchema.extend({
  status: CaseFilterSchema.shape.status.describe('a status such as RESCUED'),
  deadlineWithinDays: CaseFilterSchema.shape.deadlineWithinDays.describe(
    'only cases with a deadline due within this many days (overdue included)',
  ),
  open: CaseFilterSchema.shape.open.describe('true: running cases only; false: finished ones only'),
});
const CaseListQuery = CaseQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .max(4000)
    .regex(/^[A-Za-z0-9_-]+$/, 'a cursor is the nextCursor of a previous page')
    .optional()
    .describe('nextCursor of the previous page, as given'),
});

/**
 * The kinds a list or count covers: the one the filter names, which the caller's agency must see,
 * or every kind when its agency sees them all (visibility cannot list "the kinds I see" in one
 * page, so a narrower agency names one).
 */
function readableKinds(caller: Caller, filter: CaseFilter): CaseKind[] {
  if (filter.kind) {
    authorize(caller, 'case.read', filter.kind);
    return [filter.kind];
  }
  const visible = kindsSeenBy(caller);
  if (visible.length < CaseKind.options.length) {
    throw badRequest(`${caller.agency} sees only ${visible.join(', ')} cases: name one with ?kind=`, [
      { path: 'query.kind', message: `required for ${caller.agency}: one of ${visible.join(', ')}` },
    ]);
  }
  return visible;
}

/** Throws 403 (as a problem naming the rule and the command) unless the caller may give this command. */
function authorizeCommand(caller: Caller, kind: CaseKind, command: string): void {
  const decision = mayCommand(caller, kind, command);
  if (!decision.allowed) throw new CommandRefused(decision.rule, command, decision.reason);
}

class CommandRefused extends ProblemError {
  constructor(
    readonly rule: string,
    readonly command: string,
    reason: string,
  ) {
    super(403, reason);
  }
}

function sendRejection(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 403 | 409,
  error: { message: string; rule: string | undefined; command: string },
): FastifyReply {
  const body = {
    ...problemBody(status, error.message, request.url.split('?')[0] ?? request.url, request.id),
    rule: error.rule ?? null,
    command: error.command,
  } satisfies z.infer<typeof CommandRejectedProblem>;
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** Seconds a client should wait before sending an unconfirmed command again. */
const RETRY_UNCONFIRMED_AFTER_S = 5;

function sendNotConfirmed(request: FastifyRequest, reply: FastifyReply, error: CommandNotConfirmedError): void {
  const body = {
    ...problemBody(503, error.message, request.url.split('?')[0] ?? request.url, request.id),
    command: error.command,
    commandId: error.commandId,
  } satisfies z.infer<typeof CommandNotConfirmedProblem>;
  reply.code(503).header('retry-after', String(RETRY_UNCONFIRMED_AFTER_S)).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export const caseRoutes: ApiPlugin = (app, context) => {
  if (!context.temporal) return;
  const temporal = encryptingTemporal(context.temporal);
  const cases = new CaseClient(temporal.client, temporal.taskQueue, { commandWithinMs: temporal.commandWithinMs });
  const visibleCases = new VisibleCases(cases, context.pool);

  for (const spec of Object.values(CASE_KIND_SPECS)) {
    addRoute(
      app,
      {
        method: 'POST',
        url: `/cases/${spec.kind}`,
        operationId: `open${pascal(spec.kind)}Case`,
        summary: `Open a ${spec.kind} case (${spec.open.name}); its caseId must read "${spec.kind}-<reference>"`,
        description: 'The actor is the caller named by the token. 409 when a case with this id exists.',
        tags: ['cases'],
        access: 'case.command',
        body: commandBody(spec.open.schema),
        response: OpenedCase,
        status: 201,
        problems: { ...COMMAND_REFUSED, 409: { description: 'a case with this id exists' }, ...TEMPORAL_DOWN },
      },
      async ({ body, caller, request, reply }) => {
        // The opening command's permission names the agencies that open this kind, all of which work it.
        authorize(caller, 'case.command');
        try {
          authorizeCommand(caller, spec.kind, spec.open.name);
        } catch (error) {
          if (error instanceof CommandRefused) return sendRejection(request, reply, 403, error);
          throw error;
        }
        const { payload, meta } = envelopeOf(caller, body);
        if (typeof payload.caseId === 'string') logAbout(request, reply, { caseId: payload.caseId });
        try {
          const opened = await cases.open(spec.kind, payload, meta);
          reply.header('location', `/cases/${opened.caseId}/state`);
          // Answered 201 once the opening fact is recorded and the state shows it (bounded), so the
          // next request reads the opened case; a 503 when the worker did not confirm it in time.
          if (!(await visibleCases.opened(opened.caseId))) {
            throw new ProblemError(
              503,
              `case ${opened.caseId} was started, but its worker did not confirm the opening within ${OPENING_RECORDED_WITHIN_MS / 1000} s; its state shows it once recorded`,
            );
          }
          return opened;
        } catch (error) {
          throw caseProblem(error);
        }
      },
    );
  }

  const commandBodies = new Map(
    Object.values(CASE_KIND_SPECS).flatMap((spec) =>
      Object.entries(spec.commands).map(([name, schema]) => [`${spec.kind}.${name}`, commandBody(schema)] as const),
    ),
  );
  const AnyCommandBody = z
    .record(z.string(), z.unknown())
    .meta({ oneOf: [...commandBodies].map(([title, schema]) => ({ title, ...jsonSchemaOf(schema, 'input') })) });

  addRoute(
    app,
    {
      method: 'POST',
      url: '/cases/:caseId/commands/:command',
      operationId: 'commandCase',
      summary: 'Give a case one command (a Temporal Update); the body is that command of that kind',
      description:
        'The body is the command titled "<kind>.<command>" below, checked strictly. 404 for an unknown case or a command its kind ' +
        'does not have; 409 when the case refuses the command under a rule of the domain (`rule` names it; the case keeps running); ' +
        "503 when the case's worker does not confirm the command in time: send it again with the `commandId` the answer names.",
      tags: ['cases'],
      access: 'case.command',
      params: CaseParams.extend({ command: z.string().min(1).max(100) }),
      body: AnyCommandBody,
      response: CommandResultView,
      problems: {
        ...COMMAND_REFUSED,
        409: { description: 'the case refused the command under a rule of the domain', schema: CommandRejectedProblem },
        503: { description: "the case's worker did not confirm the command in time", schema: CommandNotConfirmedProblem },
      },
    },
    async ({ params, body, caller, request, reply }) => {
      const kind = kindOfCase(params.caseId);
      authorizeCase(caller, 'case.command', kind, params.caseId);
      const schema = commandBodies.get(`${kind}.${params.command}`);
      if (!schema) throw caseProblem(new UnknownCommandError(kind, params.command, Object.keys(CASE_KIND_SPECS[kind].commands)));
      try {
        authorizeCommand(caller, kind, params.command);
      } catch (error) {
        if (error instanceof CommandRefused) return sendRejection(request, reply, 403, error);
        throw error;
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw badRequest(`${params.command}: the command is not valid; see "errors"`, fieldIssues('body', parsed.error));
      const { payload, meta } = envelopeOf(caller, parsed.data);
      // The id the case client would give it anyway, chosen here so that this request's lines name it.
      const commandId = meta.commandId ?? randomUUID();
      logAbout(request, reply, { commandId });
      try {
        await visibleCases.find(caller, params.caseId);
        return await cases.command(params.caseId, params.command, payload, { ...meta, commandId });
      } catch (error) {
        if (error instanceof CommandRejectedError) sendRejection(request, reply, 409, error);
        else if (error instanceof CommandNotConfirmedError) sendNotConfirmed(request, reply, error);
        else throw caseProblem(error);
        return reply;
      }
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/cases/:caseId/state',
      operationId: 'getCaseState',
      summary: "A case's live state, from its workflow; personal fields redacted for callers without need-to-know",
      description:
        'Fields the state schema of the kind does not declare are left out. `allowedCommands` lists the commands this caller ' +
        'may give the case now (its status allows them and the policy lets the caller give them). 404 for a case the caller may not see.',
      tags: ['cases'],
      access: 'case.read',
      params: CaseParams,
      response: z.object({ allowedCommands: z.array(z.string()).describe('the commands this caller may give now') }).catchall(z.unknown()),
      problems: TEMPORAL_DOWN,
    },
    async ({ params, caller }) => {
      const kind = kindOfCase(params.caseId);
      authorizeCase(caller, 'case.read', kind, params.caseId);
      try {
        await visibleCases.find(caller, params.caseId);
        const state = await cases.state(params.caseId);
        return { ...redactState(state, caller, kind), allowedCommands: allowedCommands(caller, kind, String(state.status)) };
      } catch (error) {
        throw caseProblem(error);
      }
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/cases',
      operationId: 'listCases',
      summary: 'Cases matching the filter, newest first, a page at a time (Temporal visibility; eventually consistent)',
      description: 'An agency that does not see every case kind must name one with `kind`. Cases the caller may not see are left out.',
      tags: ['cases'],
      access: 'case.read',
      query: CaseListQuery,
      response: z.object({ cases: z.array(CaseSummaryView), nextCursor: z.string().nullable() }),
      problems: TEMPORAL_DOWN,
    },
    async ({ query, caller }) => {
      const { pageSize, cursor, ...filter } = query;
      const kinds = readableKinds(caller, filter);
      try {
        return await visibleCases.list(caller, kinds, filter, { pageSize, ...(cursor ? { cursor } : {}) });
      } catch (error) {
        throw caseProblem(error);
      }
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/cases/count',
      operationId: 'countCases',
      summary: 'How many cases match the filter (Temporal visibility; eventually consistent)',
      description: 'An agency that does not see every case kind must name one with `kind`. Cases the caller may not see are left out.',
      tags: ['cases'],
      access: 'case.read',
      query: CaseQuery,
      response: z.object({ count: z.number().int() }),
      problems: TEMPORAL_DOWN,
    },
    async ({ query, caller }) => {
      const kinds = readableKinds(caller, query);
      try {
        return { count: await visibleCases.count(caller, kinds, query) };
      } catch (error) {
        throw caseProblem(error);
      }
    },
  );
};
