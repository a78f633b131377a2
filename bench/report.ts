// Benchmark results for people and for machines: every figure as n, the median and min–max of its
// rounds, beside its baseline's and the ratio's, with the target it must reach; a table on the
// console, and markdown + JSON under bench/results/ with a description of the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Profile } from '../infra/config.ts';
import { type Measurement, median, type Target } from './benchmark.ts';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  /** The load average when the run began: the machine is shared, and this says how busy it was. */
  loadAverage: number;
  node: string;
  platform: string;
  profile: Profile;
}

/** The median of a series of round figures and its range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Row {
  name: string;
  unit: string;
  n: number;
  rounds: number;
  figure: Spread;
  baseline?: { name: string; figure: Spread };
  /** figure ÷ baseline, round by round. */
  ratio?: Spread;
  target?: { text: string; met: boolean };
}

export interface Report {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: Machine;
  rows: Row[];
  /** Benchmarks that failed and have no rows. */
  failed: string[];
}

export function describeMachine(profile: Profile): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    profile,
  };
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

function targetText(target: Target, unit: string): string {
  if (target.times === 0) return `${target.compare === '>=' ? '≥' : '≤'} ${target.plus} ${unit}`;
  const plus = target.plus === 0 ? '' : ` + ${target.plus} ${unit}`;
  return `${target.compare === '>=' ? '≥' : '≤'} ${target.times}× baseline${plus}`;
}

/** Whether the figure's median reaches the target against the baseline's median. */
export function targetMet(target: Target, figure: number, baseline: number): boolean {
  const bound = (target.times === 0 ? 0 : target.times * baseline) + target.plus;
  return target.compare === '>=' ? figure >= bound : figure <= bound;
}

export function summarise(measurement: Measurement): Row {
  const { name, unit, n, figures, baseline, target } = measurement;
  if (baseline && baseline.figures.length !== figures.length) {
    throw new Error(`${name}: ${figures.length} rounds against ${baseline.figures.length} of the baseline`);
  }
  const figure = spread(figures);
  const row: Row = { name, unit, n, rounds: figures.length, figure };
  if (baseline) {
    row.baseline = { name: baseline.name, figure: spread(baseline.figures) };
    row.ratio = spread(figures.map((f, i) => f / baseline.figures[i]!));
  }
  if (target) {
    // A pure ratio target is judged on the ratio column (the median of the rounds' ratios), the others on the medians.
    const met =
      target.plus === 0 && target.times > 0 && row.ratio
        ? targetMet({ ...target, times: 1 }, row.ratio.median, target.times)
        : targetMet(target, figure.median, row.baseline?.figure.median ?? Number.NaN);
    row.target = { text: targetText(target, unit), met };
  }
  return row;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

function formatSpread(value: Spread | undefined, suffix = ''): string {
  if (!value) return '—';
  return `${formatNumber(value.median)}${suffix} (${formatNumber(value.min)}–${formatNumber(value.max)})`;
}

const HEADER = [
  'benchmark',
  'n × rounds',
  'median (min–max)',
  'unit',
  'baseline',
  'baseline median (min–max)',
  'ratio (min–max)',
  'target',
];
const NUMERIC = new Set([1, 2, 5, 6]);

function cells(row: Row): string[] {
  const target = row.target ? `${row.target.text} ${row.target.met ? '✓' : '✗'}` : '';
  return [
    row.name,
    `${row.n.toLocaleString('en-US')} × ${row.rounds}`,
    formatSpread(row.figure),
    row.unit,
    row.baseline?.name ?? '—',
    formatSpread(row.baseline?.figure),
    formatSpread(row.ratio, '×'),
    target,
  ];
}

export function formatTable(report: Pick<Report, 'rows'>): string {
  const table = [HEADER, ...report.rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (NUMERIC.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(HEADER), widths.map((w) => '─'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  return [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (NUMERIC.has(i) ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${cells(row).join(' | ')} |`),
  ].join('\n');
}

function markdown(report: Report): string {
  const { machine } = report;
  return [
    `# Benchmarks ${report.startedAt}${report.quick ? ' (--quick)' : ''}`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, load average ${machine.loadAverage} at the start, ` +
      `Node ${machine.node}, ${machine.platform}; stack profile \`${machine.profile}\`; run took ${report.durationSeconds.toFixed(0)} s.`,
    'Every figure is the median of its rounds with their min–max; baseline and subject alternate round by round; ' +
      'the ratio is figure ÷ baseline per round.',
    '',
    markdownTable(report.rows),
    '',
    ...(report.failed.length > 0 ? [`Failed, no figures: ${report.failed.join(', ')}.`, ''] : []),
  ].join('\n');
}

/** Writes <timestamp>.md and <timestamp>.json; returns the markdown path. */
export function writeReport(directory: string, report: Report): string {
  fs.mkdirSync(directory, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(directory, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(directory, `${stamp}.md`), markdown(report));
  return path.join(directory, `${stamp}.md`);
}
