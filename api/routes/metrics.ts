// GET /metrics: the API process's metrics in the Prometheus text format (no token, as scrapers
// expect; it carries no case data): requests, commands by outcome and rule, open event streams,
// and Node's process metrics.
import { z } from 'zod';
import { renderMetrics } from '../../infra/metrics.ts';
import type { ApiPlugin } from '../context.ts';
import { addRoute } from '../route.ts';

export const metricsRoutes: ApiPlugin = (app) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/metrics',
      operationId: 'getMetrics',
      summary: 'Requests by route and status, commands by outcome and rule, open event streams, process metrics (Prometheus text format)',
      tags: ['system'],
      access: 'public',
      response: z.string(),
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
    },
    async () => (await renderMetrics()).body,
  );
};
