// The layer rules of docs/ARCHITECTURE.md, checked with dependency-cruiser (.dependency-cruiser.cjs):
// no folder imports a layer above its own, no files import each other in a loop, and only kafka/
// imports kafkajs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const config = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}
interface CruiseResult {
  summary: { violations: Violation[]; totalCruised: number; totalDependenciesCruised: number };
}

function cruise(cwd: string): CruiseResult {
  // depcruise exits non-zero when it finds violations; the JSON report is on stdout either way.
  try {
    // The report outgrows execFileSync's default 1 MiB buffer, the sooner in a worktree (longer paths).
    return JSON.parse(
      execFileSync(depcruise, ['--config', config, '--output-type', 'json', '.'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    );
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout;
    if (!stdout) throw error;
    return JSON.parse(stdout);
  }
}

/** A package's path from its node_modules on: where node_modules lives differs (a worktree links to another checkout's). */
function packageName(resolved: string): string {
  return resolved.replace(/^.*node_modules\//, '');
}

describe('layers', () => {
  it('has no upward import and no import cycle anywhere in the repository', () => {
    const { summary } = cruise(root);
    // The cruise really followed the imports (a resolver problem would show as a handful of modules).
    expect(summary.totalCruised).toBeGreaterThan(250);
    expect(summary.totalDependenciesCruised).toBeGreaterThan(1000);
    expect(summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('reports a ground-floor file importing the API, two files importing each other, and kafkajs imported outside kafka/', () => {
    const { summary } = cruise(path.join(root, 'tests', 'fixtures', 'layers'));
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${packageName(v.to)}`).sort();
    expect(found).toEqual([
      'kafkajs-only-in-kafka: streams/consumer.ts → kafkajs/index.js',
      'no-cycles: events/first.ts → events/second.ts',
      'no-upward-from-ground: infra/clock.ts → api/route.ts',
    ]);
  });
});
