// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
// Personal-data fields carry `x-personal-data` (their category) and, in responses, may read
// "[REDACTED]" for callers who may not see them.
import { z } from 'zod';
import { OPERATION_RULES } from '../access/policy.ts';
import { REDACTED } from '../access/redact.ts';
import { personalData } from '../events/personal-data.ts';
import { PROBLEM_CONTENT_TYPE, Problem, titleOf } from './problem.ts';
import type { RouteSpec } from './route.ts';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

export function jsonSchemaOf(schema: z.ZodType, io: Io): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      const mark = personalData.get(ctx.zodSchema);
      if (!mark) return;
      if (io === 'output') {
        const original = { ...ctx.jsonSchema };
        for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
        ctx.jsonSchema.anyOf = [original, { type: 'string', const: REDACTED }];
      }
      ctx.jsonSchema['x-personal-data'] = mark.category;
    },
  }) as JsonSchema;
  return json;
}

/** /cases/:caseId → /cases/{caseId} */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    return {
      name,
      in: where,
      required: where === 'path' || !fieldSchema._zod.optin,
      ...(fieldSchema.description ? { description: fieldSchema.description } : {}),
      schema: jsonSchemaOf(fieldSchema, 'input'),
    };
  });
}

const problemRef = { $ref: '#/components/schemas/Problem' };

function problemResponses(spec: RouteSpec): Record<string, unknown> {
  const statuses = [
    ...(spec.params || spec.query || spec.body ? [400] : []),
    ...(spec.access === 'public' ? [] : [401, 403]),
    ...(spec.params ? [404] : []),
    ...(spec.body ? [413, 415] : []),
    // Every route is behind the rate limits (api/abuse-limits.ts).
    429,
    500,
  ];
  const common = statuses.map((status) => [
    String(status),
    { description: titleOf(status), content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } } },
  ]);
  const declared = Object.entries(spec.problems ?? {}).map(([status, { description, schema }]) => [
    status,
    { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: schema ? jsonSchemaOf(schema, 'output') : problemRef } } },
  ]);
  return Object.fromEntries([...common, ...declared]);
}

function operation(spec: RouteSpec): Record<string, unknown> {
  const contentType = spec.contentType ?? 'application/json';
  const success = { content: { [contentType]: { schema: jsonSchemaOf(spec.response, 'output') } } };
  const responses: Record<string, unknown> = {
    [String(spec.status ?? 200)]: { description: spec.summary, ...(spec.status === 204 ? {} : success) },
  };
  for (const [status, description] of Object.entries(spec.otherStatuses ?? {})) responses[status] = { description, ...success };
  const access =
    spec.access === 'public'
      ? { security: [], 'x-access': 'public' }
      : {
          security: [{ bearerAuth: [] }],
          'x-access': {
            operation: spec.access,
            roles: OPERATION_RULES[spec.access].roles,
            minClearance: OPERATION_RULES[spec.access].minClearance,
          },
        };
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    ...access,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body, 'input') } } } }
      : {}),
    responses: { ...responses, ...problemResponses(spec) },
  };
}

export function openApiDocument(specs: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = openApiPath(spec.url);
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Taskforce API',
      version,
      description: 'Cases of a multi-agency taskforce against scam compounds. Errors are RFC 9457 problem documents.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(Problem, 'output') },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 token with agency, role and clearance claims; locally: taskforce token --agency NPA --role operator',
        },
      },
    },
  };
}
