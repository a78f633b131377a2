// Workflow throughput and footprint. Commands: SuspectCase lifecycles (identification to handover
// and closure, through the operator client, every event appended to PostgreSQL), counted per
// message (the opening, 10 commands, 2 signals), against no-op Updates on a trivial workflow (a
// start, 11 no-op Updates and one that ends it) on the same server with the same worker settings.
// Memory: the worker's RSS per cached case, the slope between two open-case counts with a workflow
// cache as large as the open cases and a forced GC before each reading, against the same slope of
// the trivial workflow; the workers run in a process of their own (this file as a script).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import pg from 'pg';
import { loadSealKeyring, sealMessage } from '../access/message-seal.ts';
import { createCaseWorker } from '../app/case-worker.ts';
import { CaseClient } from '../cases/client.ts';
import { CommandNotConfirmedError } from '../cases/errors.ts';
import { encryptedDataConverter, workerDataConverter } from '../codec/data-converter.ts';
import { loadPayloadKeyring } from '../codec/keys.ts';
import { loadSettings } from '../infra/settings.ts';
import { sleep } from '../infra/sleep.ts';
import { alternate, type BenchContext, type Benchmark, type Measurement, perSecond, ROUNDS, timed } from './benchmark.ts';

const CONCURRENCY = 8;
/** Messages of one SuspectCase lifecycle: the opening, 10 commands, 2 signals; the baseline sends as many. */
const MESSAGES_PER_LIFECYCLE = 13;
const sizes = (quick: boolean) => (quick ? { lifecycles: 8, fewer: 20, more: 100 } : { lifecycles: 16, fewer: 50, more: 250 });

export const meta = () => ({ actor: { agency: 'NPA', role: 'operator', userId: 'bench' } as const, occurredAt: new Date().toISOString() });
export const payloadKeys = loadPayloadKeyring(process.env, () => undefined);
export const sealKeys = loadSealKeyring(process.env, () => undefined);
const NOOP_WORKFLOWS_PATH = path.join(import.meta.dirname, 'noop-workflow.ts');

/** One suspect from identification to closure: 14 commands and signals, 16 events. */
export async function suspectLifecycle(cases: CaseClient, client: Client): Promise<void> {
  const caseId = `suspect-bench-${randomUUID()}`;
  const flightId = `flight-bench-${randomUUID()}`;
  await cases.open('suspect', { caseId, leadAgency: 'NPA', personName: 'Bench Suspect', hostCountry: 'KH', source: 'raid' }, meta());
  // On a machine this busy a command may wait out the client's bound; it is sent again with its id,
  // as the client's error says, and applied once.
  const run = async (name: string, payload: Record<string, unknown> = {}) => {
    const sent = { ...meta(), commandId: randomUUID() };
    for (let attempt = 1; ; attempt++) {
      try {
        return await cases.command(caseId, name, payload, sent);
      } catch (error) {
        if (!(error instanceof CommandNotConfirmedError) || attempt === 3) throw error;
      }
    }
  };
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

/** Reads a workflow's `state`, asking up to five times: on a busy machine one query may time out. */
export async function queryStateRetrying(client: Client, workflowId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.workflow.getHandle(workflowId).query('state');
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

export async function inParallel(count: number, concurrency: number, work: () => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await work();
    }),
  );
}

/** The trivial workflow's lifecycle: as many messages as a SuspectCase's, each a no-op Update but the last. */
async function noopLifecycle(client: Client, taskQueue: string): Promise<void> {
  const handle = await client.workflow.start('noopUpdatesWorkflow', { taskQueue, workflowId: `bench-noop-${randomUUID()}` });
  for (let i = 0; i < MESSAGES_PER_LIFECYCLE - 2; i++) await handle.executeUpdate('noop', { args: [meta()] });
  await handle.executeUpdate('finish');
  await handle.result();
}

/** The trivial workflow's worker, with the case worker's settings (cache, converter) on another task queue. */
function noopWorker(connection: NativeConnection, namespace: string, taskQueue: string, cache?: number): Promise<Worker> {
  const options: WorkerOptions = {
    connection,
    namespace,
    taskQueue,
    workflowsPath: NOOP_WORKFLOWS_PATH,
    dataConverter: workerDataConverter(payloadKeys),
  };
  return Worker.create(cache === undefined ? options : { ...options, maxCachedWorkflows: cache });
}

