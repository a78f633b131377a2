// Read model `estimates`: every estimate recorded on an operation, one row each, from the
// operation's read side (workflows/operation/read-side.ts). Kept apart from `campaign_statistics`
// on purpose: an estimate is a figure someone estimated, with its date, source and method, and is
// never added into a count.
import { operationEvents } from '../workflows/operation/events.ts';
import { type Columns, type Row, upsertRows } from './bulk-sql.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import type { CaseRecord, RecordOf } from './case-record.ts';

const COLUMNS: Columns = {
  operation_id: 'text',
  seq: 'integer',
  measure: 'text',
  figure: 'bigint',
  as_of: 'date',
  source_agency: 'text',
  method: 'text',
  host_country: 'text',
  classification: 'text',
  recorded_at: 'timestamptz',
};

/** Estimates of a record folded before estimates existed are absent: none. */
const estimatesOf = (record: RecordOf<'operation'>) => record.estimates ?? [];

/** The rows of the estimates an operation gained between two of its records. Pure. */
export function newEstimateRows(before: CaseRecord | null, after: RecordOf<'operation'>): Row[] {
  const known = before?.kind === 'operation' ? estimatesOf(before).length : 0;
  return estimatesOf(after)
    .map((estimate, seq) => ({ estimate, seq }))
    .slice(known)
    .map(({ estimate, seq }) => ({
      operation_id: after.caseId,
      seq,
      measure: estimate.measure,
      figure: estimate.figure,
      as_of: estimate.asOf,
      source_agency: estimate.sourceAgency,
      method: estimate.method,
      host_country: after.state.hostCountry,
      classification: operationEvents.EstimateRecorded.classification,
      recorded_at: estimate.recordedAt,
    }));
}

export const estimates: CaseReadModel = {
  tables: ['estimates'],
  async write(tx, changes: readonly CaseChange[]) {
    const rows = changes.flatMap(({ before, after }) => (after.kind === 'operation' ? newEstimateRows(before, after) : []));
    await upsertRows(tx, 'estimates', COLUMNS, ['operation_id', 'seq'], rows);
  },
};
