// How the read side folds and reads a case kind, declared by each kind in its own folder
// (workflows/<kind>/read-side.ts) and used by projections/ through the registry: the projections
// own the runner and the tables, the kinds own what their cases look like there. Pure.
import type { Agency } from '../../events/envelope.ts';
import type { RunningClock } from './clocks.ts';
import type { StoredFact } from './stored-fact.ts';

/** What every kind's state offers the case list. */
export interface ListedState {
  status: string;
  leadAgency: Agency | null;
  hostCountry: string | null;
  statusSince: string | null;
}

/** A case's place in the read models: its decider state, and anything the read side keeps beside it. */
export type ReadFields<State, Kept extends object> = { state: State } & Kept;

/**
 * Whose count a figure is: the agency whose own published figure it corresponds to (MOFA counts
 * reports, the police count arrests), so the statistics show each beside its source.
 */
export interface MetricSource {
  agency: Agency;
  why: string;
}

/** Persons returned home: victims repatriated and suspects deported or extradited, counted by both kinds. */
export const PERSONS_RETURNED: MetricSource = {
  agency: 'MOFA',
  why: 'nationals brought home, as the ministry reports them: victims repatriated and suspects deported or extradited',
};

/** One figure a case adds to the campaign statistics (see `counted`). */
export interface CountedFact<Metric extends string = string> {
  metric: Metric;
  /** The year for `reports`, the flight id for returns, '' otherwise. */
  bucket: string;
  amount: number;
}

/** A figure when `when` holds (a first occurrence, a status): nothing otherwise. */
export function counted<Metric extends string>(metric: Metric, when: unknown, bucket = '', amount = 1): CountedFact<Metric>[] {
  return when && amount !== 0 ? [{ metric, bucket, amount }] : [];
}

export interface CaseReadSide<State extends ListedState, Kept extends object, Metric extends string = string> {
  /** A new case: the decider's initial state, and the kept fields empty. */
  open(caseId: string): ReadFields<State, Kept>;
  /**
   * One more event of the case's stream, in order, once: folded with the kind's own decider (the
   * same evolve the workflow runs), narrowed to the kind's events where it is read from the store.
   * Personal values never stay in a read-side state.
   */
  fold(fields: ReadFields<State, Kept>, event: StoredFact): ReadFields<State, Kept>;
  /** The operation and the flight a case belongs to, for the case list's filters. */
  links(state: State, caseId: string): { operationId: string | null; flightId: string | null };
  /** The clocks running on the case (the kind's clocks.ts): the deadlines read model lists them. */
  clocks(state: State): readonly RunningClock<string, string>[];
  /** Every figure the kind can count, with whose count it is: the statistics route's vocabulary. */
  metrics: Readonly<Record<Metric, MetricSource>>;
  /** What the case counts now; a batch adds the difference between before and after. */
  counts(fields: ReadFields<State, Kept> & { firsts: Record<string, string> }): CountedFact<Metric>[];
}
