// What of the HTTP API goes into the audit trail, and the hooks that write it. Decided from the
// route and the caller alone, so no route can forget it: every command (any method but GET, except
// the codec's decode, which reads), every refused request, every read of the trail and of a
// supervisor's history, every event stream, and every read of one case's resources by a caller who
// may see personal data of that kind, with the categories the answer could carry unredacted. The
// case is the route's :caseId, or, for a route that learns it from the request's content (the codec
// reads it from the payloads), the one it sets in `request.answerCase`. Public routes carry neither.
//
// The entry is written before the answer leaves. A read whose entry cannot be written is answered
// 503 instead: personal data is not handed out unrecorded. A command has already happened by then
// (its events name the actor), so its answer stands and the failure is logged. A stream (a route
// answering text/event-stream) takes the connection over and never passes through onSend: its
// entry is written before its handler runs, and a stream that cannot be recorded is not opened.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../access/caller.ts';
import { visibleCategories } from '../access/need-to-know.ts';
import type { AuditAccess, AuditEntry, AuditTrail } from '../audit/trail.ts';
import type { PersonalDataCategory } from '../events/personal-data.ts';
import { CaseKind, kindOfCaseId } from '../workflows/kinds.ts';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemBody } from './problem.ts';
import type { RouteSpec } from './route.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The case whose data the answer carries, set by a route that learns it from the request's content. */
    answerCase: string | null;
  }
}

export interface AnsweredRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  spec: RouteSpec | undefined;
  caller: Caller | null;
  params: unknown;
  body: unknown;
  /** request.answerCase. */
  answerCase?: string | null;
  status: number;
  requestId: string;
}

const stringField = (value: unknown, field: string): string | null => {
  const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return typeof found === 'string' ? found : null;
};

/** The case a route's path names; a flight's or an operation's id is its case id. */
function caseInPath(params: unknown): string | null {
  return stringField(params, 'caseId') ?? stringField(params, 'operationId') ?? stringField(params, 'flightId');
}

const STREAM_CONTENT_TYPE = 'text/event-stream';

const isRead = (method: string, spec: RouteSpec) => method === 'GET' || method === 'HEAD' || spec.reads === true;

function categoriesSeen(caller: Caller, kinds: readonly CaseKind[]): PersonalDataCategory[] {
  return [...new Set(kinds.flatMap((kind) => [...visibleCategories(caller, kind, { assigned: false })]))].sort();
}

/** The trail entry for an answered request, or null when it is not one to record. */
export function auditEntryOf(request: AnsweredRequest): AuditEntry | null {
  const { spec, caller, method, status } = request;
  if (!spec || spec.access === 'public') return null;
  // Nobody to name: a row per failed sign-in would let a flood of bad tokens fill the disk. They are
  // counted in the metrics instead (taskforce_authentication_failures_total).
  if (status === 401) return null;
  const read = isRead(method, spec);
  // A read answered 404 reaches here only for a case that exists (see auditRequests): the caller
  // was refused a case it may not see, recorded as such. A command is recorded whatever its answer.
  const denied = status === 403 || (status === 404 && read);
  const pathCase = caseInPath(request.params) ?? request.answerCase ?? null;
  const caseId = pathCase ?? (read ? null : stringField(request.body, 'caseId'));
  const kind = caseId ? kindOfCaseId(caseId) : undefined;
  // A stream carries every kind the caller sees; anything else at most the one its case is.
  const kinds = spec.access === 'event.stream' ? CaseKind.options : kind ? [kind] : [];
  const visible = caller ? categoriesSeen(caller, kinds) : [];

  let access: AuditAccess;
  if (!read) access = 'command';
  else if (spec.access === 'audit.read') access = 'audit';
  else if (spec.access === 'case.history') access = 'history';
  else if ((pathCase || spec.access === 'event.stream') && (denied || visible.length > 0)) access = 'personal-data';
  else access = 'read';
  if (access === 'read' && !denied) return null;

  const disclosed = (access === 'personal-data' || access === 'history') && status < 300;
  return {
    userId: caller?.userId ?? null,
    agency: caller?.agency ?? null,
    role: caller?.role ?? null,
    operation: spec.access,
    action: spec.operationId,
    method,
    path: request.path,
    caseId,
    access,
    personalData: disclosed ? visible : [],
    outcome: denied ? 'denied' : 'allowed',
    status,
    requestId: request.requestId,
  };
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

function entryFor(request: FastifyRequest, status: number): AuditEntry | null {
  return auditEntryOf({
    method: request.method,
    path: pathOf(request),
    spec: request.routeOptions.config?.spec,
    caller: request.caller,
    params: request.params,
    body: request.body,
    answerCase: request.answerCase,
    status,
    requestId: request.id,
  });
}

function logFailure(request: FastifyRequest, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  request.log.error({ error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code } }, 'audit trail not written');
}

/** Whether any event names this case: a 404 for an id that exists is a refusal, not a miss. */
export type CaseExists = (caseId: string) => Promise<boolean>;

/**
 * The case a 404 was about, when that case exists: the caller was refused it (it may not see the
 * case), and that refusal is recorded. A 404 for an id nobody ever used is not.
 */
async function refusedExistingCase(request: FastifyRequest, exists: CaseExists): Promise<boolean> {
  if (!request.caller) return false;
  const caseId = caseInPath(request.params);
  return caseId !== null && kindOfCaseId(caseId) !== undefined && (await exists(caseId));
}

/** Adds the hooks that record every request auditEntryOf selects; register them before the routes. */
export function auditRequests(app: FastifyInstance, trail: AuditTrail, exists: CaseExists): void {
  app.decorateRequest('answerCase', null);
  const recorded = new WeakSet<FastifyRequest>();
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config?.spec?.contentType !== STREAM_CONTENT_TYPE) return;
    const entry = entryFor(request, reply.statusCode);
    if (!entry) return;
    recorded.add(request);
    try {
      await trail.record(entry);
    } catch (error) {
      logFailure(request, error);
      throw new ProblemError(503, 'the audit trail cannot be written, so the stream is not opened; try again shortly');
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // A stream recorded as it opened, answered by a problem instead after all: that is recorded too.
    if (recorded.has(request) && reply.statusCode < 400) return payload;
    const spec = request.routeOptions.config?.spec;
    const missedRead = reply.statusCode === 404 && spec !== undefined && isRead(request.method, spec);
    if (missedRead && !(await refusedExistingCase(request, exists))) return payload;
    const entry = entryFor(request, reply.statusCode);
    if (!entry) return payload;
    try {
      await trail.record(entry);
      return payload;
    } catch (error) {
      logFailure(request, error);
      if (entry.access === 'command' || reply.statusCode >= 400) return payload;
      reply.code(503).type(PROBLEM_CONTENT_TYPE);
      return JSON.stringify(
        problemBody(503, 'the audit trail cannot be written, so the answer is withheld; try again shortly', entry.path, request.id),
      );
    }
  });
}
