// Read models `case_list` and `case_detail`: one row per case of every kind. The list holds what a
// supervisor filters and sorts on (kind, status, lead agency, operation, flight, next deadline);
// the detail holds the whole folded case as JSON, which is also where the `cases` projection keeps
// its fold between batches.
import { CASE_KIND_SPECS } from '../workflows/kinds.ts';
import { type Columns, type Row, upsertRows } from './bulk-sql.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import type { CaseRecord } from './case-record.ts';
import { deadlinesOf } from './deadlines-at-risk.ts';

/**
 * The columns of `case_list`, the one statement of its shape besides the migration: the projection
 * writes them, the API reads them, the fuzzer and the benchmark seed them, and a test checks that the
 * migrated table has exactly these.
 */
export const CASE_LIST_COLUMNS = {
  case_id: 'text',
  kind: 'text',
  status: 'text',
  is_open: 'boolean',
  lead_agency: 'text',
  host_country: 'text',
  classification: 'text',
  operation_id: 'text',
  flight_id: 'text',
  opened_at: 'timestamptz',
  status_since: 'timestamptz',
  last_event_at: 'timestamptz',
  next_deadline_kind: 'text',
  next_deadline_at: 'timestamptz',
  stream_version: 'integer',
} as const satisfies Columns;

const DETAIL_COLUMNS: Columns = { case_id: 'text', kind: 'text', classification: 'text', stream_version: 'integer', detail: 'jsonb' };

export function caseListRow(record: CaseRecord): Row {
  const { operationId, flightId } = CASE_KIND_SPECS[record.kind].readSide.links(record.state, record.caseId);
  const next = deadlinesOf(record)[0];
  return {
    case_id: record.caseId,
    kind: record.kind,
    status: record.state.status,
    is_open: !CASE_KIND_SPECS[record.kind].lifecycle.terminal.includes(record.state.status),
    lead_agency: record.state.leadAgency,
    host_country: record.state.hostCountry,
    classification: record.classification,
    operation_id: operationId,
    flight_id: flightId,
    opened_at: record.openedAt,
    status_since: record.state.statusSince,
    last_event_at: record.lastEventAt,
    next_deadline_kind: next?.deadlineKind ?? null,
    next_deadline_at: next?.dueAt ?? null,
    stream_version: record.streamVersion,
  };
}

export const caseList: CaseReadModel = {
  tables: ['case_list', 'case_detail'],
  async write(tx, changes: readonly CaseChange[]) {
    const records = changes.map((c) => c.after);
    await upsertRows(tx, 'case_list', CASE_LIST_COLUMNS, ['case_id'], records.map(caseListRow));
    await upsertRows(
      tx,
      'case_detail',
      DETAIL_COLUMNS,
      ['case_id'],
      records.map((r) => ({
        case_id: r.caseId,
        kind: r.kind,
        classification: r.classification,
        stream_version: r.streamVersion,
        detail: r,
      })),
    );
  },
};
