// The HTTP API: one fastify instance with the cross-cutting parts every route shares (bearer-token
// gate with its rate limits, audit trail, problem documents, metrics, request ids, body limit) and the resource routes listed in
// api/routes/index.ts. Building it opens nothing: the caller owns the pool and checkers in `deps`.
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AuditTrail } from '../audit/trail.ts';
import { streamClassification } from '../eventstore/stream-classification.ts';
import type { Logger } from '../infra/logger.ts';
import { type AbuseLimits, abuseLimitsFromEnv, limitedGate } from './abuse-limits.ts';
import { authenticate } from './auth/authenticate.ts';
import type { ApiContext, ApiDeps } from './context.ts';
import { handleError, handleNotFound } from './errors.ts';
import { httpMetrics } from './metrics.ts';
import { auditRequests } from './request-audit.ts';
import { logCaseOfRequest } from './request-log.ts';
import { traceRequests } from './request-tracing.ts';
import type { RouteSpec } from './route.ts';
import { apiRoutes } from './routes/index.ts';

export const DEFAULT_BODY_LIMIT = 256 * 1024;

export interface ApiOptions {
  /** Without it the API logs nothing (tests); app/api.ts hands it the process's logger (infra/logger.ts). */
  logger?: Logger;
  bodyLimit?: number;
  /** Request and stream limits; from the environment unless given (abuse-limits.ts). */
  limits?: AbuseLimits;
}

function pathOnly(url: string | undefined): string | undefined {
  // Query strings may carry names or passport numbers; logs keep the path only.
  return url?.split('?')[0];
}

export function buildApi(deps: ApiDeps, options: ApiOptions = {}): FastifyInstance {
  // Our pino logger as is (its fields: infra/logger.ts), with a request serializer that keeps the path only.
  const logger = options.logger?.child(
    {},
    {
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string }) => ({
          method: req.method,
          url: pathOnly(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
  ) as FastifyBaseLogger | undefined;
  const app: FastifyInstance = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    genReqId: () => randomUUID(),
  });

  const specs: RouteSpec[] = [];
  const limits = options.limits ?? abuseLimitsFromEnv();
  const context: ApiContext = { ...deps, limits, routeSpecs: () => specs };

  app.addHook('onRoute', (route) => {
    const spec = route.config?.spec;
    if (!spec || route.method !== spec.method) return;
    if (specs.some((s) => s.operationId === spec.operationId)) throw new Error(`two routes share the operationId ${spec.operationId}`);
    specs.push(spec);
  });
  app.decorateRequest('caller', null);
  traceRequests(app);
  // JSON only: a text body would reach a route as a string and fail its schema less clearly.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    logCaseOfRequest(request, reply);
  });
  app.register(rateLimit, { global: false });
  app.register(limitedGate(limits, authenticate(deps.tokens)));
  // A case exists once its stream holds an event, which is when it has a classification.
  auditRequests(app, new AuditTrail(deps.pool), async (caseId) => (await streamClassification(deps.pool, caseId)) !== null);
  app.addHook('onResponse', async (request, reply) => {
    httpMetrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    if (reply.statusCode === 401) httpMetrics.authenticationFailed();
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  for (const plugin of apiRoutes) app.register(async (scope) => plugin(scope, context));
  return app;
}
