// GET /audit: the audit trail for auditors (and supervisors), newest first, filtered by who, which
// agency, which case and when, a page at a time. Reading the trail is itself recorded in it.
// Entries about a case the caller may not see (a kind its agency does not work, or a recorded case
// more secret than it may see) are left out, as every route leaves the case out: the page is filled
// from older entries instead, so its length says nothing about them.
import { z } from 'zod';
import type { Caller } from '../../access/caller.ts';
import { mayAccessKind } from '../../access/need-to-know.ts';
import { maySeeRecord } from '../../access/policy.ts';
import { type AuditFilter, type AuditPage, AuditRecord, AuditTrail } from '../../audit/trail.ts';
import { Agency } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { streamClassifications } from '../../eventstore/stream-classification.ts';
import { kindOfCaseId } from '../../workflows/kinds.ts';
import type { ApiPlugin } from '../context.ts';
import { badRequest } from '../problem.ts';
import { addRoute } from '../route.ts';

const Cursor = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, 'a cursor is the nextCursor of a previous page, as given')
  .optional()
  .describe('nextCursor of the previous page, as given; the filters must stay the same');

/** Free text matched against the trail; PostgreSQL text cannot hold a NUL, so one is a 400 here rather than a 500 from the query. */
const TrailText = z
  .string()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL is what it refuses; written \u0000 so OpenAPI tools read the pattern too.
  .regex(/^[^\u0000]*$/, 'must not contain a NUL character');

const AuditQuery = z.object({
  user: TrailText.optional().describe('only entries of this user id'),
  agency: Agency.optional().describe("only entries of this agency's callers"),
  case: TrailText.optional().describe('only entries about this case id'),
  from: z.iso.datetime({ offset: true }).optional().describe('only entries recorded at or after this instant'),
  to: z.iso.datetime({ offset: true }).optional().describe('only entries recorded before this instant'),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('entries per page, at most 500'),
  cursor: Cursor,
});

const AuditPageView = z.object({
  entries: z.array(AuditRecord),
  nextCursor: z.string().nullable().describe('the cursor of the next (older) page; null on the last page'),
});

/** Reads of the trail one page needs at most before it answers with what it has (and a cursor). */
const MAX_READS_PER_PAGE = 20;

/** The entries the caller may see: those about no case, or about a case it may see (or one without recorded events). */
async function visibleEntries(db: Queryable, caller: Caller, entries: readonly AuditRecord[]): Promise<AuditRecord[]> {
  const classifications = await streamClassifications(
    db,
    entries.flatMap((entry) => (entry.caseId ? [entry.caseId] : [])),
  );
  return entries.filter((entry) => {
    const kind = entry.caseId ? kindOfCaseId(entry.caseId) : undefined;
    // An id of no case kind names no case; a case without recorded events has nothing to protect yet.
    if (!kind) return true;
    if (!mayAccessKind(caller, kind)) return false;
    const classification = classifications.get(entry.caseId!);
    return !classification || maySeeRecord(caller, { kind, classification });
  });
}

/** A page of the entries the caller may see, filled from older entries in place of those it may not. */
async function readVisible(
  db: Queryable,
  trail: AuditTrail,
  caller: Caller,
  filter: AuditFilter,
  page: { limit: number; before?: string },
): Promise<AuditPage> {
  const entries: AuditRecord[] = [];
  let before = page.before;
  for (let read = 0; read < MAX_READS_PER_PAGE; read++) {
    const scanned = await trail.query(filter, { limit: page.limit - entries.length, ...(before ? { before } : {}) });
    entries.push(...(await visibleEntries(db, caller, scanned.entries)));
    if (!scanned.nextBefore || entries.length === page.limit) return { entries, nextBefore: scanned.nextBefore };
    before = scanned.nextBefore;
  }
  return { entries, nextBefore: before ?? null };
}

export const auditRoutes: ApiPlugin = (app, { pool }) => {
  const trail = new AuditTrail(pool);
  addRoute(
    app,
    {
      method: 'GET',
      url: '/audit',
      operationId: 'getAuditTrail',
      summary: 'The audit trail: commands, reads of personal data and of histories, refusals; newest first',
      description:
        'Who (user, agency, role) did or read what (operation, route, case), when, and whether it was allowed (outcome, status). ' +
        'Entries are written by the API before it answers and cannot be changed or removed by the application.',
      tags: ['audit'],
      access: 'audit.read',
      query: AuditQuery,
      response: AuditPageView,
    },
    async ({ query, caller, reply }) => {
      const from = query.from ? new Date(query.from) : undefined;
      const to = query.to ? new Date(query.to) : undefined;
      if (from && to && from >= to) throw badRequest('"from" must be before "to"', [{ path: 'query.to', message: 'must be after "from"' }]);
      reply.header('cache-control', 'no-store');
      const page = await readVisible(
        pool,
        trail,
        caller,
        {
          ...(query.user ? { userId: query.user } : {}),
          ...(query.agency ? { agency: query.agency } : {}),
          ...(query.case ? { caseId: query.case } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        },
        { limit: query.limit, ...(query.cursor ? { before: query.cursor } : {}) },
      );
      return { entries: page.entries, nextCursor: page.nextBefore };
    },
  );
};
