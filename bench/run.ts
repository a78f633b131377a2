// `npm run bench [-- --quick] [name…]`: brings up the `bench` profile's own stack (ports and data
// apart from `npm start` and `npm test`), makes a fresh, migrated benchmark database, runs every
// registered benchmark (or those whose name contains an argument), prints the table and writes
// bench/results/. To add a benchmark, export a Benchmark and list it below; `scale` (10^6 events)
// runs only when named.
import path from 'node:path';
import { appEnv, loadStackConfig } from '../infra/config.ts';
import { loadSettings } from '../infra/settings.ts';
import { stackUp } from '../stack/stack.ts';
import { apiBenchmark } from './api.ts';
import type { Benchmark } from './benchmark.ts';
import { freshBenchDatabase } from './database.ts';
import { eventStoreBenchmark } from './eventstore.ts';
import { flightBenchmark } from './flight.ts';
import { projectionBenchmark } from './projections.ts';
import { relayBenchmark } from './relay.ts';
import { describeMachine, formatTable, type Row, summarise, writeReport } from './report.ts';
import { scaleBenchmark } from './scale.ts';
import { commandBenchmark, workerMemoryBenchmark } from './workflows.ts';

const BENCHMARKS: Benchmark[] = [
  eventStoreBenchmark,
  relayBenchmark,
  projectionBenchmark,
  commandBenchmark,
  workerMemoryBenchmark,
  flightBenchmark,
  apiBenchmark,
  scaleBenchmark,
];
/** Run only when named: it takes minutes on its own. */
const ON_REQUEST = new Set([scaleBenchmark.name]);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));
const selected = BENCHMARKS.filter((b) => (filters.length === 0 ? !ON_REQUEST.has(b.name) : filters.some((f) => b.name.includes(f))));
if (selected.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const profile = 'bench';
// Everything this process and its children start defaults to the bench stack.
process.env.TASKFORCE_PROFILE = profile;
const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: profile }, profile);
const startedAt = new Date();
const machine = describeMachine(profile);
await stackUp(config);
const env = { ...process.env, ...appEnv(config), TASKFORCE_PROFILE: profile, DATABASE_URL: await freshBenchDatabase(config) };
const settings = loadSettings(env);

const rows: Row[] = [];
const failed: string[] = [];
for (const benchmark of selected) {
  console.log(`\n▶ ${benchmark.name}`);
  const progress = (line: string) => console.log(`  ${line}`);
  try {
    for (const measurement of await benchmark.run({ profile, settings, quick, progress })) {
      const row = summarise(measurement);
      rows.push(row);
      console.log(
        formatTable({ rows: [row] })
          .split('\n')
          .at(-1),
      );
    }
  } catch (error) {
    // One benchmark that fails (a busy machine's timeout) leaves the others' figures standing.
    console.error(`✗ ${benchmark.name} failed:`, error);
    failed.push(benchmark.name);
  }
}

const report = {
  startedAt: startedAt.toISOString(),
  durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
  quick,
  machine,
  rows,
  failed,
};
console.log(`\n${formatTable(report)}\n`);
console.log(`written to ${path.relative(process.cwd(), writeReport(path.join(import.meta.dirname, 'results'), report))}`);
process.exit(failed.length > 0 ? 1 : 0);
