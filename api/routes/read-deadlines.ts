// GET /read/deadlines: the legal and welfare clocks at risk (due within N days, overdue included)
// on cases the caller may see, soonest first, from the read models.
import { z } from 'zod';
import type { ApiPlugin } from '../context.ts';
import { DeadlineAtRisk, DeadlineQuery, deadlinesAtRisk } from '../read-models/deadlines.ts';
import { READ_MODEL_DESCRIPTION, READ_MODEL_TAGS, readModelSummary } from '../read-models/docs.ts';
import { listingScope } from '../read-models/scope.ts';
import { addRoute } from '../route.ts';

export const readDeadlineRoutes: ApiPlugin = (app, { pool }) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/deadlines',
      operationId: 'listDeadlinesAtRisk',
      summary: readModelSummary(
        'Clocks due within N days on open cases (provisional arrest, 48-hour warrant, detention, rescue, welfare), soonest first',
      ),
      description: `${READ_MODEL_DESCRIPTION} Without \`kind\`, every kind the caller's agency sees; naming a kind it does not see is 403.`,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      query: DeadlineQuery,
      response: z.object({ deadlines: z.array(DeadlineAtRisk), nextCursor: z.string().nullable() }),
    },
    async ({ query, caller }) => {
      const page = await deadlinesAtRisk(pool, listingScope(caller, query.kind), query, new Date());
      return { deadlines: page.rows, nextCursor: page.nextCursor };
    },
  );
};
