// What a benchmark is: a named module that measures figures against a baseline doing the same work,
// taken in the same run on the same services, in rounds that alternate the two, so a ratio means
// something on any machine and its spread says how much to trust it.

import type { Profile } from '../infra/config.ts';
import type { Settings } from '../infra/settings.ts';

export interface BenchContext {
  profile: Profile;
  /** Connection settings of the stack the run brought up and migrated. */
  settings: Settings;
  /** `--quick`: smaller rounds, the same rounds count; for a check that everything runs, not for figures to quote. */
  quick: boolean;
  /** A short line on the console, so a long run shows where it is. */
  progress: (line: string) => void;
}

/** At least this many alternated rounds behind every figure. */
export const ROUNDS = 3;

/**
 * What a figure must reach: `figure <compare> times × baseline + plus` (with `times` 0 an absolute
 * bound), from the medians of the rounds.
 */
export interface Target {
  compare: '>=' | '<=';
  times: number;
  plus: number;
}

export interface Measurement {
  name: string;
  unit: string;
  /** How many items (events, samples, requests, commands) each round's figure is taken over. */
  n: number;
  /** One figure per round. */
  figures: number[];
  /** What the figure is compared with, measured in the same run; absent for a figure with an absolute target only. */
  baseline?: { name: string; figures: number[] };
  target?: Target;
}

export interface Benchmark {
  name: string;
  run: (context: BenchContext) => Promise<Measurement[]>;
}

/** Runs `work` and returns how long it took in seconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Runs `rounds` rounds of a measured step and its baseline in A B, B A … order, so drift on a
 * shared machine (cache warmth, another process's burst) falls on both; returns each round's result
 * of each. `prepare`, when given, runs untimed before each round.
 */
export async function alternate<T>(
  rounds: number,
  measured: (round: number) => Promise<T>,
  baseline: (round: number) => Promise<T>,
  prepare: (round: number) => Promise<void> = async () => undefined,
): Promise<{ measured: T[]; baseline: T[] }> {
  const results: { measured: T[]; baseline: T[] } = { measured: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    await prepare(round);
    if (round % 2 === 0) {
      results.measured.push(await measured(round));
      results.baseline.push(await baseline(round));
    } else {
      results.baseline.push(await baseline(round));
      results.measured.push(await measured(round));
    }
  }
  return results;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The q-quantile of samples by the nearest-rank method (p99 of 1,000 samples is the 990th). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Items per second, one figure per round. */
export const perSecond = (items: number, seconds: readonly number[]): number[] => seconds.map((s) => items / s);
