// What a benchmark is: a named module that measures figures against a baseline taken in the same
// run on the same services, so a ratio means something on any machine.

import type { Profile } from '../infra/config.ts';
import type { Settings } from '../infra/settings.ts';

export interface BenchContext {
  profile: Profile;
  /** Connection settings of the stack the run brought up and migrated. */
  settings: Settings;
  /** A short line on the console, so a long run shows where it is. */
  progress: (line: string) => void;
}

export interface Measurement {
  name: string;
  figure: number;
  unit: string;
  /** What the figure is compared with, measured in the same run. */
  baseline: string;
  baselineFigure: number;
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
 * Runs `rounds` rounds of a measured step and its baseline in A B B A … order, so drift on a shared
 * machine (cache warmth, another process's burst) falls on both; returns the total seconds of each.
 * `prepare`, when given, runs untimed before each round.
 */
export async function alternate(
  rounds: number,
  measured: (round: number) => Promise<number>,
  baseline: (round: number) => Promise<number>,
  prepare: (round: number) => Promise<void> = async () => undefined,
): Promise<{ measured: number; baseline: number }> {
  const total = { measured: 0, baseline: 0 };
  for (let round = 0; round < rounds; round++) {
    await prepare(round);
    if (round % 2 === 0) {
      total.measured += await measured(round);
      total.baseline += await baseline(round);
    } else {
      total.baseline += await baseline(round);
      total.measured += await measured(round);
    }
  }
  return total;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
