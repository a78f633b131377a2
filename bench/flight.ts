// A command on a full charter flight while the system is busy: commands on a flight of 73 suspects
// (the largest manifest the issue saw answered 503), timed from the client's send to the worker's
// confirmation, while a second process runs the demo's load (SuspectCase lifecycles, as many at a
// time as `npm run demo` sends), against the same commands on a flight of 1 under the same load.
// Each round takes one flight of each size, built beforehand: ESCORT_COMMANDS assignEscorts (a
// command a ready flight takes any number of times), then depart and land, whose leg the flight
// tells every case on board of. The worker runs in this process, the load in a child (this file as a
// script), both on the same task queue.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { CaseClient } from '../cases/client.ts';
import { CommandNotConfirmedError } from '../cases/errors.ts';
import { encryptedDataConverter } from '../codec/data-converter.ts';
import { loadSettings } from '../infra/settings.ts';
import { alternate, type BenchContext, type Benchmark, type Measurement, quantile, ROUNDS } from './benchmark.ts';
import { benchCaseWorker, inParallel, meta, payloadKeys, queryStateRetrying, sealKeys, suspectLifecycle, withClient } from './workflows.ts';

const MANIFEST = 73;
/** `npm run demo`'s default (TASKFORCE_DEMO_CONCURRENCY). */
const DEMO_CONCURRENCY = 12;
const SETUP_CONCURRENCY = 8;
const escortCommands = (quick: boolean) => (quick ? 8 : 20);

const moj = () => ({ ...meta(), actor: { agency: 'MOJ', role: 'operator', userId: 'bench' } as const });

/** A suspect case cleared to travel: arrested, detained, deportation ordered, blacklisted, a travel document issued. */
async function clearedSuspect(cases: CaseClient): Promise<string> {
  const caseId = `suspect-bench-flight-${randomUUID()}`;
  await cases.open('suspect', { caseId, leadAgency: 'NPA', personName: 'Bench Returnee', hostCountry: 'KH', source: 'raid' }, meta());
  await cases.command(caseId, 'recordArrest', { arrestedBy: 'HOST_POLICE' }, meta());
  await cases.command(caseId, 'recordDetention', { basis: 'immigration' }, meta());
  await cases.command(caseId, 'orderDeportation', { orderReference: 'DO-F' }, meta());
  await cases.command(caseId, 'recordReEntryBlacklist', {}, meta());
  await cases.command(caseId, 'issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-F' }, meta());
  return caseId;
}

/** A flight with `size` cleared suspects manifested, locked and escorted: ready to depart. */
async function readyFlight(cases: CaseClient, size: number): Promise<string> {
  const suspects: string[] = [];
  await inParallel(size, SETUP_CONCURRENCY, async () => {
    suspects.push(await clearedSuspect(cases));
  });
  const flightId = `flight-bench-${randomUUID()}`;
  await cases.open('flight', { caseId: flightId, leadAgency: 'MOJ', hostCountry: 'KH' }, moj());
  const manifest = { flightNumber: 'KE9690', route: { origin: 'PNH', destination: 'ICN' }, capacity: 80 };
  await cases.command(flightId, 'openManifest', manifest, moj());
  let next = 0;
  await inParallel(size, SETUP_CONCURRENCY, async () => {
    await cases.command(flightId, 'addToManifest', { caseId: suspects[next++]! }, moj());
  });
  await cases.command(flightId, 'lockManifest', {}, moj());
  await cases.command(flightId, 'assignEscorts', { officers: 2 * size }, moj());
  return flightId;
}

/**
 * Milliseconds from the first send to the confirmation of each command of one round on one flight.
 * A command not confirmed within the client's bound is sent again with its id, as a client would,
 * and its time runs on.
 */
async function flightRound(cases: CaseClient, flightId: string, size: number, escorts: number): Promise<number[]> {
  const latencies: number[] = [];
  const timedCommand = async (name: string, payload: Record<string, unknown>) => {
    const sent = { ...moj(), commandId: randomUUID() };
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await cases.command(flightId, name, payload, sent);
        break;
      } catch (error) {
        if (!(error instanceof CommandNotConfirmedError) || attempt === 4) throw error;
      }
    }
    latencies.push(performance.now() - started);
  };
  for (let i = 0; i < escorts; i++) await timedCommand('assignEscorts', { officers: 2 * size + i });
  await timedCommand('depart', {});
  await timedCommand('land', {});
  return latencies;
}

/** The second process: SuspectCase lifecycles, DEMO_CONCURRENCY at a time, until told to stop. */
class DemoLoad {
  private readonly child: ChildProcess;
  readonly ready: Promise<void>;

