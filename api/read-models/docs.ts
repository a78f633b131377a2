// How the read-model routes present themselves in the OpenAPI document: under /read/, tagged
// "read models", each summary saying it reads a projection. The live routes under /cases/ ask
// the case's workflow instead; a client must be able to tell the two apart at a glance.
export const READ_MODEL_TAGS = ['read models'] as const;

export const READ_MODEL_DESCRIPTION =
  'Served from the read models: projections of the case events, eventually consistent (typically well under a second ' +
  'behind the events, more while a projection is rebuilt). `streamVersion` says which event of the stream a row reflects. ' +
  "For a case's live state ask its workflow: GET /cases/{caseId}/state.";

export function readModelSummary(what: string): string {
  return `${what} (read model, eventually consistent)`;
}
