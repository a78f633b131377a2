// GET /metrics: request counts, durations and memory in the Prometheus text format (no token,
// as scrapers expect; it carries no case data).
import { z } from 'zod';
import type { ApiPlugin } from '../context.ts';
import { addRoute } from '../route.ts';

export const metricsRoutes: ApiPlugin = (app, context) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/metrics',
      operationId: 'getMetrics',
      summary: 'Request counts and durations by route and status, and process memory (Prometheus text format)',
      tags: ['system'],
      access: 'public',
      response: z.string(),
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
    },
    () => context.metrics.render(),
  );
};
