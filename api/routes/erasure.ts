// POST /cases/{caseId}/erasure: erase a closed victim case's personal data by destroying its key
// (privacy/erasure.ts). Supervisors of an agency working victim cases only; irreversible. The
// events and every count stay; the personal values read "[ERASED]" everywhere from then on.
// Statuses: 404 for a case without events or one the caller may not see, 409 (naming the rule) for a case that is not a closed
// victim case; erasing an erased case answers the first erasure, with alreadyErased.
import { z } from 'zod';
import { streamClassification } from '../../eventstore/stream-classification.ts';
import { Erasure, ErasureCaseNotFoundError, ErasureGround, ErasureRefusedError, eraseVictimCase } from '../../privacy/erasure.ts';
import { authorize, authorizeCase, requireVisible } from '../auth/guard.ts';
import type { ApiPlugin } from '../context.ts';
import { notFound, PROBLEM_CONTENT_TYPE, Problem, problemBody } from '../problem.ts';
import { CaseRef } from '../read-models/fields.ts';
import { addRoute } from '../route.ts';
import { kindOfCase } from './cases.ts';

export const ErasureRefusedProblem = Problem.extend({
  rule: z.enum(['victim-cases-only', 'case-must-be-closed']).describe('the rule that refused the erasure'),
});

const ErasureView = Erasure.extend({
  alreadyErased: z.boolean().describe('true when the case had been erased before: this request changed nothing'),
});

export const erasureRoutes: ApiPlugin = (app, { pool }) => {
  addRoute(
    app,
    {
      method: 'POST',
      url: '/cases/:caseId/erasure',
      operationId: 'eraseCase',
      summary:
        "Erase a closed victim case's personal data (crypto-shredding): its events and counts stay, its personal values read [ERASED]",
      description:
        'Destroys the data key the case’s personal values are sealed with, in the event store, in Kafka and in every read model at ' +
        'once. Irreversible. 409 when the case is not a closed victim case (`rule` says which); an erased case answers its first erasure.',
      tags: ['cases'],
      access: 'case.erase',
      params: z.object({ caseId: CaseRef }),
      body: z.object({ ground: ErasureGround }).strict(),
      response: ErasureView,
    },
    async ({ params, body, caller, request, reply }) => {
      const kind = kindOfCase(params.caseId);
      authorizeCase(caller, 'case.erase', kind, params.caseId);
      authorize(caller, 'case.erase', kind);
      const classification = await streamClassification(pool, params.caseId);
      // A case without events is not found by the erasure either; one the caller may not see is not found here.
      if (classification) requireVisible(caller, { kind, classification }, `case ${params.caseId}`);
      try {
        const { erasure, alreadyErased } = await eraseVictimCase(
          pool,
          params.caseId,
          { agency: caller.agency, role: caller.role, userId: caller.userId },
          body.ground,
        );
        return { ...erasure, alreadyErased };
      } catch (error) {
        if (error instanceof ErasureCaseNotFoundError) throw notFound(error.message);
        if (!(error instanceof ErasureRefusedError)) throw error;
        const problem = {
          ...problemBody(409, error.message, request.url.split('?')[0] ?? request.url, request.id),
          rule: error.rule,
        } satisfies z.infer<typeof ErasureRefusedProblem>;
        return reply.code(409).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      }
    },
  );
};
