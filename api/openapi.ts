// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
// Personal-data fields carry `x-personal-data` (their category) and, in responses, may read
// "[REDACTED]" for callers who may not see them. The schemas several operations share are
// components: zod's registry conversion turns every use of one into a `$ref`.
import { z } from 'zod';
import { Caller } from '../access/caller.ts';
import { OPERATION_RULES } from '../access/policy.ts';
import { REDACTED } from '../access/redact.ts';
import { Actor, Agency, Classification, EventEnvelope, Role } from '../events/envelope.ts';
import { PersonalDataCategory, personalData } from '../events/personal-data.ts';
import { ErasureGround } from '../privacy/erasure.ts';
import { CaseKind } from '../workflows/kinds.ts';
import { FieldIssue, PROBLEM_CONTENT_TYPE, Problem, titleOf } from './problem.ts';
import { CaseDetail, CaseListEntry } from './read-models/cases.ts';
import { DeadlineAtRisk } from './read-models/deadlines.ts';
import { PersonDossier } from './read-models/dossiers.ts';
import { FlightManifest, FlightSummary, ManifestEntry } from './read-models/flights.ts';
import { Order } from './read-models/keyset.ts';
import { OperationSummary } from './read-models/operations.ts';
import { CampaignStatistics } from './read-models/statistics.ts';
import type { RouteSpec } from './route.ts';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

/**
 * The components: shared schemas under the names they have in the code. A schema listed here is
 * written once, in `components.schemas`; every schema that contains it refers to it.
 */
const COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Agency,
  Role,
  Classification,
  CaseKind,
  PersonalDataCategory,
  Actor,
  Caller,
  EventEnvelope,
  Problem,
  FieldIssue,
  Order,
  ErasureGround,
  CaseListEntry,
  CaseDetail,
  DeadlineAtRisk,
  OperationSummary,
  FlightSummary,
  ManifestEntry,
  FlightManifest,
  PersonDossier,
  CampaignStatistics,
};

const COMPONENT_REF = '#/components/schemas/';
const DEFS_REF = '#/$defs/';
const componentIds = new Map<z.core.$ZodType, string>(Object.entries(COMPONENTS).map(([id, schema]) => [schema, id]));

/**
 * zod's global registry (descriptions, examples) with the components' ids added: a conversion
 * writes a schema that has an id once, under `$defs`, and refers to it everywhere else.
 */
class WithComponentIds extends z.core.$ZodRegistry<Record<string, unknown>> {
  override get(schema: z.core.$ZodType): Record<string, unknown> | undefined {
    const meta = z.globalRegistry.get(schema);
    const id = componentIds.get(schema);
    return id === undefined ? meta : { ...meta, id };
  }
}
const withComponentIds = new WithComponentIds();

function conversionOptions(io: Io) {
  return {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx: { zodSchema: z.core.$ZodType; jsonSchema: z.core.JSONSchema.BaseSchema }) => {
      const mark = personalData.get(ctx.zodSchema);
      if (!mark) return;
      if (io === 'output') {
        const original = { ...ctx.jsonSchema };
        for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
        ctx.jsonSchema.anyOf = [original, { type: 'string', const: REDACTED }];
      }
      ctx.jsonSchema['x-personal-data'] = mark.category;
    },
  } as const;
}

const inputDiffers = new Map<string, boolean>();

/**
 * Whether a component reads differently in requests than in responses (defaults, transforms,
 * personal-data marks): then its request form is a component of its own, `<name>Input`.
 */
function differsAsInput(id: string): boolean {
  let differs = inputDiffers.get(id);
  if (differs === undefined) {
    const schema = COMPONENTS[id] as z.ZodType;
    const form = (io: Io) => JSON.stringify(z.toJSONSchema(schema, conversionOptions(io)));
    differs = form('input') !== form('output');
    inputDiffers.set(id, differs);
  }
  return differs;
}

function componentName(id: string, io: Io): string {
  return io === 'input' && differsAsInput(id) ? `${id}Input` : id;
}

