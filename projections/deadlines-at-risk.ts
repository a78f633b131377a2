// Read model `deadlines_at_risk`: every clock still running on an open case. The clocks and their
// rules are the kinds' own (workflows/<kind>/clocks.ts, the same the workflows sleep on); this
// only turns them into rows. "At risk" is the caller's horizon (due within a day, overdue), a
// query on due_at; escalated says the case already warned about it.
import { CASE_KIND_SPECS } from '../workflows/kinds.ts';
import { type Columns, deleteWhereIn, insertRows, type Row } from './bulk-sql.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import type { CaseRecord } from './case-record.ts';

export interface RunningDeadline {
  /** The deadline's name in its kind's clocks (e.g. rescue, provisional_arrest). */
  deadlineKind: string;
  dueAt: string;
  escalated: boolean;
}

/** The clocks running on a case, earliest first. */
export function deadlinesOf(record: CaseRecord): RunningDeadline[] {
  return CASE_KIND_SPECS[record.kind].readSide
    .clocks(record.state)
    .map(({ deadlineKind, dueAt, escalated }) => ({ deadlineKind, dueAt, escalated }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

const COLUMNS: Columns = {
  case_id: 'text',
  deadline_kind: 'text',
  kind: 'text',
  due_at: 'timestamptz',
  escalated: 'boolean',
  lead_agency: 'text',
  classification: 'text',
};

function rowsOf(record: CaseRecord): Row[] {
  return deadlinesOf(record).map((d) => ({
    case_id: record.caseId,
    deadline_kind: d.deadlineKind,
    kind: record.kind,
    due_at: d.dueAt,
    escalated: d.escalated,
    lead_agency: record.state.leadAgency,
    classification: record.classification,
  }));
}

export const deadlinesAtRisk: CaseReadModel = {
  tables: ['deadlines_at_risk'],
  async write(tx, changes: readonly CaseChange[]) {
    const stale: string[] = [];
    const fresh: Row[] = [];
    for (const { before, after } of changes) {
      const previous = before ? rowsOf(before) : [];
      const current = rowsOf(after);
      if (JSON.stringify(previous) === JSON.stringify(current)) continue;
      if (previous.length > 0) stale.push(after.caseId);
      fresh.push(...current);
    }
    await deleteWhereIn(tx, 'deadlines_at_risk', 'case_id', stale);
    await insertRows(tx, 'deadlines_at_risk', COLUMNS, fresh);
  },
};
