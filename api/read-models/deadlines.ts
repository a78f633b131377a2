// Queries over `deadlines_at_risk`: the legal and welfare clocks running on open cases that fall
// due within the caller's horizon, overdue ones included, soonest first.
import { z } from 'zod';
import { Agency, Classification } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { CaseKind } from '../../workflows/kinds.ts';
import { Flag, Instant, iso } from './fields.ts';
import { Cursor, keysetPage, Limit, type Page } from './keyset.ts';
import { inScope, type RowScope } from './scope.ts';
import { Conditions } from './sql.ts';

export const MAX_HORIZON_DAYS = 365;

export const DeadlineQuery = z.object({
  withinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_HORIZON_DAYS)
    .default(1)
    .describe('clocks due within this many days from now; overdue ones are always included'),
  kind: CaseKind.optional(),
  leadAgency: Agency.optional(),
  escalated: Flag.optional().describe('true: only clocks the case already escalated; false: only those it has not'),
  limit: Limit,
  cursor: Cursor,
});
export type DeadlineQuery = z.infer<typeof DeadlineQuery>;

export const DeadlineAtRisk = z.object({
  caseId: z.string(),
  kind: CaseKind,
  deadline: z.string().describe('welfare_follow_up, rescue, provisional_arrest, extradition_answer, detention_warrant or detention_limit'),
  dueAt: Instant,
  overdue: z.boolean(),
  escalated: z.boolean().describe('the case already warned about this clock'),
  leadAgency: Agency.nullable(),
  classification: Classification,
});
export type DeadlineAtRisk = z.infer<typeof DeadlineAtRisk>;

interface DeadlineRow extends Record<string, unknown> {
  case_id: string;
  kind: CaseKind;
  deadline_kind: string;
  due_at: Date;
  escalated: boolean;
  lead_agency: Agency | null;
  classification: Classification;
}

export async function deadlinesAtRisk(db: Queryable, scope: RowScope, query: DeadlineQuery, now: Date): Promise<Page<DeadlineAtRisk>> {
  const conditions = new Conditions()
    .where((p) => inScope('r.kind', 'r.classification', scope, p))
    .where((p) => `r.due_at < ${p(now.toISOString())}::timestamptz + make_interval(days => ${p(query.withinDays)}::int)`)
    .equals('r.kind', query.kind)
    .equals('r.lead_agency', query.leadAgency)
    .equals('r.escalated', query.escalated);
  const page = await keysetPage<DeadlineRow>(db, {
    select: 'r.case_id, r.kind, r.deadline_kind, r.due_at, r.escalated, r.lead_agency, r.classification',
    from: 'deadlines_at_risk r',
    conditions,
    keyset: {
      listing: 'deadlines',
      key: 'r.due_at',
      keyType: 'timestamptz',
      tieBreak: `r.case_id || '/' || r.deadline_kind`,
      order: 'asc',
    },
    cursor: query.cursor,
    limit: query.limit,
  });
  return {
    rows: page.rows.map((row) => ({
      caseId: row.case_id,
      kind: row.kind,
      deadline: row.deadline_kind,
      dueAt: iso(row.due_at),
      overdue: row.due_at.getTime() < now.getTime(),
      escalated: row.escalated,
      leadAgency: row.lead_agency,
      classification: row.classification,
    })),
    nextCursor: page.nextCursor,
  };
}
