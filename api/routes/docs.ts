// GET /openapi.json and GET /docs: the API describing itself, from the routes' own schemas.
import { z } from 'zod';
import type { ApiPlugin } from '../context.ts';
import { docsPage } from '../docs-page.ts';
import { openApiDocument } from '../openapi.ts';
import { addRoute } from '../route.ts';
import { API_VERSION } from '../version.ts';

export const docsRoutes: ApiPlugin = (app, context) => {
  // Routes are fixed once the server is ready, so each document is built once, on first request.
  let document: Record<string, unknown> | undefined;
  let page: string | undefined;

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
      url: '/docs',
      operationId: 'getDocsPage',
      summary: 'A page listing every operation, who may call it and what it takes',
      tags: ['system'],
      access: 'public',
      response: z.string(),
      contentType: 'text/html; charset=utf-8',
    },
    () => {
      page ??= docsPage(context.routeSpecs(), API_VERSION);
      return page;
    },
  );
};