  constructor(context: BenchContext, taskQueue: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      cwd: path.join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        TASKFORCE_PROFILE: context.profile,
        TEMPORAL_ADDRESS: context.settings.temporalAddress,
        BENCH_FLIGHT_LOAD: JSON.stringify({ taskQueue }),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', () => resolve());
      this.child.once('exit', (code) => reject(new Error(`the load process exited with ${code}`)));
    });
  }

  /** Stops the load; resolves with the lifecycles it completed. */
  stop(): Promise<number> {
    return new Promise((resolve) => {
      this.child.once('message', (done) => resolve(Number(done)));
      this.child.send('stop');
    });
  }

  kill(): void {
    this.child.kill('SIGTERM');
  }
}

async function run(context: BenchContext): Promise<Measurement[]> {
  return withClient(context, async (client, pool) => {
    const taskQueue = `bench-flight-${randomUUID()}`;
    const { worker, workerConnection } = await benchCaseWorker(context, client, pool, taskQueue);
    const running = worker.run();
    const cases = new CaseClient(client, taskQueue, { sealKeys });
    let load: DemoLoad | undefined;
    try {
      context.progress(`building ${ROUNDS} flights of ${MANIFEST} and ${ROUNDS} of 1 (cleared suspects, manifested, escorted)…`);
      const full: string[] = [];
      const single: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        full.push(await readyFlight(cases, MANIFEST));
        single.push(await readyFlight(cases, 1));
      }
      load = new DemoLoad(context, taskQueue);
      await load.ready;
      const escorts = escortCommands(context.quick);
      const loadStarted = performance.now();
      // The legs apart, since they are what tells every case on board.
      const showLegs = (size: number) => (latencies: number[]) => {
        const [depart, land] = latencies.slice(-2).map((ms) => `${(ms / 1000).toFixed(2)} s`);
        context.progress(`flight of ${size}: depart ${depart}, land ${land}`);
        return latencies;
      };
      const latencies = await alternate(
        ROUNDS,
        (round) => flightRound(cases, full[round]!, MANIFEST, escorts).then(showLegs(MANIFEST)),
        (round) => flightRound(cases, single[round]!, 1, escorts).then(showLegs(1)),
        async (round) => {
          // A flight being worked on is in the worker's cache: bring both back (an evicted flight of
          // 73 replays some 1,350 history events first, seconds on a busy machine), untimed.
          for (const flightId of [full[round]!, single[round]!]) await queryStateRetrying(client, flightId);
          context.progress(
            `round ${round + 1}: ${escorts} assignEscorts, depart and land on a flight of ${MANIFEST}, then of 1, ` +
              `while a second process runs ${DEMO_CONCURRENCY} SuspectCase lifecycles at a time…`,
          );
        },
      );
      const lifecycles = await load.stop();
      context.progress(
        `the load completed ${lifecycles} lifecycles (${(lifecycles / ((performance.now() - loadStarted) / 1000)).toFixed(2)}/s)`,
      );
      const n = escorts + 2;
      const load_ = `${DEMO_CONCURRENCY} SuspectCase lifecycles at a time in a second process`;
      return (['p50', 'p99'] as const).map((q) => ({
        name: `command on a flight of ${MANIFEST} (assignEscorts ×${escorts}, depart, land) ${q}, ${load_}`,
        unit: 'ms',
        n,
        figures: latencies.measured.map((round) => quantile(round, q === 'p50' ? 0.5 : 0.99)),
        baseline: {
          name: `the same commands on a flight of 1, ${q}, same load`,
          figures: latencies.baseline.map((round) => quantile(round, q === 'p50' ? 0.5 : 0.99)),
        },
        ...(q === 'p99' ? { target: { compare: '<=' as const, times: 0, plus: 2000 } } : {}),
      }));
    } finally {
      load?.kill();
      worker.shutdown();
      await running;
      await workerConnection.close();
    }
  });
}

export const flightBenchmark: Benchmark = { name: 'flight', run };

// ---- the demo-like load (the second process) ---------------------------------------------------

async function runLoad(options: { taskQueue: string }): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const settings = loadSettings();
  const connection = await Connection.connect(settings.temporal.connectOptions);
  const client = new Client({ connection, namespace: settings.temporalNamespace, dataConverter: encryptedDataConverter(payloadKeys) });
  const cases = new CaseClient(client, options.taskQueue, { sealKeys });
  let stopping = false;
  let done = 0;
  process.once('message', () => {
    stopping = true;
  });
  process.send!('ready');
  await Promise.all(
    Array.from({ length: DEMO_CONCURRENCY }, async () => {
      while (!stopping) {
        // A lifecycle the busy worker did not confirm in time is left; the load goes on.
        await suspectLifecycle(cases, client).then(
          () => done++,
          () => undefined,
        );
      }
    }),
  );
  process.send!(done);
  await connection.close();
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.env.BENCH_FLIGHT_LOAD) {
  await runLoad(JSON.parse(process.env.BENCH_FLIGHT_LOAD));
}
