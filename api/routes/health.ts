// GET /health: whether the API's dependencies answer, for load balancers and operators (no token).

import type { ApiPlugin } from '../context.ts';
import { HealthReport } from '../health.ts';
import { addRoute } from '../route.ts';

export const healthRoutes: ApiPlugin = (app, context) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/health',
      operationId: 'getHealth',
      summary: 'State and latency of PostgreSQL, Kafka and Temporal',
      tags: ['system'],
      access: 'public',
      response: HealthReport,
      otherStatuses: { 503: 'at least one dependency is down' },
    },
    async ({ reply }) => {
      const report = await context.health.check();
      reply.header('cache-control', 'no-store');
      if (report.status !== 'ok') reply.code(503);
      return report;
    },
  );
};
