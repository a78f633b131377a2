// The `cases` projection: folds every case topic into the case list and detail, the deadlines at
// risk, the operation summaries, the flight manifests, the campaign statistics and the estimates. They share one
// fold (case-record.ts), so they share one consumer group and one transaction per batch; the fold
// itself is kept in case_detail between batches.
import type { EventEnvelope } from '../events/envelope.ts';
import type { Queryable } from '../eventstore/stored-events.ts';
import { campaignStatistics } from './campaign-statistics.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import { caseList } from './case-list.ts';
import { type CaseRecord, foldCase } from './case-record.ts';
import { deadlinesAtRisk } from './deadlines-at-risk.ts';
import { estimates } from './estimates.ts';
import { flightManifest } from './flight-manifest.ts';
import { operationSummary } from './operation-summary.ts';
import type { Projection } from './projection.ts';

const READ_MODELS: readonly CaseReadModel[] = [caseList, deadlinesAtRisk, operationSummary, flightManifest, campaignStatistics, estimates];

async function loadRecords(tx: Queryable, caseIds: readonly string[]): Promise<Map<string, CaseRecord>> {
  const { rows } = await tx.query<{ case_id: string; detail: CaseRecord }>(
    'SELECT case_id, detail FROM case_detail WHERE case_id = ANY($1::text[])',
    [caseIds],
  );
  return new Map(rows.map((r) => [r.case_id, r.detail]));
}

/** Folds a batch into the cases it touches: each case as it was before and after. Pure. */
export function foldBatch(records: ReadonlyMap<string, CaseRecord>, events: readonly EventEnvelope[]): CaseChange[] {
  const changes = new Map<string, CaseChange>();
  for (const event of events) {
    const change = changes.get(event.streamId);
    const before = change ? change.before : (records.get(event.streamId) ?? null);
    changes.set(event.streamId, { before, after: foldCase(change ? change.after : before, event) });
  }
  return [...changes.values()];
}

export const casesProjection: Projection = {
  name: 'cases',
  kinds: ['victim', 'suspect', 'operation', 'flight'],
  tables: READ_MODELS.flatMap((model) => model.tables),
  async apply(tx, events) {
    const records = await loadRecords(tx, [...new Set(events.map((e) => e.streamId))]);
    const changes = foldBatch(records, events);
    for (const model of READ_MODELS) await model.write(tx, changes);
  },
};
