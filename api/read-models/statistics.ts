// Queries over `campaign_statistics`: the campaign's counters, each saying whose count it is. The
// read model holds only what the taskforce's own events counted; an agency's own figures (MOFA
// and the police counted reports differently) and investigators' estimates are other numbers.
import { z } from 'zod';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { CASE_KINDS } from '../../workflows/kinds.ts';
import { CountryCode } from './fields.ts';
import { Conditions, queryReadModel } from './sql.ts';

/** Every figure some kind counts, from the registry: each kind's read side names its own. */
export const STATISTIC_METRICS = CASE_KINDS.flatMap((definition) => definition.readSide.metrics);
export const StatisticMetric = z.enum(STATISTIC_METRICS as [string, ...string[]]);

export const StatisticsQuery = z.object({
  metric: StatisticMetric.optional(),
  hostCountry: CountryCode.optional(),
});
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

export const Counter = z.object({
  metric: z.string(),
  hostCountry: z.string().describe('empty when the case named none'),
  bucket: z.string().describe('the year for reports, the flight id for extradited / deported / returned, empty otherwise'),
  value: z.number().int(),
  countedBy: z.string().describe('whose count this is: "taskforce events" means counted from the taskforce case events'),
});

export const CampaignStatistics = z.object({
  counters: z.array(Counter).describe('by metric, host country and bucket; a counter at zero is absent'),
  note: z.string(),
});
export type CampaignStatistics = z.infer<typeof CampaignStatistics>;

const NOTE =
  'Counted from the taskforce case events as the projection applied them (eventually consistent). Figures published by an ' +
  'agency from its own records, and estimates such as people believed held in compounds, are different numbers and not included.';

export async function campaignStatistics(db: Queryable, query: StatisticsQuery): Promise<CampaignStatistics> {
  const conditions = new Conditions().equals('metric', query.metric).equals('host_country', query.hostCountry);
  const rows = await queryReadModel<{ metric: string; host_country: string; bucket: string; value: string; counted_by: string }>(
    db,
    `SELECT metric, host_country, bucket, value, counted_by FROM campaign_statistics
      WHERE ${conditions.sql()}
      ORDER BY metric COLLATE "C", host_country COLLATE "C", bucket COLLATE "C"`,
    conditions.params,
  );
  return {
    counters: rows.map((row) => ({
      metric: row.metric,
      hostCountry: row.host_country,
      bucket: row.bucket,
      value: Number(row.value),
      countedBy: row.counted_by,
    })),
    note: NOTE,
  };
}
