// `npm run chaos`: the full fault-injection run; prints the table and writes it to bench/results/.
import fs from 'node:fs';
import path from 'node:path';
import { ALL_FAULTS, chaosTable, runChaos } from './run.ts';
import type { FaultTarget } from './system.ts';

const casesPerFault = Number(process.env.TASKFORCE_CHAOS_CASES ?? 30);
/** TASKFORCE_CHAOS_FAULTS=postgres,kafka runs only those faults. */
const faults = (process.env.TASKFORCE_CHAOS_FAULTS?.split(',') ?? ALL_FAULTS).map((fault) => {
  if (!(ALL_FAULTS as string[]).includes(fault)) throw new Error(`unknown fault "${fault}"; known: ${ALL_FAULTS.join(', ')}`);
  return fault as FaultTarget;
});
const started = Date.now();
const results = await runChaos({
  faults,
  casesPerFault,
  concurrency: 6,
  leadMs: 3000,
  downMs: 3000,
  log: (line) => console.log(line),
});
const table = chaosTable(results);
console.log(`\n${table}\n\n(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
const dir = path.join(import.meta.dirname, '..', 'bench', 'results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'chaos.md'), `# Chaos run ${new Date().toISOString()}\n\n${table}\n`);
fs.writeFileSync(path.join(dir, 'chaos.json'), `${JSON.stringify(results, null, 2)}\n`);
const clean = results.every(
  (r) => r.missingInStore + r.lostInKafka + r.lostInReadModels + r.duplicatesApplied + r.unfinishedWorkflows + r.failedCases === 0,
);
process.exit(clean ? 0 : 1);