/** The value with each `#/$defs/<component>` reference turned into one to the component's form for `io`. */
function referringToComponents(value: unknown, io: Io): unknown {
  if (Array.isArray(value)) return value.map((item) => referringToComponents(item, io));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key !== '$ref' || typeof item !== 'string' || !item.startsWith(DEFS_REF)) return [key, referringToComponents(item, io)];
      const id = item.slice(DEFS_REF.length);
      // zod also puts a schema that refers to itself under $defs, with a made-up name.
      if (!(id in COMPONENTS)) throw new Error(`${item}: a schema refers to itself; name it in COMPONENTS (api/openapi.ts)`);
      return [key, COMPONENT_REF + componentName(id, io)];
    }),
  );
}

/** The schema's JSON Schema, and the components it contains (`$defs`, by id), each as read in `io`. */
function converted(schema: z.ZodType, io: Io): { json: JsonSchema; defs: Record<string, JsonSchema> } {
  const { $schema: _, $defs, ...json } = z.toJSONSchema(schema, { ...conversionOptions(io), metadata: withComponentIds });
  return {
    json: referringToComponents(json, io) as JsonSchema,
    defs: referringToComponents($defs ?? {}, io) as Record<string, JsonSchema>,
  };
}

/** A schema as JSON Schema for requests (`input`) or answers (`output`), referring to the components it contains. */
export function jsonSchemaOf(schema: z.ZodType, io: Io): JsonSchema {
  return converted(schema, io).json;
}

/** The form of the component `name` ("Caller", or "PersonDossierInput" for a request form). */
function componentForm(name: string): JsonSchema | undefined {
  const [id, io]: [string, Io] = name in COMPONENTS ? [name, 'output'] : [name.replace(/Input$/, ''), 'input'];
  const schema = COMPONENTS[id];
  if (!schema || componentName(id, io) !== name) return undefined;
  return converted(schema, io).defs[id];
}

/** Every component name a JSON value refers to. */
function referencedComponents(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencedComponents(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(COMPONENT_REF)) found.add(item.slice(COMPONENT_REF.length));
      else referencedComponents(item, found);
    }
  }
  return found;
}

/** The components `paths` refers to, directly or through other components, by name. */
function componentSchemas(paths: unknown): Record<string, JsonSchema> {
  const emitted: Record<string, JsonSchema> = {};
  const pending = [...referencedComponents(paths)];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in emitted) continue;
    const form = componentForm(name);
    if (!form) throw new Error(`the document refers to a component ${name} that COMPONENTS does not name`);
    emitted[name] = form;
    pending.push(...referencedComponents(form));
  }
  return Object.fromEntries(Object.entries(emitted).sort(([a], [b]) => a.localeCompare(b)));
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

const problemRef = jsonSchemaOf(Problem, 'output');

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

// Markdown: the reference at /docs shows it above the operations.
const DESCRIPTION = [
  'Cases of a multi-agency taskforce against scam compounds.',
  'Protected operations need `Authorization: Bearer <token>`; locally, `taskforce token --agency NPA --role operator --clearance CONFIDENTIAL --user kim` mints one. ' +
    '`x-access` on each operation names the policy operation, the roles that may call it and the least clearance.',
  'Fields marked `x-personal-data` are personal data of that category: in answers they read `"[REDACTED]"` for callers who may not see them.',
  'Errors are RFC 9457 problem documents (`application/problem+json`).',
].join('\n\n');

/**
 * OpenAPI reads every `description` as CommonMark, where the code's plain-text placeholders
 * ("<kind>-<reference>") are HTML tags a renderer drops: escape `<` outside `code spans`.
 */
function asCommonMark(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asCommonMark);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === 'description' && typeof item === 'string' ? item.replace(/(`[^`]*`)|</g, (_, code) => code ?? '\\<') : asCommonMark(item),
    ]),
  );
}

export function openApiDocument(specs: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = openApiPath(spec.url);
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operation(spec);
  }
  return asCommonMark({
    openapi: '3.1.0',
    info: {
      title: 'Taskforce API',
      version,
      description: DESCRIPTION,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: componentSchemas(paths),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 token with agency, role and clearance claims; locally: taskforce token --agency NPA --role operator',
        },
      },
    },
  }) as Record<string, unknown>;
}