/** The case worker a benchmark measures, on its own task queue, with the bench's keys. */
export async function benchCaseWorker(context: BenchContext, client: Client, pool: pg.Pool, taskQueue: string) {
  const workerConnection = await NativeConnection.connect(context.settings.temporal.connectOptions);
  const worker = await createCaseWorker({
    workerConnection,
    client,
    namespace: context.settings.temporalNamespace,
    taskQueue,
    pool,
    payloadKeys,
    sealKeys,
  });
  return { worker, workerConnection };
}

async function commandThroughput(context: BenchContext, client: Client, pool: pg.Pool): Promise<Measurement[]> {
  const { lifecycles } = sizes(context.quick);
  const taskQueue = `bench-cases-${randomUUID()}`;
  const { worker: caseWorker, workerConnection } = await benchCaseWorker(context, client, pool, taskQueue);
  const noopQueue = `bench-noop-${randomUUID()}`;
  const baselineWorker = await noopWorker(workerConnection, context.settings.temporalNamespace, noopQueue);
  const cases = new CaseClient(client, taskQueue, { sealKeys });
  const running = Promise.all([caseWorker.run(), baselineWorker.run()]);
  try {
    context.progress('warming up both workers…');
    await suspectLifecycle(cases, client);
    await noopLifecycle(client, noopQueue);
    const seconds = await alternate(
      ROUNDS,
      () => timed(() => inParallel(lifecycles, CONCURRENCY, () => suspectLifecycle(cases, client))),
      () => timed(() => inParallel(lifecycles, CONCURRENCY, () => noopLifecycle(client, noopQueue))),
      async (round) =>
        context.progress(
          `round ${round + 1}: ${lifecycles} SuspectCase lifecycles and ${lifecycles} no-op ones, ${CONCURRENCY} at a time…`,
        ),
    );
    const messages = lifecycles * MESSAGES_PER_LIFECYCLE;
    const noopPerSecond = perSecond(messages, seconds.baseline);
    return [
      {
        name: 'SuspectCase commands (opening, 10 commands, 2 signals per case)',
        unit: 'commands/s',
        n: messages,
        figures: perSecond(messages, seconds.measured),
        baseline: { name: 'no-op Updates on a trivial workflow, same worker settings', figures: noopPerSecond },
        target: { compare: '>=', times: 0.5, plus: 0 },
      },
      {
        name: 'SuspectCase lifecycles, identification to handover and closure',
        unit: 'lifecycles/s',
        n: lifecycles,
        figures: perSecond(lifecycles, seconds.measured),
        baseline: { name: `no-op lifecycles of ${MESSAGES_PER_LIFECYCLE} messages`, figures: perSecond(lifecycles, seconds.baseline) },
      },
    ];
  } finally {
    caseWorker.shutdown();
    baselineWorker.shutdown();
    await running;
    await workerConnection.close();
  }
}

/** The memory workers' process: asks it to collect garbage and report its RSS. */
class MemoryWorkers {
  private readonly child: ChildProcess;
  readonly ready: Promise<void>;

  constructor(
    context: BenchContext,
    readonly caseQueue: string,
    readonly noopQueue: string,
    cache: number,
  ) {
    this.child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
      cwd: path.join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        TASKFORCE_PROFILE: context.profile,
        DATABASE_URL: context.settings.databaseUrl,
        TEMPORAL_ADDRESS: context.settings.temporalAddress,
        BENCH_MEMORY_WORKERS: JSON.stringify({ caseQueue, noopQueue, cache }),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', () => resolve());
      this.child.once('exit', (code) => reject(new Error(`the memory workers exited with ${code}`)));
    });
  }

  /** RSS in MiB after a full GC. */
  rss(): Promise<number> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null, signal: string | null) =>
        reject(new Error(`the memory workers exited (${signal ?? code}) before they answered`));
      this.child.once('exit', exited);
      this.child.once('message', (bytes) => {
        this.child.off('exit', exited);
        resolve(Number(bytes) / 2 ** 20);
      });
      this.child.send('measure');
    });
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

