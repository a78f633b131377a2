// GET /read/cases and GET /read/cases/{caseId}: the case list and one case's detail from the read
// models, for supervisors and analysts who filter and sort across many cases. The list leaves out
// every row the caller may not see; a case the caller may not see is 404, its existence undisclosed.
import { z } from 'zod';
import { redactState } from '../../access/redact.ts';
import { requireVisible } from '../auth/guard.ts';
import type { ApiPlugin } from '../context.ts';
import { notFound } from '../problem.ts';
import { CaseDetail, CaseListEntry, CaseListQuery, findCase, listCases } from '../read-models/cases.ts';
import { READ_MODEL_DESCRIPTION, READ_MODEL_TAGS, readModelSummary } from '../read-models/docs.ts';
import { caseRefParam, EXAMPLE_IDS } from '../read-models/fields.ts';
import { listingScope } from '../read-models/scope.ts';
import { addRoute } from '../route.ts';

export const readCaseRoutes: ApiPlugin = (app, { pool }) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/cases',
      operationId: 'listCaseReadModels',
      summary: readModelSummary('Cases by kind, status, lead agency, operation, flight or deadline, sorted, a page at a time'),
      description: `${READ_MODEL_DESCRIPTION} Without \`kind\`, every kind the caller's agency sees; naming a kind it does not see is 403.`,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      query: CaseListQuery,
      response: z.object({ cases: z.array(CaseListEntry), nextCursor: z.string().nullable() }),
    },
    async ({ query, caller }) => {
      const page = await listCases(pool, listingScope(caller, query.kind), query);
      return { cases: page.rows, nextCursor: page.nextCursor };
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/cases/:caseId',
      operationId: 'getCaseReadModel',
      summary: readModelSummary('One case: its list entry, when each event type first happened, and its folded state'),
      description: READ_MODEL_DESCRIPTION,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      params: z.object({ caseId: caseRefParam('a case id, "<kind>-<reference>"', EXAMPLE_IDS.victim, EXAMPLE_IDS.suspect) }),
      response: CaseDetail,
    },
    async ({ params, caller }) => {
      const found = await findCase(pool, params.caseId);
      if (!found) throw notFound(`case ${params.caseId} was not found`);
      requireVisible(caller, found, `case ${params.caseId}`);
      // The fold is the decider's state, redacted by its kind's state schema as the live state is.
      return { ...found, state: redactState(found.state, caller, found.kind) };
    },
  );
};
