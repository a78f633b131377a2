// The OpenAPI document of the whole API, as /openapi.json serves it: valid OpenAPI 3.1 by
// @readme/openapi-parser, every $ref resolving, every body's fields written out, and the shared
// schemas as components. The API is built with every route but never connects to anything.
import { compileErrors, validate } from '@readme/openapi-parser';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTokenVerifier } from '../../api/auth/tokens.ts';
import type { HealthChecker } from '../../api/health.ts';
import { jsonSchemaOf, openApiDocument } from '../../api/openapi.ts';
import { PersonDossier } from '../../api/read-models/dossiers.ts';
import { buildApi } from '../../api/server.ts';
import { encryptedDataConverter } from '../../codec/data-converter.ts';
import { loadPayloadKeyring } from '../../codec/keys.ts';
import { Agency } from '../../events/envelope.ts';

type Json = Record<string, unknown>;
type OpenApiInput = Parameters<typeof validate>[0];
interface Operation {
  operationId: string;
  parameters: { name: string; in: string; schema?: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

let app: FastifyInstance;
let pool: pg.Pool;
let document: Json & { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };

beforeAll(async () => {
  // Nothing listens on port 1: the pool and the Temporal connection are made, never used.
  pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
  const unused: HealthChecker = {
    check: () => Promise.reject(new Error('not checked here')),
    close: async () => undefined,
  };
  const client = new Client({
    connection: Connection.lazy({ address: '127.0.0.1:1' }),
    dataConverter: encryptedDataConverter(loadPayloadKeyring({}, () => undefined)),
  });
  app = buildApi({
    pool,
    health: unused,
    tokens: createTokenVerifier(new Uint8Array(32)),
    temporal: { client, taskQueue: 'unused', uiOrigins: [] },
  });
  await app.ready();
  document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await pool?.end();
});

/** The value a local `$ref` ("#/a/b") points to, or undefined. */
function resolve(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
    if (at === null || typeof at !== 'object' || !(key in at)) return undefined;
    at = (at as Json)[key];
  }
  return at;
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

/** A schema with its top-level $ref followed. */
function followed(schema: Json): Json {
  return typeof schema.$ref === 'string' ? followed(resolve(document, schema.$ref) as Json) : schema;
}

/** The fields a body schema writes out: its properties, or those of every alternative. */
function fieldsOf(schema: Json): string[][] {
  const body = followed(schema);
  const alternatives = (body.oneOf ?? body.anyOf) as Json[] | undefined;
  if (alternatives) return alternatives.flatMap(fieldsOf);
  return [Object.keys((body.properties as Json | undefined) ?? {})];
}

function operations(): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
}

function subtrees(value: unknown, found: unknown[] = []): unknown[] {
  if (value !== null && typeof value === 'object') {
    found.push(value);
    for (const item of Object.values(value)) subtrees(item, found);
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, and the validator refuses a $ref that resolves nowhere', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as unknown as OpenApiInput);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);

    const broken = structuredClone(document);
    broken.paths['/me']!.get!.responses['200']!.content!['application/json']!.schema = { $ref: '#/components/schemas/Nobody' };
    expect((await validate(broken as unknown as OpenApiInput)).valid).toBe(false);
  }, 60_000);

  it('has every route, and every $ref points into the document', () => {
    expect(operations().length).toBeGreaterThan(30);
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) expect(resolve(document, ref), ref).toBeDefined();
  });

  it('writes out the fields of every request body, parameter and JSON answer', () => {
    const bodies = operations().filter(([, op]) => op.requestBody);
    expect(bodies.length).toBeGreaterThanOrEqual(8);
    for (const [name, op] of bodies) {
      const schema = op.requestBody?.content['application/json']?.schema;
      expect(schema, name).toBeDefined();
      for (const fields of fieldsOf(schema as Json)) expect(fields.length, `${name}: a body without fields`).toBeGreaterThan(0);
    }
    for (const [name, op] of operations()) {
      for (const parameter of op.parameters) expect(parameter.schema, `${name} ${parameter.name}`).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [type, content] of Object.entries(response.content ?? {})) {
          expect(content.schema, `${name} ${status} ${type}`).toBeDefined();
          if (type === 'application/problem+json') {
            for (const fields of fieldsOf(content.schema as Json)) {
              expect(fields, `${name} ${status}`).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail']));
            }
          }
        }
      }
    }
  });

  it('escapes the plain-text placeholders of descriptions, which CommonMark would read as HTML, but not code', () => {
    const descriptions = subtrees(document)
      .map((tree) => (tree as Json).description)
      .filter((text): text is string => typeof text === 'string');
    const text = descriptions.join('\n');
    expect(text).toContain('"\\<kind>-\\<reference>"');
    expect(text).not.toContain('"<kind>-<reference>"');
    expect(document.info).toMatchObject({ description: expect.stringContaining('`Authorization: Bearer <token>`') });
  });

  it('writes each shared schema once, as a component, and refers to it everywhere else', () => {
    const components = document.components.schemas;
    expect(Object.keys(components)).toEqual(expect.arrayContaining(['Problem', 'Agency', 'Caller', 'PersonDossier', 'OperationSummary']));
    expect(components.Agency).toEqual({ type: 'string', enum: Agency.options });
    const inPaths = subtrees(document.paths).map((tree) => JSON.stringify(tree));
    for (const [name, schema] of Object.entries(components)) {
      expect(inPaths, `${name} is written out in paths instead of referred to`).not.toContain(JSON.stringify(schema));
    }
    // Every component is used; an unused one would only be noise in the reference.
    const used = new Set(refsIn(document).map((ref) => ref.replace('#/components/schemas/', '')));
    for (const name of Object.keys(components)) expect(used, name).toContain(name);
  });
});

describe('components that read differently in requests', () => {
  it('get a request form of their own, without the [REDACTED] alternative of answers', () => {
    expect(jsonSchemaOf(PersonDossier, 'output')).toEqual({ $ref: '#/components/schemas/PersonDossier' });
    expect(jsonSchemaOf(PersonDossier, 'input')).toEqual({ $ref: '#/components/schemas/PersonDossierInput' });
    const echo = openApiDocument(
      [
        {
          method: 'POST',
          url: '/echo',
          operationId: 'echo',
          summary: 'answers its body',
          tags: ['test'],
          access: 'public',
          body: z.object({ dossier: PersonDossier }),
          response: PersonDossier,
        },
      ],
      'test',
    ) as { components: { schemas: Record<string, Json> } };
    const { PersonDossier: answer, PersonDossierInput: request } = echo.components.schemas;
    const redactedAlternative = '"const":"[REDACTED]"';
    expect(JSON.stringify(answer)).toContain(redactedAlternative);
    expect(JSON.stringify(request)).toContain('"x-personal-data":"location"');
    expect(JSON.stringify(request)).not.toContain(redactedAlternative);
  });
});
