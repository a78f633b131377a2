// Queries over `estimates`: every estimate recorded on an operation, with what it estimates, the
// figure, the day it describes, whose estimate it is and how it was reached. These are never
// counts: GET /read/statistics counts cases and never adds an estimate in.
import { z } from 'zod';
import { Agency, Classification } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { Estimate } from '../../workflows/operation/events.ts';
import { CountryCode, Instant, iso } from './fields.ts';
import type { RowScope } from './scope.ts';
import { Conditions, queryReadModel } from './sql.ts';

export const EstimateListQuery = z.object({
  measure: Estimate.shape.measure.optional(),
  hostCountry: CountryCode.optional(),
  sourceAgency: Agency.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type EstimateListQuery = z.infer<typeof EstimateListQuery>;

export const RecordedEstimate = z.object({
  ...Estimate.shape,
  operationId: z.string().describe('the operation it was recorded on'),
  hostCountry: z.string().nullable(),
  classification: Classification,
  recordedAt: Instant.describe('when it was recorded (the command’s occurredAt)'),
});

export const EstimateList = z.object({
  estimates: z.array(RecordedEstimate).describe('latest as-of day first'),
  note: z.string(),
});
export type EstimateList = z.infer<typeof EstimateList>;

const NOTE = 'Estimates as recorded, each with its source, date and method. They are not counts and are never added into the statistics.';

interface EstimateRow extends Record<string, unknown> {
  operation_id: string;
  measure: z.infer<typeof Estimate>['measure'];
  figure: string;
  as_of: string;
  source_agency: Agency;
  method: string;
  host_country: string | null;
  classification: Classification;
  recorded_at: Date;
}

export async function listEstimates(db: Queryable, scope: RowScope, query: EstimateListQuery): Promise<EstimateList> {
  const conditions = new Conditions()
    .where((p) => `classification = ANY(${p(scope.classifications)}::text[])`)
    .equals('measure', query.measure)
    .equals('host_country', query.hostCountry)
    .equals('source_agency', query.sourceAgency);
  const rows = await queryReadModel<EstimateRow>(
    db,
    `SELECT operation_id, measure, figure, to_char(as_of, 'YYYY-MM-DD') AS as_of, source_agency, method, host_country,
            classification, recorded_at
       FROM estimates WHERE ${conditions.sql()}
      ORDER BY as_of DESC, operation_id COLLATE "C", seq
      LIMIT ${conditions.param(query.limit)}`,
    conditions.params,
  );
  return {
    estimates: rows.map((row) => ({
      measure: row.measure,
      figure: Number(row.figure),
      asOf: row.as_of,
      sourceAgency: row.source_agency,
      method: row.method,
      operationId: row.operation_id,
      hostCountry: row.host_country,
      classification: row.classification,
      recordedAt: iso(row.recorded_at),
    })),
    note: NOTE,
  };
}
