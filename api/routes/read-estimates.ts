// GET /read/estimates: estimates recorded on operations (e.g. persons believed held in compounds),
// each with its source, date and method, kept apart from the counted statistics. They are
// operation facts: an agency that does not see operations is refused (403), and a caller sees the
// estimates its clearance admits.
import type { ApiPlugin } from '../context.ts';
import { READ_MODEL_DESCRIPTION, READ_MODEL_TAGS, readModelSummary } from '../read-models/docs.ts';
import { EstimateList, EstimateListQuery, listEstimates } from '../read-models/estimates.ts';
import { listingScope } from '../read-models/scope.ts';
import { addRoute } from '../route.ts';

export const readEstimateRoutes: ApiPlugin = (app, { pool }) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/estimates',
      operationId: 'listEstimates',
      summary: readModelSummary('Recorded estimates (figure, as-of day, source agency, method), never added into a count'),
      description: READ_MODEL_DESCRIPTION,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      query: EstimateListQuery,
      response: EstimateList,
    },
    ({ query, caller }) => listEstimates(pool, listingScope(caller, 'operation'), query),
  );
};
