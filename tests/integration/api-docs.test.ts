// The API reference at /docs over real HTTP: the page, every asset it names served by the API
// itself with its content type, and nothing that would load from another host; and /asyncapi.json
// as served, valid for the reference AsyncAPI parser.
import { randomUUID } from 'node:crypto';
import { Parser } from '@asyncapi/parser';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncApiDocument } from '../../api/asyncapi.ts';
import { createTokenVerifier } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { API_VERSION } from '../../api/version.ts';
import { loadSettings } from '../../infra/settings.ts';

const settings = loadSettings();
const ERROR = 0; // DiagnosticSeverity.Error

let pool: pg.Pool;
let health: HealthChecker;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
  health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  app = buildApi({ pool, health, tokens: createTokenVerifier(new TextEncoder().encode(`docs-test-${randomUUID()}`)) });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await health?.close();
  await pool?.end();
});

/** Where the page loads something from: every src and href. */
function referencesIn(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] as string);
}

const CONTENT_TYPES: Record<string, RegExp> = {
  '.css': /^text\/css\b/,
  '.js': /^text\/javascript\b/,
  '.json': /^application\/json\b/,
};

describe('GET /docs', () => {
  it('is the reference page, its assets served here with their content types, nothing from another host', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();

    // The browser itself is told to load nothing from elsewhere: no host in any directive.
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).not.toMatch(/https?:|\*|\/\//);

    const references = referencesIn(html);
    const assets = references.filter((ref) => ref.startsWith('/docs/assets/'));
    expect(assets.map((ref) => ref.slice(ref.lastIndexOf('.')))).toEqual(expect.arrayContaining(['.css', '.js']));
    // Every reference is a path on this API or an inline data: URL.
    for (const ref of references) expect(ref, ref).toMatch(/^(\/(?!\/)|data:)/);

    for (const asset of assets) {
      const response = await fetch(`${base}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toMatch(CONTENT_TYPES[asset.slice(asset.lastIndexOf('.'))] as RegExp);
      const body = await response.text();
      expect(body.length, asset).toBeGreaterThan(100);
      if (asset.endsWith('.css')) {
        // A stylesheet loads more through url() and @import: only inline images here.
        expect(body).not.toMatch(/@import/);
        for (const [, url] of body.matchAll(/url\(\s*["']?([^"')]*)/g)) expect(url, asset).toMatch(/^data:/);
      }
    }
  });

  it('starts Swagger UI on /openapi.json from this API, with the public validator off', async () => {
    const start = await (await fetch(`${base}/docs/assets/docs.js`)).text();
    expect(start).toContain('SwaggerUIBundle(');
    expect(start).toContain("url: '/openapi.json'");
    expect(start).toContain('validatorUrl: null');
    expect(start).not.toMatch(/https?:\/\//);
    const bundle = await (await fetch(`${base}/docs/assets/swagger-ui-bundle.js`)).text();
    expect(bundle).toMatch(/SwaggerUIBundle/);

    const document = await fetch(`${base}/openapi.json`);
    expect(document.headers.get('content-type')).toMatch(CONTENT_TYPES['.json'] as RegExp);
    const described = (await document.json()) as { paths: Record<string, { get?: { operationId: string } }> };
    expect(described.paths['/docs']?.get?.operationId).toBe('getDocsPage');
  });

  it('sends /docs/ to /docs', async () => {
    const slash = await fetch(`${base}/docs/`, { redirect: 'manual' });
    expect([slash.status, slash.headers.get('location')]).toEqual([302, '/docs']);
  });

  it('serves only the scripts it names', async () => {
    const unknown = await fetch(`${base}/docs/assets/other.js`);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const traversal = await fetch(`${base}/docs/assets/..%2Fpackage.json`);
    expect(traversal.status).toBe(400);
  });
});

describe('GET /asyncapi.json', () => {
  it('is the AsyncAPI 3.0 document as served, valid for @asyncapi/parser without a single error', async () => {
    const answer = await fetch(`${base}/asyncapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json\b/);
    const served = await answer.text();
    // What goes over the wire, after the route's serializer, is the generated document whole.
    expect(JSON.parse(served)).toEqual(JSON.parse(JSON.stringify(asyncApiDocument(API_VERSION))));
    const { document, diagnostics } = await new Parser().parse(served);
    expect(diagnostics.filter((d) => d.severity === ERROR).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.channels().length).toBeGreaterThan(0);
  });
});
