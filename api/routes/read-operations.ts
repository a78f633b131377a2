// GET /read/operations and GET /read/operations/{operationId}: joint operations and what their
// raids achieved, from the read models. An agency that does not see operations is refused the
// list (403); an operation the caller may not see is 404.
import { z } from 'zod';
import { requireVisible } from '../auth/guard.ts';
import type { ApiPlugin } from '../context.ts';
import { notFound } from '../problem.ts';
import { READ_MODEL_DESCRIPTION, READ_MODEL_TAGS, readModelSummary } from '../read-models/docs.ts';
import { caseRefParam, EXAMPLE_IDS } from '../read-models/fields.ts';
import { findOperation, listOperations, OperationListQuery, OperationSummary } from '../read-models/operations.ts';
import { listingScope } from '../read-models/scope.ts';
import { addRoute } from '../route.ts';

export const readOperationRoutes: ApiPlugin = (app, { pool }) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/operations',
      operationId: 'listOperationSummaries',
      summary: readModelSummary('Joint operations with their raid counts, latest planned first, a page at a time'),
      description: READ_MODEL_DESCRIPTION,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      query: OperationListQuery,
      response: z.object({ operations: z.array(OperationSummary), nextCursor: z.string().nullable() }),
    },
    async ({ query, caller }) => {
      const page = await listOperations(pool, listingScope(caller, 'operation'), query);
      return { operations: page.rows, nextCursor: page.nextCursor };
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/operations/:operationId',
      operationId: 'getOperationSummary',
      summary: readModelSummary('One joint operation and what its raids achieved'),
      description: READ_MODEL_DESCRIPTION,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      params: z.object({ operationId: caseRefParam('an operation id', EXAMPLE_IDS.operation) }),
      response: OperationSummary,
    },
    async ({ params, caller }) => {
      const found = await findOperation(pool, params.operationId);
      if (!found) throw notFound(`operation ${params.operationId} was not found`);
      requireVisible(caller, { kind: 'operation', classification: found.classification }, `operation ${params.operationId}`);
      return found;
    },
  );
};
