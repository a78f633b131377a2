// `npm run bench [name…]`: brings the stack up (profile TASKFORCE_PROFILE, default test), makes a
// fresh, migrated benchmark database beside the profile's own,
// runs every registered benchmark (or those whose name contains an argument), prints the table
// and writes bench/results/. To add a benchmark, export a Benchmark and list it below.
import path from 'node:path';
import { appEnv, loadStackConfig, profileFromEnv } from '../infra/config.ts';
import { loadSettings } from '../infra/settings.ts';
import { stackUp } from '../stack/stack.ts';
import { apiBenchmark } from './api.ts';
import type { Benchmark, Measurement } from './benchmark.ts';
import { freshBenchDatabase } from './database.ts';
import { eventStoreBenchmark } from './eventstore.ts';
import { projectionBenchmark } from './projections.ts';
import { relayBenchmark } from './relay.ts';
import { describeMachine, formatTable, withRatios, writeReport } from './report.ts';
import { scaleBenchmark } from './scale.ts';
import { workflowBenchmark } from './workflows.ts';

const BENCHMARKS: Benchmark[] = [eventStoreBenchmark, relayBenchmark, projectionBenchmark, workflowBenchmark, apiBenchmark, scaleBenchmark];

const filters = process.argv.slice(2);
const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
if (selected.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const profile = profileFromEnv({ TASKFORCE_PROFILE: 'test', ...process.env });
const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: profile }, profile);
const startedAt = new Date();
await stackUp(config);
const env = { ...process.env, ...appEnv(config), DATABASE_URL: await freshBenchDatabase(config) };
const settings = loadSettings(env);

const measurements: Measurement[] = [];
for (const benchmark of selected) {
  console.log(`\n▶ ${benchmark.name}`);
  const progress = (line: string) => console.log(`  ${line}`);
  measurements.push(...(await benchmark.run({ profile, settings, progress })));
}

const report = {
  startedAt: startedAt.toISOString(),
  durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
  machine: describeMachine(profile),
  measurements: withRatios(measurements),
};
console.log(`\n${formatTable(report)}\n`);
console.log(`written to ${path.relative(process.cwd(), writeReport(path.join(import.meta.dirname, 'results'), report))}`);
