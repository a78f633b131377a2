// `npm run fuzz`: property-based fuzzing of the whole HTTP API from its own OpenAPI document.
// Brings up the test stack, starts a worker and the API on a free port (own task queue, own token
// secret), mints a token for an NPA supervisor with SECRET clearance (the caller the policy lets
// reach the most routes), and runs schemathesis (from PyPI, in a venv in the cache folder, like
// the Temporal CLI) with two checks: no response is a server error, and every response matches the
// schema the document gives for its status. Bounded per operation so a run takes a few minutes;
// prints schemathesis's summary, and the API's log of every unexpected error; exits non-zero on any
// failure. Finally ends the workflows the fuzzed commands opened, so none keep timers on the stack.
//
// FUZZ_MAX_EXAMPLES (default 25) and FUZZ_SEED (default fixed, for a reproducible run) tune it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { signToken } from '../api/auth/tokens.ts';
import { migrate } from '../eventstore/migrate.ts';
import { appEnv, loadStackConfig, type StackConfig } from '../infra/config.ts';
import { commandExists, run } from '../infra/run.ts';
import { stackUp } from '../infra/stack.ts';

const SCHEMATHESIS_PACKAGE = 'schemathesis==4.32.5';
/** Server-Sent Events never end, so a request to them can only time out: fuzzed by their own tests instead. */
const NOT_FUZZED = ['streamEvents'];

function schemathesisPath(config: StackConfig): string {
  const venv = path.join(config.cacheDir, 'schemathesis-venv');
  const bin = path.join(venv, 'bin', 'schemathesis');
  const marker = path.join(venv, `.installed-${SCHEMATHESIS_PACKAGE}`);
  if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
  if (!commandExists('python3')) throw new Error('schemathesis is installed from PyPI and needs python3 with venv');
  console.log(`installing ${SCHEMATHESIS_PACKAGE} into ${venv} (once)…`);
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) run('python3', ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', SCHEMATHESIS_PACKAGE], { timeoutMs: 900_000 });
  fs.writeFileSync(marker, '');
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startApp(config: StackConfig, name: 'api' | 'worker', env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(path.join(config.rootDir, 'node_modules', '.bin', 'tsx'), [path.join(config.rootDir, 'app', `${name}.ts`)], {
    cwd: config.rootDir,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  return child;
}

async function waitForApi(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} before it answered`);
    try {
      if ((await fetch(`${baseUrl}/openapi.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not answer at ${baseUrl} within ${timeoutMs / 1000} s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Terminates every workflow the run opened on its own task queue. */
async function endFuzzedCases(address: string, namespace: string, taskQueue: string): Promise<number> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    let ended = 0;
    for await (const workflow of client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'` })) {
      await client.workflow
        .getHandle(workflow.workflowId, workflow.runId)
        .terminate('fuzz run over')
        .catch(() => undefined);
      ended++;
    }
    return ended;
  } finally {
    await connection.close();
  }
}

async function main(): Promise<number> {
  const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');
  const schemathesis = schemathesisPath(config);
  await stackUp(config);
  const stack = appEnv(config);
  await migrate(stack.DATABASE_URL);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const taskQueue = `fuzz-${randomUUID()}`;
  const secret = randomBytes(32).toString('base64url');
  const logDir = path.join(config.dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const apiLog = path.join(logDir, 'fuzz-api.log');
  const env = {
    ...process.env,
    ...stack,
    TASKFORCE_PROFILE: 'test',
    TASKFORCE_API_PORT: String(port),
    TASKFORCE_TASK_QUEUE: taskQueue,
    TASKFORCE_TOKEN_SECRET: secret,
    TASKFORCE_LOG_LEVEL: 'warn',
  };
  const worker = startApp(config, 'worker', env, path.join(logDir, 'fuzz-worker.log'));
  const api = startApp(config, 'api', env, apiLog);
  try {
    await waitForApi(baseUrl, api);
    const token = await signToken(
      new TextEncoder().encode(secret),
      { userId: 'fuzz', agency: 'NPA', role: 'supervisor', clearance: 'SECRET' },
      '2h',
    );
    const args = [
      'run',
      `${baseUrl}/openapi.json`,
      '--url',
      baseUrl,
      '--checks',
      'not_a_server_error,response_schema_conformance',
      '--max-examples',
      process.env.FUZZ_MAX_EXAMPLES ?? '25',
      '--seed',
      process.env.FUZZ_SEED ?? '20260123',
      '--phases',
      'examples,coverage,fuzzing',
      // One worker: Python 3.11's ast.parse is not thread-safe, and hypothesis parses lambdas in each worker thread.
      '--workers',
      '1',
      '--request-timeout',
      '20',
      '--no-shrink',
      '--header',
      `Authorization: Bearer ${token}`,
      ...NOT_FUZZED.flatMap((operationId) => ['--exclude-operation-id', operationId]),
    ];
    console.log(`fuzzing ${baseUrl} as an NPA supervisor (SECRET); API log: ${path.relative(process.cwd(), apiLog)}`);
    const child = spawn(schemathesis, args, { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } });
    const code = await new Promise<number>((resolve) => child.once('exit', (status) => resolve(status ?? 1)));
    const unexpected = fs
      .readFileSync(apiLog, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"unexpected error"'));
    if (unexpected.length > 0) {
      console.log(`\nthe API logged ${unexpected.length} unexpected error(s):`);
      for (const line of unexpected.slice(0, 20)) console.log(`  ${line}`);
    }
    return code;
  } finally {
    await stop(api);
    await stop(worker);
    const ended = await endFuzzedCases(stack.TEMPORAL_ADDRESS, stack.TEMPORAL_NAMESPACE, taskQueue).catch(() => 0);
    if (ended > 0) console.log(`ended ${ended} case workflow(s) the fuzzed commands opened`);
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
