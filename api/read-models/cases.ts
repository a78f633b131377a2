// Queries over `case_list` and `case_detail`: the supervisor's list of cases (filtered, sorted,
// a keyset page at a time) and one case as the projection folded it. Rows the caller may not see
// (a kind its agency does not work, a classification above its clearance, SECRET outside NIS) are
// filtered in SQL, so a page is never short because of them and never reveals them.
import { z } from 'zod';
import { Agency, Classification } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { CASE_LIST_COLUMNS } from '../../projections/case-list.ts';
import { CaseKind } from '../../workflows/kinds.ts';
import { CaseRef, Flag, Instant, InstantInput, iso, StatusName } from './fields.ts';
import { Cursor, type Keyset, keysetPage, Limit, Order, type Page } from './keyset.ts';
import { inScope, type RowScope } from './scope.ts';
import { Conditions, queryReadModel } from './sql.ts';

export const CaseSort = z.enum(['opened_at', 'last_event_at', 'next_deadline_at']);
export type CaseSort = z.infer<typeof CaseSort>;

export const CaseListQuery = z.object({
  kind: CaseKind.optional(),
  status: StatusName.optional(),
  leadAgency: Agency.optional(),
  operationId: CaseRef.optional().describe('cases found in (or being) this joint operation'),
  flightId: CaseRef.optional().describe('cases manifested on (or being) this charter flight'),
  open: Flag.optional().describe('true: cases still open; false: cases that reached a terminal status'),
  deadlineBefore: InstantInput.optional().describe('only cases whose next deadline falls before this instant (overdue included)'),
  sort: CaseSort.default('last_event_at'),
  order: Order.default('desc'),
  limit: Limit,
  cursor: Cursor,
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseListEntry = z.object({
  caseId: z.string(),
  kind: CaseKind,
  status: z.string(),
  open: z.boolean().describe('false once the case reached a terminal status'),
  leadAgency: Agency.nullable(),
  hostCountry: z.string().nullable(),
  classification: Classification.describe('the highest classification among the case events'),
  operationId: z.string().nullable(),
  flightId: z.string().nullable(),
  openedAt: Instant,
  statusSince: Instant.nullable(),
  lastEventAt: Instant,
  nextDeadline: z.object({ kind: z.string(), dueAt: Instant }).nullable().describe('the earliest clock running on the case'),
  streamVersion: z.number().int().describe('the last event of the case stream the read model has applied'),
});
export type CaseListEntry = z.infer<typeof CaseListEntry>;

export const CaseDetail = CaseListEntry.extend({
  firsts: z.record(z.string(), Instant).describe('event type → when it first happened'),
  state: z.record(z.string(), z.unknown()).describe("the case kind's decider state, folded from the events (ids, statuses, clocks)"),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

interface CaseListRow extends Record<string, unknown> {
  case_id: string;
  kind: CaseKind;
  status: string;
  is_open: boolean;
  lead_agency: Agency | null;
  host_country: string | null;
  classification: Classification;
  operation_id: string | null;
  flight_id: string | null;
  opened_at: Date;
  status_since: Date | null;
  last_event_at: Date;
  next_deadline_kind: string | null;
  next_deadline_at: Date | null;
  stream_version: number;
}

const LIST_COLUMNS = Object.keys(CASE_LIST_COLUMNS)
  .map((column) => `l.${column}`)
  .join(', ');

function entryOf(row: CaseListRow): CaseListEntry {
  return {
    caseId: row.case_id,
    kind: row.kind,
    status: row.status,
    open: row.is_open,
    leadAgency: row.lead_agency,
    hostCountry: row.host_country,
    classification: row.classification,
    operationId: row.operation_id,
    flightId: row.flight_id,
    openedAt: iso(row.opened_at),
    statusSince: iso(row.status_since),
    lastEventAt: iso(row.last_event_at),
    nextDeadline:
      row.next_deadline_at && row.next_deadline_kind ? { kind: row.next_deadline_kind, dueAt: iso(row.next_deadline_at) } : null,
    streamVersion: row.stream_version,
  };
}

/**
 * Cases without a running clock sort as if it were infinitely far off: last when ascending, first
 * when descending. One expression for both orders, so one index serves both.
 */
function sortKey(sort: CaseSort): string {
  return sort === 'next_deadline_at' ? `COALESCE(l.next_deadline_at, 'infinity'::timestamptz)` : `l.${sort}`;
}

export async function listCases(db: Queryable, scope: RowScope, query: CaseListQuery): Promise<Page<CaseListEntry>> {
  const conditions = new Conditions()
    .where((p) => inScope('l.kind', 'l.classification', scope, p))
    .equals('l.kind', query.kind)
    .equals('l.status', query.status)
    .equals('l.lead_agency', query.leadAgency)
    .equals('l.operation_id', query.operationId)
    .equals('l.flight_id', query.flightId)
    .equals('l.is_open', query.open);
  if (query.deadlineBefore) conditions.where((p) => `l.next_deadline_at < ${p(query.deadlineBefore)}::timestamptz`);
  const keyset: Keyset = {
    listing: `cases:${query.sort}:${query.order}`,
    key: sortKey(query.sort),
    keyType: 'timestamptz',
    tieBreak: 'l.case_id',
    order: query.order,
  };
  const page = await keysetPage<CaseListRow>(db, {
    select: LIST_COLUMNS,
    from: 'case_list l',
    conditions,
    keyset,
    cursor: query.cursor,
    limit: query.limit,
  });
  return { rows: page.rows.map(entryOf), nextCursor: page.nextCursor };
}

/** The case as the read model holds it, or null; the route decides whether the caller may see it. */
export async function findCase(db: Queryable, caseId: string): Promise<CaseDetail | null> {
  const [row] = await queryReadModel<CaseListRow & { detail: { firsts?: Record<string, string>; state?: Record<string, unknown> } }>(
    db,
    `SELECT ${LIST_COLUMNS}, d.detail
       FROM case_list l JOIN case_detail d ON d.case_id = l.case_id
      WHERE l.case_id = $1`,
    [caseId],
  );
  if (!row) return null;
  const firsts = Object.fromEntries(Object.entries(row.detail.firsts ?? {}).map(([type, at]) => [type, iso(at)]));
  return { ...entryOf(row), firsts, state: row.detail.state ?? {} };
}
