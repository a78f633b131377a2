// Queries over `operation_summaries`: each joint operation with what its raids achieved, counted
// from the operation's own events.
import { z } from 'zod';
import { Agency, Classification } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { Instant, iso } from './fields.ts';
import type { Page } from './keyset.ts';
import { listPlanned, plannedListQuery } from './planned-listing.ts';
import type { RowScope } from './scope.ts';
import { queryReadModel } from './sql.ts';

export const OperationListQuery = plannedListQuery('operation');
export type OperationListQuery = z.infer<typeof OperationListQuery>;

export const OperationSummary = z.object({
  operationId: z.string(),
  codeName: z.string().nullable(),
  status: z.string(),
  leadAgency: Agency.nullable(),
  hostCountry: z.string().nullable(),
  partnerAgencies: z.array(z.string()),
  provinces: z.array(z.string()).describe('where its targets were raided'),
  classification: Classification,
  plannedAt: Instant.nullable(),
  launchedAt: Instant.nullable(),
  endedAt: Instant.nullable().describe('concluded or cancelled'),
  targetsRaided: z.number().int(),
  suspectsDetained: z.number().int(),
  victimsRescued: z.number().int(),
  pendingScreening: z.number().int().describe('people detained and not yet screened as victim or suspect'),
  casesOpened: z.number().int().describe('people found who already have a case of their own'),
  streamVersion: z.number().int(),
});
export type OperationSummary = z.infer<typeof OperationSummary>;

interface OperationRow extends Record<string, unknown> {
  operation_id: string;
  code_name: string | null;
  status: string;
  lead_agency: Agency | null;
  host_country: string | null;
  partner_agencies: string[];
  provinces: string[];
  classification: Classification;
  planned_at: Date | null;
  launched_at: Date | null;
  ended_at: Date | null;
  targets_raided: number;
  suspects_detained: number;
  victims_rescued: number;
  pending_screening: number;
  cases_opened: number;
  stream_version: number;
}

const COLUMNS = `o.operation_id, o.code_name, o.status, o.lead_agency, o.host_country, o.partner_agencies, o.provinces,
  o.classification, o.planned_at, o.launched_at, o.ended_at, o.targets_raided, o.suspects_detained, o.victims_rescued,
  o.pending_screening, o.cases_opened, o.stream_version`;

function summaryOf(row: OperationRow): OperationSummary {
  return {
    operationId: row.operation_id,
    codeName: row.code_name,
    status: row.status,
    leadAgency: row.lead_agency,
    hostCountry: row.host_country,
    partnerAgencies: row.partner_agencies,
    provinces: row.provinces,
    classification: row.classification,
    plannedAt: iso(row.planned_at),
    launchedAt: iso(row.launched_at),
    endedAt: iso(row.ended_at),
    targetsRaided: row.targets_raided,
    suspectsDetained: row.suspects_detained,
    victimsRescued: row.victims_rescued,
    pendingScreening: row.pending_screening,
    casesOpened: row.cases_opened,
    streamVersion: row.stream_version,
  };
}

export async function listOperations(db: Queryable, scope: RowScope, query: OperationListQuery): Promise<Page<OperationSummary>> {
  const page = await listPlanned<OperationRow>(db, scope, query, {
    kind: 'operation',
    listing: 'operations',
    table: 'operation_summaries',
    alias: 'o',
    idColumn: 'operation_id',
    columns: COLUMNS,
  });
  return { rows: page.rows.map(summaryOf), nextCursor: page.nextCursor };
}

export async function findOperation(db: Queryable, operationId: string): Promise<OperationSummary | null> {
  const [row] = await queryReadModel<OperationRow>(db, `SELECT ${COLUMNS} FROM operation_summaries o WHERE o.operation_id = $1`, [
    operationId,
  ]);
  return row ? summaryOf(row) : null;
}
