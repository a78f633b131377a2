// Read model `operation_summaries`: one row per joint operation with what the raid achieved, counted
// by the operation's own events: targets raided, people detained as suspects, rescued, awaiting
// screening, and how many of them already have a case of their own.
import { type Columns, type Row, upsertRows } from './bulk-sql.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import type { RecordOf } from './case-record.ts';

const COLUMNS: Columns = {
  operation_id: 'text',
  code_name: 'text',
  status: 'text',
  lead_agency: 'text',
  host_country: 'text',
  partner_agencies: 'jsonb',
  provinces: 'jsonb',
  classification: 'text',
  planned_at: 'timestamptz',
  launched_at: 'timestamptz',
  ended_at: 'timestamptz',
  targets_raided: 'integer',
  suspects_detained: 'integer',
  victims_rescued: 'integer',
  pending_screening: 'integer',
  cases_opened: 'integer',
  stream_version: 'integer',
};

export function operationSummaryRow(record: RecordOf<'operation'>): Row {
  const { state, firsts } = record;
  return {
    operation_id: record.caseId,
    code_name: state.codeName,
    status: state.status,
    lead_agency: state.leadAgency,
    host_country: state.hostCountry,
    partner_agencies: record.partnerAgencies,
    provinces: [...new Set(Object.values(state.raids).map((raid) => raid.province))].sort(),
    classification: record.classification,
    planned_at: firsts.OperationPlanned ?? null,
    launched_at: firsts.OperationLaunched ?? null,
    ended_at: firsts.OperationConcluded ?? firsts.OperationCancelled ?? null,
    targets_raided: state.summary.targetsRaided,
    suspects_detained: state.summary.suspectsDetained,
    victims_rescued: state.summary.victimsRescued,
    pending_screening: state.summary.pendingScreening,
    cases_opened: state.summary.casesOpened,
    stream_version: record.streamVersion,
  };
}

export const operationSummary: CaseReadModel = {
  tables: ['operation_summaries'],
  async write(tx, changes: readonly CaseChange[]) {
    const rows = changes.flatMap(({ after }) => (after.kind === 'operation' ? [operationSummaryRow(after)] : []));
    await upsertRows(tx, 'operation_summaries', COLUMNS, ['operation_id'], rows);
  },
};
