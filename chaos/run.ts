// The fault-injection run: under a steady load of victim cases, kill -9 each component in turn,
// start it again, and check afterwards that nothing was lost or counted twice. `npm run chaos`
// runs it at full size; tests/chaos/short-chaos.test.ts runs a small one inside `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { CaseClient } from '../cases/client.ts';
import { CaseAlreadyExistsError } from '../cases/errors.ts';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { loadPayloadKeyring } from '../codec/keys.ts';
import { loadStackConfig } from '../infra/config.ts';
import { sleep } from '../infra/sleep.ts';
import { loadTemporalConnection } from '../infra/temporal-connection.ts';
import { waitUntil, withLockFile } from '../stack/process.ts';
import { stackDown } from '../stack/stack.ts';
import { runVictimLoad, VICTIM_LIFECYCLE_EVENTS } from './load.ts';
import { type FaultTarget, SystemUnderTest } from './system.ts';
import { type Agreement, checkAgreement } from './verify.ts';

export const ALL_FAULTS: FaultTarget[] = ['worker', 'relay', 'projector', 'kafka', 'temporal', 'postgres'];

export interface ChaosOptions {
  faults: FaultTarget[];
  casesPerFault: number;
  concurrency: number;
  /** How long the load runs before the kill, and how long the component stays down. */
  leadMs: number;
  downMs: number;
  log: (line: string) => void;
}

export interface FaultResult extends Agreement {
  fault: FaultTarget;
  cases: number;
  failedCases: number;
  recoverySeconds: number;
}

/** Host country codes that exist in no real campaign, one per fault, so each phase counts alone. */
const phaseCountry = (index: number) => `Q${String.fromCharCode(65 + index)}`;

export async function runChaos(options: ChaosOptions): Promise<FaultResult[]> {
  // One run at a time on this machine: a second run would wipe and kill the first one's stack.
  const { TASKFORCE_HOME, TASKFORCE_CACHE_DIR } = process.env;
  const home = loadStackConfig({ TASKFORCE_HOME, TASKFORCE_CACHE_DIR, TASKFORCE_PROFILE: 'chaos' }, 'chaos');
  fs.mkdirSync(path.dirname(home.dataDir), { recursive: true });
  return withLockFile(path.join(path.dirname(home.dataDir), 'chaos-run.lock'), 'the chaos stack', 1_800_000, () => runChaosAlone(options));
}

async function runChaosAlone(options: ChaosOptions): Promise<FaultResult[]> {
  // The chaos profile's own ports and folder: port or folder overrides meant for another profile
  // (TASKFORCE_PG_PORT, TASKFORCE_DATA_DIR …) must not point the kills at someone else's stack.
  const { TASKFORCE_HOME, TASKFORCE_CACHE_DIR } = process.env;
  const config = loadStackConfig({ TASKFORCE_HOME, TASKFORCE_CACHE_DIR, TASKFORCE_PROFILE: 'chaos' }, 'chaos');
  // Every run starts from an empty stack, so counts are this run's alone.
  await stackDown(config);
  fs.rmSync(config.dataDir, { recursive: true, force: true });
  const system = new SystemUnderTest(config);
  const withReadModels = system.apps.includes('projector');
  options.log(`starting the chaos stack (${system.apps.join(', ')} on its own PostgreSQL, Kafka and Temporal)…`);
  await system.up();
  const connection = await Connection.connect(
    loadTemporalConnection({ ...system.env }, { address: system.env.TEMPORAL_ADDRESS, namespace: system.env.TEMPORAL_NAMESPACE })
      .connectOptions,
  );
  const client = new Client({ connection, dataConverter: encryptedDataConverter(loadPayloadKeyring(process.env, () => undefined)) });
  const cases = new CaseClient(client, system.taskQueue);
  const pool = new pg.Pool({ connectionString: system.env.DATABASE_URL, max: 4 });
  pool.on('error', () => undefined); // PostgreSQL is killed on purpose; the pool reconnects
  const results: FaultResult[] = [];
  try {
    for (const [index, fault] of options.faults.entries()) {
      if (fault === 'worker' || fault === 'relay' || fault === 'projector') {
        if (!system.apps.includes(fault)) {
          options.log(`${fault}: this project has no app/${fault}.ts yet; skipped`);
          continue;
        }
      }
      const hostCountry = phaseCountry(index);
      const caseIds = Array.from({ length: options.casesPerFault }, (_, n) => `victim-chaos-${fault}-${n}`);
      options.log(`${fault}: ${caseIds.length} cases under load, kill -9 after ${options.leadMs} ms…`);
      const load = runVictimLoad(cases, { caseIds, hostCountry, concurrency: options.concurrency, timeoutMs: 240_000 });
      await sleep(options.leadMs);
      const killedAt = Date.now();
      await system.kill(fault);
      await sleep(options.downMs);
      await system.restart(fault);
      // Recovered when a case opened after the restart has its report applied end to end.
      const probe = `victim-chaos-probe-${fault}`;
      await waitUntil(`${fault} recovery`, () => probeApplied(cases, pool, probe, withReadModels), 180_000);
      const recoverySeconds = (Date.now() - killedAt) / 1000;
      const loaded = await load;
      const agreement = await checkAgreement(
        { pool, client, kafkaBrokers: [system.env.KAFKA_BROKERS], withReadModels },
        { caseIds, hostCountry, eventsPerCase: VICTIM_LIFECYCLE_EVENTS, timeoutMs: 60_000 },
      );
      const result = { fault, cases: caseIds.length, failedCases: loaded.failed.length, recoverySeconds, ...agreement };
      for (const failure of loaded.failed.slice(0, 3)) options.log(`  ${failure.caseId} failed: ${failure.error}`);
      options.log(
        `  recovered in ${recoverySeconds.toFixed(1)} s; lost ${agreement.lostInKafka + agreement.lostInReadModels}, duplicates applied ${agreement.duplicatesApplied}`,
      );
      results.push(result);
    }
  } finally {
    await pool.end().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await system.down();
  }
  return results;
}

/** Opens the probe case (once), then tells whether its first event reached the store and the read model. */
async function probeApplied(cases: CaseClient, pool: pg.Pool, caseId: string, withReadModels: boolean): Promise<boolean> {
  try {
    await cases.open(
      'victim',
      { caseId, leadAgency: 'MOFA', personName: 'Probe', reportedBy: 'family', hostCountry: 'ZZ' },
      { actor: { agency: 'MOFA', role: 'operator', userId: 'chaos-probe' }, occurredAt: new Date().toISOString() },
    );
  } catch (error) {
    if (!(error instanceof CaseAlreadyExistsError)) throw error;
  }
  const table = withReadModels ? 'projection_cases_stream_versions' : 'events';
  const { rowCount } = await pool.query(`select 1 from ${table} where stream_id = $1`, [caseId]);
  return (rowCount ?? 0) > 0;
}

export function chaosTable(results: FaultResult[]): string {
  const header =
    '| fault | cases | time to recover | events lost | duplicates applied | unfinished workflows | failed cases | Kafka redeliveries (deduplicated) |';
  const rule = '|---|---|---|---|---|---|---|---|';
  const rows = results.map(
    (r) =>
      `| kill -9 ${r.fault} | ${r.cases} | ${r.recoverySeconds.toFixed(1)} s | ${r.missingInStore + r.lostInKafka + r.lostInReadModels} | ${r.duplicatesApplied} | ${r.unfinishedWorkflows} | ${r.failedCases} | ${r.kafkaRedeliveries} |`,
  );
  return [header, rule, ...rows].join('\n');
}
