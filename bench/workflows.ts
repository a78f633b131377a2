// Workflow throughput and footprint: complete SuspectCase lifecycles per second (identification to
// handover and closure, through the operator client, with every event appended to PostgreSQL)
// against an empty workflow on the same server in the same run; and the worker process's memory
// per 1,000 open cases against its idle memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { loadSealKeyring, sealMessage } from '../access/message-seal.ts';
import { createCaseWorker, DEFAULT_WORKFLOW_CACHE } from '../app/case-worker.ts';
import { CaseClient } from '../cases/client.ts';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { loadPayloadKeyring } from '../codec/keys.ts';
import { sleep } from '../infra/sleep.ts';
import { type BenchContext, type Benchmark, type Measurement, timed } from './benchmark.ts';

const LIFECYCLES = 24;
const EMPTY_WORKFLOWS = 200;
const CONCURRENCY = 8;
const OPEN_CASES = 1000;

const meta = () => ({ actor: { agency: 'NPA', role: 'operator', userId: 'bench' } as const, occurredAt: new Date().toISOString() });
const payloadKeys = loadPayloadKeyring(process.env, () => undefined);
const sealKeys = loadSealKeyring(process.env, () => undefined);

/** One suspect from identification to closure: 14 commands and signals, 16 events. */
async function suspectLifecycle(cases: CaseClient, client: Client): Promise<void> {
  const caseId = `suspect-bench-${randomUUID()}`;
  const flightId = `flight-bench-${randomUUID()}`;
  await cases.open('suspect', { caseId, leadAgency: 'NPA', personName: 'Bench Suspect', hostCountry: 'KH', source: 'raid' }, meta());
  const run = async (name: string, payload: Record<string, unknown> = {}) => cases.command(caseId, name, payload, meta());
  await run('recordArrest', { arrestedBy: 'HOST_POLICE' });
  await run('recordDetention', { basis: 'immigration' });
  await run('orderDeportation', { orderReference: 'DO-B' });
  await run('recordReEntryBlacklist');
  await run('issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-B' });
  await run('joinManifest', { flightId });
  const handle = client.workflow.getHandle(caseId);
  // What the flight would tell the case, sealed as the case worker seals it.
  for (const signal of ['boardedAndArrested', 'landed']) {
    const fact = { flightId, ...meta() };
    await handle.signal(signal, fact, sealMessage(sealKeys, { caseId, name: signal, content: fact }));
  }
  for (let attempt = 0; (await handle.query<{ status: string }>('state')).status !== 'LANDED'; attempt++) {
    if (attempt > 500) throw new Error(`${caseId} never landed`);
    await sleep(10);
  }
  await run('requestDetentionWarrant', { court: 'Seoul Central District Court' });
  await run('recordDetentionWarrantIssued', { warrantNumber: 'DW-B' });
  await run('referToProsecution', { prosecutorsOffice: 'Seoul Central', charges: ['fraud'] });
  await run('closeCase');
  await handle.result();
}

async function inParallel(count: number, concurrency: number, work: () => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await work();
    }),
  );
}

async function lifecycleThroughput(context: BenchContext, client: Client, pool: pg.Pool): Promise<Measurement> {
  const taskQueue = `bench-cases-${randomUUID()}`;
  const dataConverter = encryptedDataConverter(payloadKeys);
  const workerConnection = await NativeConnection.connect({ address: context.settings.temporalAddress });
  const caseWorker = await createCaseWorker({
    workerConnection,
    client,
    namespace: context.settings.temporalNamespace,
    taskQueue,
    pool,
    payloadKeys,
    sealKeys,
  });
  const emptyQueue = `bench-empty-${randomUUID()}`;
  const emptyWorker = await Worker.create({
    connection: workerConnection,
    namespace: context.settings.temporalNamespace,
    taskQueue: emptyQueue,
    workflowsPath: path.join(import.meta.dirname, 'empty-workflow.ts'),
    dataConverter,
  });
  const cases = new CaseClient(client, taskQueue, { sealKeys });
  const running = Promise.all([caseWorker.run(), emptyWorker.run()]);
  try {
    context.progress('warming up both workers…');
    await suspectLifecycle(cases, client);
    await client.workflow.execute('emptyWorkflow', { taskQueue: emptyQueue, workflowId: `bench-empty-${randomUUID()}` });
    context.progress(`${LIFECYCLES} SuspectCase lifecycles, ${CONCURRENCY} at a time…`);
    const lifecycleSeconds = await timed(() => inParallel(LIFECYCLES, CONCURRENCY, () => suspectLifecycle(cases, client)));
    context.progress(`${EMPTY_WORKFLOWS} empty workflows, ${CONCURRENCY} at a time…`);
    const emptySeconds = await timed(() =>
      inParallel(EMPTY_WORKFLOWS, CONCURRENCY, async () => {
        await client.workflow.execute('emptyWorkflow', { taskQueue: emptyQueue, workflowId: `bench-empty-${randomUUID()}` });
      }),
    );
    return {
      name: 'SuspectCase lifecycles, identification to handover and closure (16 events each)',
      figure: LIFECYCLES / lifecycleSeconds,
      unit: 'lifecycles/s',
      baseline: 'empty workflow, same server',
      baselineFigure: EMPTY_WORKFLOWS / emptySeconds,
    };
  } finally {
    caseWorker.shutdown();
    emptyWorker.shutdown();
    await running;
    await workerConnection.close();
  }
}

function residentMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** The worker as its own process (app/worker.ts), so its memory is measured alone. */
async function workerMemory(context: BenchContext, client: Client, pool: pg.Pool): Promise<Measurement> {
  const taskQueue = `bench-memory-${randomUUID()}`;
  const root = path.join(import.meta.dirname, '..');
  // node --import tsx, not the tsx command: that would put a wrapper process between us and the worker.
  const worker: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'app', 'worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      // A local stack's profile: the worker accepts its development secrets only with one.
      TASKFORCE_PROFILE: context.profile,
      TASKFORCE_TASK_QUEUE: taskQueue,
      DATABASE_URL: context.settings.databaseUrl,
      TEMPORAL_ADDRESS: context.settings.temporalAddress,
    },
    stdio: 'ignore',
  });
  const cases = new CaseClient(client, taskQueue, { sealKeys });
  const prefix = `victim-bench-open-${randomUUID()}`;
  const open = async (n: number) =>
    cases.open(
      'victim',
      { caseId: `${prefix}-${n}`, leadAgency: 'MOFA', personName: 'Bench Person', reportedBy: 'family', hostCountry: 'KH' },
      meta(),
    );
  const reported = async () =>
    Number((await pool.query('select count(*) from events where stream_id like $1', [`${prefix}-%`])).rows[0].count);
  try {
    await open(0);
    while ((await reported()) < 1) await sleep(200);
    await sleep(2000);
    const idle = residentMegabytes(worker.pid!);
    context.progress(`worker idle at ${idle.toFixed(0)} MB; opening ${OPEN_CASES} victim cases…`);
    let opened = 1;
    await inParallel(OPEN_CASES, CONCURRENCY, async () => {
      await open(opened++);
    });
    while ((await reported()) < OPEN_CASES + 1) await sleep(500);
    await sleep(2000);
    const loaded = residentMegabytes(worker.pid!);
    context.progress(`worker at ${loaded.toFixed(0)} MB with ${OPEN_CASES} more open cases`);
    for (let n = 0; n <= OPEN_CASES; n++) await client.workflow.getHandle(`${prefix}-${n}`).terminate('benchmark done');
    return {
      name: `worker memory per ${OPEN_CASES} open VictimCases (RSS growth, workflow cache ${process.env.TASKFORCE_WORKER_CACHE ?? DEFAULT_WORKFLOW_CACHE})`,
      figure: loaded - idle,
      unit: 'MB',
      baseline: 'idle worker RSS',
      baselineFigure: idle,
    };
  } finally {
    worker.kill('SIGTERM');
  }
}

export const workflowBenchmark: Benchmark = {
  name: 'workflows',
  async run(context) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const connection = await Connection.connect({ address: context.settings.temporalAddress });
    const client = new Client({
      connection,
      namespace: context.settings.temporalNamespace,
      dataConverter: encryptedDataConverter(payloadKeys),
    });
    const pool = new pg.Pool({ connectionString: context.settings.databaseUrl, max: 10 });
    try {
      return [await lifecycleThroughput(context, client, pool), await workerMemory(context, client, pool)];
    } finally {
      await pool.end();
      await connection.close();
    }
  },
};
