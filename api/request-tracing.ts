// A server span for each request when tracing is on (infra/tracing.ts): the child of the caller's
// W3C traceparent when it sent one, named by the route's template (never the URL: a query may
// hold a name), active while the route's handler runs, so the Temporal client's spans and the log
// lines of the handler belong to it. Its attributes: method, route, status, and the case and
// command the request is about (`annotateRequestSpan`). With tracing off nothing is registered.
import { type Attributes, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { startSpan, tracingEnabled, withSpan } from '../infra/tracing.ts';
import { kindOfCaseId } from '../workflows/kinds.ts';

const requestSpans = new WeakMap<FastifyRequest, Span>();

export function traceRequests(app: FastifyInstance): void {
  if (!tracingEnabled()) return;
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const { caseId } = (request.params ?? {}) as { caseId?: unknown };
    const attributes: Attributes = {
      'http.request.method': request.method,
      'http.route': route,
      ...(typeof caseId === 'string' && kindOfCaseId(caseId) ? { 'taskforce.case_id': caseId } : {}),
    };
    const span = startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes,
      parentContext: propagation.extract(ROOT_CONTEXT, request.headers),
    });
    if (!span) return;
    requestSpans.set(request, span);
    // The response's close ends the span: sent, dropped by the client, or an event stream hijacked from fastify.
    reply.raw.once('close', () => {
      span.setAttribute('http.response.status_code', reply.raw.statusCode);
      if (reply.raw.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  });
  // Hooks run outside the handler's async context; wrapping each handler makes the span active in it.
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function tracedHandler(this: FastifyInstance, request, reply) {
      const span = requestSpans.get(request);
      return span ? withSpan(span, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    };
  });
}

/** The trace id of the request's span (tracing on), for its log lines. */
export function requestTraceId(request: FastifyRequest): string | undefined {
  return requestSpans.get(request)?.spanContext().traceId;
}

/** Names the case or command a request is about on its span (ids only), when it has one. */
export function annotateRequestSpan(fields: { caseId?: string; commandId?: string }): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  if (fields.caseId) span.setAttribute('taskforce.case_id', fields.caseId);
  if (fields.commandId) span.setAttribute('taskforce.command_id', fields.commandId);
}
