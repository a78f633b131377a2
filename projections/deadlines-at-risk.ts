// Read model `deadlines_at_risk`: every clock still running on an open case, the same clocks the
// workflows sleep on, read from the folded decider state. "At risk" is the caller's horizon
// (due within a day, overdue), a query on due_at; escalated says the case already warned about it.
import { detentionWarrantClockRunning, later, provisionalArrestRunning, type SuspectState } from '../workflows/suspect/decider.ts';
import { addDays, type VictimState } from '../workflows/victim/decider.ts';
import { type Columns, deleteWhereIn, insertRows, type Row } from './bulk-sql.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import type { CaseRecord } from './case-record.ts';

export type DeadlineKind =
  | 'welfare_follow_up'
  | 'rescue'
  | 'provisional_arrest'
  | 'extradition_answer'
  | 'detention_warrant'
  | 'detention_limit';

export interface RunningDeadline {
  deadlineKind: DeadlineKind;
  dueAt: string;
  escalated: boolean;
}

const DAY_MS = 86_400_000;

function victimDeadlines(state: VictimState): RunningDeadline[] {
  const days = state.deadlines.welfareFollowUpDays;
  if ((state.status === 'REPORTED' || state.status === 'CONTACT_LOST') && state.statusSince && days > 0) {
    // The workflow's welfare timer: the next check after the ones already recorded.
    const dueAt = addDays(state.statusSince, (state.welfareChecks + 1) * days);
    return [{ deadlineKind: 'welfare_follow_up', dueAt, escalated: state.welfareChecks > 0 }];
  }
  if ((state.status === 'LOCATED' || state.status === 'RESCUE_REQUESTED') && state.rescueDeadline) {
    return [{ deadlineKind: 'rescue', dueAt: state.rescueDeadline, escalated: state.rescueEscalated }];
  }
  return [];
}

function suspectDeadlines(state: SuspectState): RunningDeadline[] {
  const running: RunningDeadline[] = [];
  if (state.provisionalArrest && provisionalArrestRunning(state)) {
    running.push({
      deadlineKind: 'provisional_arrest',
      dueAt: state.provisionalArrest.deadline,
      escalated: state.provisionalArrest.warned,
    });
  }
  const awaiting = state.awaitingAnswer;
  if (awaiting && (state.status === 'EXTRADITION_REQUESTED' || state.status === 'HOST_COURT_APPROVED')) {
    running.push({
      deadlineKind: 'extradition_answer',
      dueAt: later(awaiting.lastActivityAt, state.deadlines.requestChaseDays * DAY_MS),
      escalated: awaiting.reminders > 0,
    });
  }
  if (state.detentionWarrantClock && detentionWarrantClockRunning(state)) {
    running.push({
      deadlineKind: 'detention_warrant',
      dueAt: state.detentionWarrantClock.deadline,
      escalated: state.detentionWarrantClock.warned,
    });
  }
  if (state.detention && state.status === 'DETAINED_IN_KOREA') {
    running.push({ deadlineKind: 'detention_limit', dueAt: state.detention.until, escalated: state.detention.limitReached });
  }
  return running;
}

/** The clocks running on a case, earliest first. */
export function deadlinesOf(record: CaseRecord): RunningDeadline[] {
  const running =
    record.kind === 'victim' ? victimDeadlines(record.state) : record.kind === 'suspect' ? suspectDeadlines(record.state) : [];
  return running.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
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
