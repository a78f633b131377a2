// Queries over `campaign_statistics`: the campaign's counters, each saying whose count it is. The
// read model holds only what the taskforce's own events counted; an agency's own figures (MOFA
// and the police counted reports differently) and investigators' estimates are other numbers.
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import type { MetricSource } from '../../workflows/case-kit/read-side.ts';
import { CASE_KINDS } from '../../workflows/kinds.ts';
import { CountryCode } from './fields.ts';
import { Conditions, queryReadModel } from './sql.ts';

/**
 * Every figure some kind counts, with whose count it is, from the registry: each kind's read side
 * names its own. A figure two kinds count (persons returned) has one source.
 */
export const METRIC_SOURCES: ReadonlyMap<string, MetricSource> = (() => {
  const sources = new Map<string, MetricSource>();
  for (const [metric, source] of CASE_KINDS.flatMap((definition) => Object.entries<MetricSource>(definition.readSide.metrics))) {
    const known = sources.get(metric);
    if (known && known.agency !== source.agency) throw new Error(`metric ${metric} is counted for ${known.agency} and ${source.agency}`);
    sources.set(metric, source);
  }
  return sources;
})();
export const STATISTIC_METRICS = [...METRIC_SOURCES.keys()];
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
  countedBy: z.string().describe('how it was counted: "taskforce events" means counted from the taskforce case events'),
  sourceAgency: Agency.describe('whose figure this is: the agency whose own published count it stands beside (see `sources`)'),
});

export const MetricSourceEntry = z.object({
  metric: z.string(),
  sourceAgency: Agency,
  why: z.string(),
});

export const CampaignStatistics = z.object({
  counters: z.array(Counter).describe('by metric, host country and bucket; a counter at zero is absent'),
  sources: z
    .array(MetricSourceEntry)
    .describe("every metric with whose count it is, side by side (MOFA's reports, the police's arrests), whether counted yet or not"),
  note: z.string(),
});
export type CampaignStatistics = z.infer<typeof CampaignStatistics>;

const NOTE =
  'Counted from the taskforce case events as the projection applied them (eventually consistent); each figure names the ' +
  'agency whose count it corresponds to. Figures published by an agency from its own records are different numbers, and ' +
  'estimates such as people believed held in compounds are never added in: they are recorded facts of their own (GET /read/estimates).';

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
    // A metric this code no longer counts (left in the table until a rebuild) has no source to name.
    counters: rows
      .filter((row) => METRIC_SOURCES.has(row.metric))
      .map((row) => ({
        metric: row.metric,
        hostCountry: row.host_country,
        bucket: row.bucket,
        value: Number(row.value),
        countedBy: row.counted_by,
        sourceAgency: METRIC_SOURCES.get(row.metric)!.agency,
      })),
    sources: [...METRIC_SOURCES].map(([metric, { agency, why }]) => ({ metric, sourceAgency: agency, why })),
    note: NOTE,
  };
}
