// GET /read/dossiers/{caseId}: the personal data gathered about the person a victim or suspect
// case is about. The case must be visible to the caller (404 otherwise); facts above the
// caller's clearance are left out; values of categories the caller has no need to know read
// "[REDACTED]", derived from the pii() marks of the dossier's schema. A victim's values are stored
// sealed (privacy/vault.ts) and opened here, after redaction, so only what the caller may see is
// decrypted, and an erased person's values read "[ERASED]".
import { z } from 'zod';
import { visibleCategories } from '../../access/need-to-know.ts';
import { maySeeRecord } from '../../access/policy.ts';
import { redact } from '../../access/redact.ts';
import { PersonalDataVault } from '../../privacy/vault.ts';
import { requireVisible } from '../auth/guard.ts';
import type { ApiPlugin } from '../context.ts';
import { notFound } from '../problem.ts';
import { READ_MODEL_DESCRIPTION, READ_MODEL_TAGS, readModelSummary } from '../read-models/docs.ts';
import { dossierView, findDossier, PersonDossier } from '../read-models/dossiers.ts';
import { caseRefParam, EXAMPLE_IDS } from '../read-models/fields.ts';
import { addRoute } from '../route.ts';

export const readDossierRoutes: ApiPlugin = (app, { pool }) => {
  const vault = new PersonalDataVault(pool);
  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/dossiers/:caseId',
      operationId: 'getPersonDossier',
      summary: readModelSummary("The personal data on a victim's or suspect's case, by category, redacted by the caller's need to know"),
      description: `${READ_MODEL_DESCRIPTION} Each fact says which event recorded it. Facts above the caller's clearance are left out.`,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      params: z.object({ caseId: caseRefParam("a victim's or suspect's case id", EXAMPLE_IDS.victim, EXAMPLE_IDS.suspect) }),
      response: PersonDossier,
    },
    async ({ params, caller, reply }) => {
      const dossier = await findDossier(pool, params.caseId);
      if (!dossier) throw notFound(`no dossier for case ${params.caseId}`);
      // The case list says how secret the case is; before it has the case, the dossier's own highest fact does.
      requireVisible(
        caller,
        { kind: dossier.kind, classification: dossier.caseClassification ?? dossier.classification },
        `the dossier of case ${params.caseId}`,
      );
      reply.header('cache-control', 'no-store');
      const view = dossierView(dossier, (fact) => maySeeRecord(caller, fact));
      const redacted = redact(PersonDossier, view, visibleCategories(caller, dossier.kind, { assigned: false }));
      const [opened] = await vault.openValues([redacted]);
      return opened as PersonDossier;
    },
  );
};
