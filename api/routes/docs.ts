// GET /openapi.json, GET /asyncapi.json and GET /docs: the API and its events describing
// themselves, from the routes' own schemas and the event catalogue.
import { z } from 'zod';
import { asyncApiDocument } from '../asyncapi.ts';
import type { ApiPlugin } from '../context.ts';
import { docsPage } from '../docs-page.ts';
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
