// GET /openapi.json, GET /asyncapi.json and GET /docs: the API and its events describing
// themselves, from the routes' own schemas and the event catalogue; /docs/assets/… are the
// reference page's stylesheet and scripts.
import { z } from 'zod';
import { asyncApiDocument } from '../asyncapi.ts';
import type { ApiPlugin } from '../context.ts';
import {
  DOCS_ASSET_PATH,
  DOCS_CONTENT_SECURITY_POLICY,
  DOCS_SCRIPTS,
  DOCS_STYLESHEET,
  docsPage,
  docsScript,
  docsStylesheet,
} from '../docs-page.ts';
import { openApiDocument } from '../openapi.ts';
import { addRoute } from '../route.ts';
import { API_VERSION } from '../version.ts';

export const docsRoutes: ApiPlugin = (app, context) => {
  // Routes are fixed once the server is ready, so each document is built once, on first request.
  let document: Record<string, unknown> | undefined;
  let page: string | undefined;
  let events: Record<string, unknown> | undefined;

  addRoute(
    app,
    {
      method: 'GET',
      url: '/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This API as an OpenAPI 3.1 document',
      tags: ['system'],
      access: 'public',
      response: z.record(z.string(), z.unknown()),
    },
    () => {
      document ??= openApiDocument(context.routeSpecs(), API_VERSION);
      return document;
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/asyncapi.json',
      operationId: 'getAsyncApiDocument',
      summary: 'The events this system publishes (case topics, agency topics, the event stream) as an AsyncAPI 3.0 document',
      tags: ['system'],
      access: 'public',
      response: z.record(z.string(), z.unknown()),
    },
    () => {
      events ??= asyncApiDocument(API_VERSION);
      return events;
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/docs',
      operationId: 'getDocsPage',
      summary: 'The API reference: every operation with its parameters, bodies, answers and problems, rendered from /openapi.json',
      tags: ['system'],
      access: 'public',
      response: z.string(),
      contentType: 'text/html; charset=utf-8',
    },
    ({ reply }) => {
      reply.header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY);
      page ??= docsPage(API_VERSION);
      return page;
    },
  );

  // A typed or pasted `/docs/` (as the console lives at `/console/`) finds the page rather than a 404.
  app.get('/docs/', (_request, reply) => reply.redirect('/docs'));

  // The assets change only with the installed Swagger UI, so browsers may keep them a while.
  const CACHE_ASSETS = 'public, max-age=3600';

  addRoute(
    app,
    {
      method: 'GET',
      url: `${DOCS_ASSET_PATH}/${DOCS_STYLESHEET}`,
      operationId: 'getDocsStylesheet',
      summary: "The reference page's stylesheet (Swagger UI's)",
      tags: ['system'],
      access: 'public',
      response: z.string(),
      contentType: 'text/css; charset=utf-8',
    },
    async ({ reply }) => {
      reply.header('cache-control', CACHE_ASSETS);
      return reply.send(await docsStylesheet());
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: `${DOCS_ASSET_PATH}/:script`,
      operationId: 'getDocsScript',
      summary: "The reference page's scripts: Swagger UI, and the one that starts it on /openapi.json",
      tags: ['system'],
      access: 'public',
      params: z.object({ script: z.enum(DOCS_SCRIPTS) }),
      response: z.string(),
      contentType: 'text/javascript; charset=utf-8',
    },
    async ({ params, reply }) => {
      reply.header('cache-control', CACHE_ASSETS);
      return reply.send(await docsScript(params.script));
    },
  );
};
