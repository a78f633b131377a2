// Read model `campaign_statistics`: the campaign's numbers counted from the taskforce's own events
// (counted_by 'taskforce events'; another agency's count or an investigator's estimate is a
// different number and never mixed in). Each case contributes a set of counters given its folded
// state; a batch adds the difference between the after and before contributions, so the totals are
// the same however the events were batched, live or in a rebuild.
import type { Queryable } from '../eventstore/stored-events.ts';
import { CASE_KIND_SPECS } from '../workflows/kinds.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import type { CaseRecord } from './case-record.ts';

/** A figure the campaign counts; each kind's read side names its own (workflows/<kind>/read-side.ts). */
export type Metric = string;

export interface Counter {
  metric: Metric;
  hostCountry: string;
  /** The year for `reports`, the flight id for `extradited` / `deported` / `returned`, '' otherwise. */
  bucket: string;
}

const SEPARATOR = '\u0000';
const keyOf = ({ metric, hostCountry, bucket }: Counter) => [metric, hostCountry, bucket].join(SEPARATOR);

/** What one case adds to the counters: counter key → amount. */
export function contributionOf(record: CaseRecord): Map<string, number> {
  const hostCountry = record.state.hostCountry ?? '';
  const counts = new Map<string, number>();
  for (const { metric, bucket, amount } of CASE_KIND_SPECS[record.kind].readSide.counts(record)) {
    counts.set(keyOf({ metric, hostCountry, bucket }), amount);
  }
  return counts;
}

/** The change a batch makes to the counters: after minus before, summed over the cases it touched. */
export function counterDeltas(changes: readonly CaseChange[]): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (contribution: Map<string, number>, sign: number) => {
    for (const [key, amount] of contribution) deltas.set(key, (deltas.get(key) ?? 0) + sign * amount);
  };
  for (const { before, after } of changes) {
    if (before) add(contributionOf(before), -1);
    add(contributionOf(after), 1);
  }
  for (const [key, delta] of deltas) if (delta === 0) deltas.delete(key);
  return deltas;
}

async function addToCounters(tx: Queryable, deltas: Map<string, number>): Promise<void> {
  if (deltas.size === 0) return;
  // Key order: runners on different partitions lock shared counters in the same order.
  const entries = [...deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, delta]) => [...key.split(SEPARATOR), delta]);
  await tx.query(
    `INSERT INTO campaign_statistics AS s (metric, host_country, bucket, value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
     ON CONFLICT (metric, host_country, bucket) DO UPDATE SET value = s.value + excluded.value`,
    [0, 1, 2, 3].map((i) => entries.map((e) => e[i])),
  );
  // A counter back at zero disappears, as it never appeared in a rebuild that batched the same events together.
  await tx.query(
    `DELETE FROM campaign_statistics s USING unnest($1::text[], $2::text[], $3::text[]) AS k(metric, host_country, bucket)
      WHERE s.metric = k.metric AND s.host_country = k.host_country AND s.bucket = k.bucket AND s.value = 0`,
    [0, 1, 2].map((i) => entries.map((e) => e[i])),
  );
}

export const campaignStatistics: CaseReadModel = {
  tables: ['campaign_statistics'],
  async write(tx, changes: readonly CaseChange[]) {
    await addToCounters(tx, counterDeltas(changes));
  },
};
