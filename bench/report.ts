// Benchmark results for people and for machines: a table on the console, and markdown + JSON
// under bench/results/ with a description of the machine they were measured on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Profile } from '../infra/config.ts';
import type { Measurement } from './benchmark.ts';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  profile: Profile;
}

export interface Report {
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  measurements: (Measurement & { ratio: number })[];
}

export function describeMachine(profile: Profile): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    profile,
  };
}

export function withRatios(measurements: Measurement[]): Report['measurements'] {
  return measurements.map((m) => ({ ...m, ratio: m.figure / m.baselineFigure }));
}

function figure(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

function rows(report: Report): string[][] {
  return report.measurements.map((m) => [m.name, figure(m.figure), m.unit, m.baseline, figure(m.baselineFigure), `${m.ratio.toFixed(2)}×`]);
}

const HEADER = ['benchmark', 'figure', 'unit', 'baseline', 'baseline figure', 'ratio'];
const NUMERIC = new Set([1, 4, 5]);

export function formatTable(report: Report): string {
  const table = [HEADER, ...rows(report)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (NUMERIC.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(HEADER), widths.map((w) => '─'.repeat(w)).join('  '), ...rows(report).map(line)].join('\n');
}

function markdown(report: Report): string {
  const { machine } = report;
  return [
    `# Benchmarks ${report.startedAt}`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; ` +
      `stack profile \`${machine.profile}\`; run took ${report.durationSeconds.toFixed(0)} s.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (NUMERIC.has(i) ? '---:' : '---')).join('|')}|`,
    ...rows(report).map((row) => `| ${row.join(' | ')} |`),
    '',
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
