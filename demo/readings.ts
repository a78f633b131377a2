// Reads the seed's figures back from the read models of the running system (statistics, operation
// summaries, case and flight lists), for this run's cases only: statistics as the change since the
// run began, everything else by this run's case ids.
import type { TaskforceApi } from './api.ts';
import type { Reading } from './campaign.ts';

/** This run's case ids, from the plan's references. */
export interface RunIds {
  operation(ref: string): string;
  flight(ref: string): string;
}

/** The statistics counters by `metric|hostCountry|bucket`, with whose count each is. */
export type Statistics = Map<string, { value: number; countedBy: string }>;

export const statisticKey = (metric: string, hostCountry: string, bucket = '') => `${metric}|${hostCountry}|${bucket}`;

export async function readStatistics(api: TaskforceApi): Promise<Statistics> {
  const { counters } = await api.call<{
    counters: { metric: string; hostCountry: string; bucket: string; value: number; countedBy: string }[];
  }>('GET', '/read/statistics');
  return new Map(counters.map((c) => [statisticKey(c.metric, c.hostCountry, c.bucket), { value: c.value, countedBy: c.countedBy }]));
}

interface OperationSummary {
  status: string;
  provinces: string[];
  suspectsDetained: number;
}

export interface ReadValue {
  value: number | string;
  /** The read model the value came from, and whose count it is where the read model says. */
  readFrom: string;
}

/** One round of reads: each listing is fetched once however many figures use it. */
export class FigureReader {
  private statistics?: Promise<Statistics>;
  private readonly cached = new Map<string, Promise<unknown>>();

  constructor(
    private readonly api: TaskforceApi,
    private readonly ids: RunIds,
    private readonly before: Statistics,
  ) {}

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    if (!this.cached.has(key)) this.cached.set(key, read());
    return this.cached.get(key) as Promise<T>;
  }

  private operations(refs: string[]): Promise<(OperationSummary | null)[]> {
    return Promise.all(
      refs.map((ref) =>
        this.once(`operation:${ref}`, () =>
          this.api
            .call<OperationSummary>('GET', `/read/operations/${encodeURIComponent(this.ids.operation(ref))}`)
            .catch((error: unknown) => ((error as { status?: number }).status === 404 ? null : Promise.reject(error))),
        ),
      ),
    );
  }

  private cases(query: Record<string, string>): Promise<{ caseId: string; status: string; operationId: string | null }[]> {
    return this.once(`cases:${new URLSearchParams(query)}`, () => this.api.listAll('/read/cases', 'cases', query));
  }

  async read(reading: Reading): Promise<ReadValue> {
    switch (reading.kind) {
      case 'statistic': {
        this.statistics ??= readStatistics(this.api);
        const bucket = reading.flight ? this.ids.flight(reading.flight) : (reading.bucket ?? '');
        const key = statisticKey(reading.metric, reading.hostCountry, bucket);
        const after = (await this.statistics).get(key);
        const value = (after?.value ?? 0) - (this.before.get(key)?.value ?? 0);
        const bucketName = reading.flight ? ' per flight' : bucket ? ` ${bucket}` : '';
        return { value, readFrom: `statistics ${reading.metric}${bucketName} (${after?.countedBy ?? 'no counter'})` };
      }
      case 'operations': {
        const found = (await this.operations(reading.operations)).filter((op) => op !== null);
        const from = `operation summaries (${reading.operations.length})`;
        if (reading.value === 'concluded') return { value: found.filter((op) => op.status === 'CONCLUDED').length, readFrom: from };
        if (reading.value === 'provinces')
          return { value: [...new Set(found.flatMap((op) => op.provinces))].sort().join(', '), readFrom: from };
        return { value: found.reduce((sum, op) => sum + op.suspectsDetained, 0), readFrom: `${from}: suspects detained` };
      }
      case 'rescuedInOperations': {
        const lists = await Promise.all(
          reading.operations.map((ref) => this.cases({ kind: 'victim', operationId: this.ids.operation(ref) })),
        );
        return { value: lists.reduce((sum, list) => sum + list.length, 0), readFrom: 'case list: victim cases of the operations' };
      }
      case 'flightCases': {
        const onFlight = await this.cases({ kind: 'suspect', flightId: this.ids.flight(reading.flight) });
        const operations = reading.fromOperations?.map((ref) => this.ids.operation(ref));
        const matching = onFlight.filter(
          (c) => (!reading.status || c.status === reading.status) && (!operations || (c.operationId && operations.includes(c.operationId))),
        );
        const what = reading.status ?? (operations ? 'from the operations' : 'all');
        return { value: matching.length, readFrom: `case list: the flight's suspect cases, ${what}` };
      }
      case 'flightsHandedOver': {
        const flights = await this.once('flights', () =>
          this.api.listAll<{ flightId: string; status: string }>('/read/flights', 'flights', { status: 'HANDOVER_COMPLETE' }),
        );
        const ours = new Set(reading.flights.map((ref) => this.ids.flight(ref)));
        return { value: flights.filter((f) => ours.has(f.flightId)).length, readFrom: 'flight list: handed over' };
      }
    }
  }
}
