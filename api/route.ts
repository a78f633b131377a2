// How a route is declared: zod schemas for params, query, body and response, given once, serve as
// the runtime check (a 400 problem naming each bad field), the handler's types and the OpenAPI
// document. The route also names the policy operation it performs, which the auth hook enforces.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Caller } from '../access/caller.ts';
import type { Operation } from '../access/policy.ts';
import { badRequest, type FieldIssue, fieldIssues } from './problem.ts';

/** 'public' routes need no token; any other route names the operation the caller must be allowed. */
export type Access = 'public' | Operation;

type Schema = z.ZodType;
type ObjectSchema = z.ZodObject;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteSpec<
  P extends ObjectSchema | undefined = ObjectSchema | undefined,
  Q extends ObjectSchema | undefined = ObjectSchema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
  A extends Access = Access,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** fastify syntax: /cases/:caseId (the OpenAPI document shows /cases/{caseId}). */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  access: A;
  /** Path parameters arrive as strings: use z.string() or z.coerce. */
  params?: P;
  /** Query values arrive as strings (or arrays of strings when repeated): use z.coerce for numbers. */
  query?: Q;
  body?: B;
  /**
   * The success body: documented, and the type the handler must return. Not checked at run time:
   * a redacted field ("[REDACTED]") deliberately no longer matches it.
   */
  response: R;
  /** The success status (default 200). */
  status?: number;
  /** Default application/json; a text route returns a string. */
  contentType?: string;
  /** Other statuses the handler may set with the same body shape, e.g. { 503: 'a dependency is down' }. */
  otherStatuses?: Record<number, string>;
  /**
   * Problems the route answers besides the ones every route may (400, 401, 403, 404, 413, 415, 500),
   * each with when it happens and, when it carries extension members, its own problem schema.
   */
  problems?: Record<number, { description: string; schema?: z.ZodObject }>;
  /**
   * A POST that only reads (the codec's decode takes its payloads in a body): audited as a read,
   * and its answer withheld when that entry cannot be written (api/request-audit.ts).
   */
  reads?: boolean;
  /** Overrides the server's body limit for this route, in bytes. */
  bodyLimit?: number;
  /**
   * A cookie that may carry the bearer token when no Authorization header does, for browser
   * callers that cannot set headers (the Temporal UI's codec calls). Only the routes naming it accept it.
   */
  tokenCookie?: string;
}

export interface RouteInput<P, Q, B, A extends Access> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The verified caller; null only on public routes. */
  caller: A extends 'public' ? null : Caller;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHandler<P, Q, B, R extends Schema, A extends Access> = (
  input: RouteInput<P, Q, B, A>,
) => Promise<z.output<R> | FastifyReply | undefined> | z.output<R> | FastifyReply | undefined;

declare module 'fastify' {
  interface FastifyContextConfig {
    spec?: RouteSpec;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

function check(part: string, schema: Schema | undefined, value: unknown, issues: FieldIssue[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  issues.push(...fieldIssues(part, result.error));
  return undefined;
}

/**
 * Adds a route to `app`. The handler receives parsed params, query and body and the verified
 * caller; it returns the response body (or undefined for none), or answers through `reply` itself and
 * returns it (a body of another shape), or hijacks it (streams).
 */
export function addRoute<
  P extends ObjectSchema | undefined,
  Q extends ObjectSchema | undefined,
  B extends Schema | undefined,
  R extends Schema,
  A extends Access,
>(app: FastifyInstance, spec: RouteSpec<P, Q, B, R, A>, handler: RouteHandler<P, Q, B, R, A>): void {
  const pathParams = [...spec.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();
  const declared = Object.keys(spec.params?.shape ?? {}).sort();
  if (pathParams.join() !== declared.join()) {
    throw new Error(
      `${spec.operationId}: the path ${spec.url} has parameters [${pathParams}] but its params schema declares [${declared}]`,
    );
  }
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    config: { spec: spec as unknown as RouteSpec },
    handler: async (request, reply) => {
      const issues: FieldIssue[] = [];
      const params = check('params', spec.params, request.params, issues);
      const query = check('query', spec.query, request.query, issues);
      const body = check('body', spec.body, request.body, issues);
      if (issues.length > 0) throw badRequest('the request does not match the operation\'s schema; see "errors"', issues);
      reply.code(spec.status ?? 200);
      if (spec.contentType) reply.type(spec.contentType);
      const result = await handler({ params, query, body, caller: request.caller, request, reply } as RouteInput<P, Q, B, A>);
      // Sending again would run the onSend hooks (the audit trail's among them) a second time.
      if (result === reply || reply.sent) return reply;
      return result === undefined ? reply.send() : result;
    },
  });
}