async function workerMemory(context: BenchContext, client: Client): Promise<Measurement> {
  const { fewer, more } = sizes(context.quick);
  const workers = new MemoryWorkers(context, `bench-memory-${randomUUID()}`, `bench-memory-noop-${randomUUID()}`, ROUNDS * more + 10);
  const cases = new CaseClient(client, workers.caseQueue, { sealKeys });
  const opened: string[] = [];
  // A case is in the cache once its first task ran: its state query answers.
  const openCases = async (count: number) => {
    const prefix = `victim-bench-memory-${randomUUID()}`;
    let n = 0;
    await inParallel(count, CONCURRENCY, async () => {
      const caseId = `${prefix}-${n++}`;
      opened.push(caseId);
      await cases.open(
        'victim',
        { caseId, leadAgency: 'MOFA', personName: 'Bench Person', reportedBy: 'family', hostCountry: 'KH' },
        meta(),
      );
      // A busy machine may let a query time out before the new case's first task ran: ask again.
      await queryStateRetrying(client, caseId);
    });
  };
  const openNoops = async (count: number) => {
    await inParallel(count, CONCURRENCY, async () => {
      const workflowId = `bench-memory-noop-${randomUUID()}`;
      opened.push(workflowId);
      const handle = await client.workflow.start('noopUpdatesWorkflow', { taskQueue: workers.noopQueue, workflowId });
      await handle.executeUpdate('noop', { args: [meta()] });
    });
  };
  const slope = (open: (count: number) => Promise<void>) => async () => {
    await open(fewer);
    const low = await workers.rss();
    await open(more - fewer);
    const high = await workers.rss();
    return (high - low) / (more - fewer);
  };
  try {
    await workers.ready;
    await openCases(2);
    await openNoops(2);
    const slopes = await alternate(ROUNDS, slope(openCases), slope(openNoops), async (round) =>
      context.progress(`round ${round + 1}: RSS at ${fewer} and ${more} open VictimCases, then trivial workflows…`),
    );
    return {
      name: `worker RSS per cached VictimCase (slope ${fewer} → ${more} open, cache ≥ open, after GC)`,
      unit: 'MiB/case',
      n: more - fewer,
      figures: slopes.measured,
      baseline: { name: 'the same slope of a trivial workflow', figures: slopes.baseline },
      target: { compare: '<=', times: 0, plus: 2 },
    };
  } finally {
    workers.stop();
    await Promise.allSettled(opened.map((id) => client.workflow.getHandle(id).terminate('benchmark done')));
  }
}

let runtimeInstalled = false;

export async function withClient<T>(context: BenchContext, work: (client: Client, pool: pg.Pool) => Promise<T>): Promise<T> {
  // Once per process, before the first worker: the SDK's runtime is a singleton.
  if (!runtimeInstalled) Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
  const connection = await Connection.connect(context.settings.temporal.connectOptions);
  const client = new Client({
    connection,
    namespace: context.settings.temporalNamespace,
    dataConverter: encryptedDataConverter(payloadKeys),
  });
  const pool = new pg.Pool({ connectionString: context.settings.databaseUrl, max: 10 });
  try {
    return await work(client, pool);
  } finally {
    await pool.end();
    await connection.close();
  }
}

export const commandBenchmark: Benchmark = {
  name: 'commands',
  run: (context) => withClient(context, (client, pool) => commandThroughput(context, client, pool)),
};

export const workerMemoryBenchmark: Benchmark = {
  name: 'worker-memory',
  run: (context) => withClient(context, async (client) => [await workerMemory(context, client)]),
};

// ---- the memory workers (the second process) -------------------------------------------------------

async function runMemoryWorkers(options: { caseQueue: string; noopQueue: string; cache: number }): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const settings = loadSettings();
  const connection = await Connection.connect(settings.temporal.connectOptions);
  const client = new Client({ connection, namespace: settings.temporalNamespace, dataConverter: encryptedDataConverter(payloadKeys) });
  const workerConnection = await NativeConnection.connect(settings.temporal.connectOptions);
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 10 });
  const workers = [
    await createCaseWorker({
      workerConnection,
      client,
      namespace: settings.temporalNamespace,
      taskQueue: options.caseQueue,
      pool,
      payloadKeys,
      sealKeys,
      maxCachedWorkflows: options.cache,
    }),
    await noopWorker(workerConnection, settings.temporalNamespace, options.noopQueue, options.cache),
  ];
  const gc = (globalThis as { gc?: () => void }).gc!;
  process.on('message', () => {
    gc();
    gc();
    process.send!(process.memoryUsage().rss);
  });
  process.once('SIGTERM', () => {
    for (const worker of workers) worker.shutdown();
  });
  const running = Promise.all(workers.map((w) => w.run()));
  process.send!('ready');
  await running;
  await pool.end();
  await workerConnection.close();
  await connection.close();
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.env.BENCH_MEMORY_WORKERS) {
  await runMemoryWorkers(JSON.parse(process.env.BENCH_MEMORY_WORKERS));
}
