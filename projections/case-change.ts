// What the `cases` projection hands each of its read models: every case a batch touched, as it was
// before the batch and as it is after. A read model writes only what changed between the two.
import type { Queryable } from '../eventstore/stored-events.ts';
import type { CaseRecord } from './case-record.ts';

export interface CaseChange {
  /** Null for a case the batch opened. */
  before: CaseRecord | null;
  after: CaseRecord;
}

export interface CaseReadModel {
  readonly tables: readonly string[];
  write(tx: Queryable, changes: readonly CaseChange[]): Promise<void>;
}
