// The fields a request's log lines carry besides fastify's own (reqId, the path without its query):
// the case the path names, the command id a command runs under, and the trace the caller sent
// (W3C traceparent), so one grep finds a case's or a command's lines across the processes. With
// tracing on, it is the trace of the request's span (the caller's, or a new one: api/request-tracing.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LogFields } from '../infra/logger.ts';
import { tracingEnabled } from '../infra/tracing.ts';
import { kindOfCaseId } from '../workflows/kinds.ts';
import { annotateRequestSpan, requestTraceId } from './request-tracing.ts';

/** The trace id of a W3C traceparent header (version-traceid-spanid-flags), when it is one. */
function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const match = typeof traceparent === 'string' ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent) : null;
  return match?.[1];
}

/** From now on, the request's lines (and its "request completed") carry `fields`; its span names the case and command. */
export function logAbout(request: FastifyRequest, reply: FastifyReply, fields: LogFields): void {
  annotateRequestSpan(fields);
  request.log = request.log.child(fields);
  reply.log = request.log;
}

/** The case id of the path, if it is one (anything else could be anything, a name among them), and the caller's trace. */
export function logCaseOfRequest(request: FastifyRequest, reply: FastifyReply): void {
  const { caseId } = (request.params ?? {}) as { caseId?: unknown };
  const traceId = tracingEnabled() ? requestTraceId(request) : traceIdOf(request.headers.traceparent);
  const fields: LogFields = {
    ...(typeof caseId === 'string' && kindOfCaseId(caseId) ? { caseId } : {}),
    ...(traceId ? { traceId } : {}),
  };
  if (Object.keys(fields).length > 0) logAbout(request, reply, fields);
}
