// `npm run fuzz`: property-based fuzzing of the whole HTTP API from its own OpenAPI document.
// Brings up the test stack, starts a worker and the API on a free port (own task queue, own token
// secret, read models in a schema of the run's own seeded with a row for each id the OpenAPI
// document gives as an example, so the examples reach real rows and their answers), mints a token for an NPA supervisor with SECRET clearance (the caller the policy lets
// reach the most routes), and runs schemathesis (from PyPI, in a venv in the cache folder, like
// the Temporal CLI) with two checks: no response is a server error, and every response matches the
// schema the document gives for its status. Bounded per operation so a run takes a few minutes;
// prints schemathesis's summary, and the API's log of every unexpected error; exits non-zero on any
// failure. Finally ends the workflows the fuzzed commands opened, so none keep timers on the stack.
//
// FUZZ_MAX_EXAMPLES (default 25) and FUZZ_SEED (default fixed, for a reproducible run) tune it;
// arguments after `npm run fuzz --` are passed to schemathesis (e.g. --include-path-regex '^/read/').
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { signToken } from '../api/auth/tokens.ts';
import { EXAMPLE_IDS } from '../api/read-models/fields.ts';
import { migrate } from '../eventstore/migrate.ts';
import { appEnv, loadStackConfig, ownerDatabaseUrl, type StackConfig } from '../infra/config.ts';
import { loadTemporalConnection, type TemporalConnection } from '../infra/temporal-connection.ts';
import { CASE_LIST_COLUMNS } from '../projections/case-list.ts';
import { PROJECTIONS } from '../projections/catalogue.ts';
import { ownedTables } from '../projections/projection.ts';
import { copyTables, dropSchema } from '../projections/read-model-schema.ts';
import { commandExists, run } from '../stack/run.ts';
import { stackUp } from '../stack/stack.ts';

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

const { victim, suspect, operation, flight } = EXAMPLE_IDS;
const fact = (value: string, category: string, classification: string, streamId: string) =>
  JSON.stringify({ value, category, classification, eventType: 'Example', streamId, streamVersion: 1, at: '2025-10-01T00:00:00.000Z' });

/** One row per example id in every read model: each kind of case, a dossier with every category, a seat, a clock, a counter. */
const SEED = `
INSERT INTO case_list (${Object.keys(CASE_LIST_COLUMNS).join(', ')}) VALUES
  ('${victim}', 'victim', 'LOCATED', true, 'MOFA', 'KH', 'RESTRICTED', '${operation}', NULL,
   '2024-03-01T00:00:00Z', '2024-03-05T00:00:00Z', '2024-03-05T00:00:00Z', 'rescue', now() + interval '12 hours', 2),
  ('${suspect}', 'suspect', 'MANIFESTED', true, 'NPA', 'KH', 'CONFIDENTIAL', '${operation}', '${flight}',
   '2025-10-02T00:00:00Z', '2026-01-20T00:00:00Z', '2026-01-20T00:00:00Z', NULL, NULL, 9),
  ('${operation}', 'operation', 'CONCLUDED', false, 'NPA', 'KH', 'RESTRICTED', '${operation}', NULL,
   '2025-10-01T00:00:00Z', '2025-10-03T00:00:00Z', '2025-10-03T00:00:00Z', NULL, NULL, 7),
  ('${flight}', 'flight', 'MANIFEST_LOCKED', true, 'MOJ', 'KH', 'RESTRICTED', NULL, '${flight}',
   '2026-01-10T00:00:00Z', '2026-01-21T00:00:00Z', '2026-01-21T00:00:00Z', NULL, NULL, 5);
INSERT INTO case_detail (case_id, kind, classification, stream_version, detail)
SELECT case_id, kind, classification, stream_version,
       jsonb_build_object('caseId', case_id, 'kind', kind, 'firsts', jsonb_build_object('Opened', opened_at),
                          'state', jsonb_build_object('caseId', case_id, 'status', status, 'pendingHandOvers', '[]'::jsonb))
  FROM case_list;
INSERT INTO person_dossiers (case_id, kind, classification, fields, updated_at) VALUES
  ('${victim}', 'victim', 'CONFIDENTIAL', jsonb_build_object(
     'personName', '${fact('Lee Ji-woo', 'name', 'RESTRICTED', victim)}'::jsonb,
     'birthDate', '${fact('1999-04-01', 'birthDate', 'RESTRICTED', victim)}'::jsonb,
     'lastKnownLocation', '${fact('Compound B, Sihanoukville', 'location', 'RESTRICTED', victim)}'::jsonb,
     'contactPhone', '${fact('+82-10-0000-0000', 'phone', 'CONFIDENTIAL', victim)}'::jsonb,
     'family.contact', '${fact('sister, Busan', 'contact', 'RESTRICTED', victim)}'::jsonb,
     'statement', '${fact('held since March', 'statement', 'CONFIDENTIAL', victim)}'::jsonb,
     'photoRef', '${fact('photo-1', 'photo', 'RESTRICTED', victim)}'::jsonb), '2024-03-05T00:00:00Z'),
  ('${suspect}', 'suspect', 'SECRET', jsonb_build_object(
     'personName', '${fact('Park Min-su', 'name', 'RESTRICTED', suspect)}'::jsonb,
     'passportNumber', '${fact('M12345678', 'passport', 'CONFIDENTIAL', suspect)}'::jsonb,
     'compoundLocation', '${fact('Compound K, Poipet', 'location', 'SECRET', operation)}'::jsonb), '2026-01-20T00:00:00Z');
INSERT INTO operation_summaries VALUES
  ('${operation}', 'Sihanoukville sweep', 'CONCLUDED', 'NPA', 'KH', '["HOST_POLICE"]', '["Preah Sihanouk"]', 'RESTRICTED',
   '2025-10-01T00:00:00Z', '2025-10-02T00:00:00Z', '2025-10-03T00:00:00Z', 3, 57, 4, 2, 59, 7);
INSERT INTO flight_manifests VALUES
  ('${flight}', 'KE9690', 'PNH', 'ICN', 'MANIFEST_LOCKED', 'MOJ', 'KH', 'RESTRICTED', 200, 2, 150, 1,
   '2026-01-10T00:00:00Z', NULL, NULL, NULL, 5);
INSERT INTO flight_manifest_entries VALUES ('${flight}', '${suspect}', '12A', 'manifested', NULL);
INSERT INTO deadlines_at_risk VALUES ('${victim}', 'rescue', 'victim', now() + interval '12 hours', false, 'MOFA', 'RESTRICTED');
INSERT INTO campaign_statistics (metric, host_country, bucket, value) VALUES
  ('reports', 'KH', '2024', 220), ('returned', 'KH', '${flight}', 73), ('rescued', 'KH', '', 4);`;

/** A schema of the run's own holding empty copies of the read models, seeded; the API's search_path puts it first. */
async function seedReadModels(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await copyTables(
      client,
      'public',
      schema,
      PROJECTIONS.flatMap((projection) => ownedTables(projection)),
    );
    await client.query(`SET search_path = ${schema}`);
    await client.query(SEED);
  } finally {
    await client.end();
  }
}

async function dropReadModels(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await dropSchema(client, schema);
  } finally {
    await client.end();
  }
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
async function endFuzzedCases(temporal: TemporalConnection, taskQueue: string): Promise<number> {
  const connection = await Connection.connect(temporal.connectOptions);
  try {
    const client = new Client({ connection, namespace: temporal.namespace });
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

/** Each "unexpected error" the API logged, as "<method> <path>: <message>" (the log keeps paths, never query strings). */
function unexpectedErrors(logFile: string): string[] {
  const entries = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { reqId?: string; msg?: string; req?: { method: string; url: string }; error?: { message: string } }];
      } catch {
        return [];
      }
    });
  const requests = new Map(entries.flatMap((entry) => (entry.req && entry.reqId ? [[entry.reqId, entry.req] as const] : [])));
  return entries
    .filter((entry) => entry.msg === 'unexpected error')
    .map((entry) => {
      const request = entry.reqId ? requests.get(entry.reqId) : undefined;
      return `${request ? `${request.method} ${request.url}` : 'unknown request'}: ${entry.error?.message.split('\n')[0] ?? ''}`;
    });
}

async function main(): Promise<number> {
  const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');
  const schemathesis = schemathesisPath(config);
  await stackUp(config);
  const stack = appEnv(config);
  await migrate(ownerDatabaseUrl(config));

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const runId = randomUUID();
  const taskQueue = `fuzz-${runId}`;
  const readModels = `fuzz_rm_${runId.slice(0, 8)}`;
  await seedReadModels(stack.DATABASE_URL, readModels);
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
    // info: each request's method and path, so an unexpected error can be traced to its route.
    TASKFORCE_LOG_LEVEL: 'info',
    // The fuzzer sends thousands of requests a minute from one address and one token.
    TASKFORCE_RATE_LIMIT_PER_ADDRESS: '1000000',
    TASKFORCE_RATE_LIMIT_PER_CALLER: '1000000',
  };
  const worker = startApp(config, 'worker', env, path.join(logDir, 'fuzz-worker.log'));
  // node-postgres reads PGOPTIONS: the API's read models come from the run's schema, everything else from public.
  const api = startApp(config, 'api', { ...env, PGOPTIONS: `-c search_path=${readModels},public` }, apiLog);
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
      // Anything after `npm run fuzz --` goes to schemathesis, e.g. --include-path-regex '^/read/'.
      ...process.argv.slice(2),
    ];
    console.log(`fuzzing ${baseUrl} as an NPA supervisor (SECRET); API log: ${path.relative(process.cwd(), apiLog)}`);
    const child = spawn(schemathesis, args, { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } });
    const code = await new Promise<number>((resolve) => child.once('exit', (status) => resolve(status ?? 1)));
    const unexpected = unexpectedErrors(apiLog);
    if (unexpected.length > 0) {
      console.log(`\nthe API logged ${unexpected.length} unexpected error(s):`);
      for (const line of unexpected.slice(0, 20)) console.log(`  ${line}`);
    }
    return code;
  } finally {
    await stop(api);
    await stop(worker);
    await dropReadModels(stack.DATABASE_URL, readModels);
    const ended = await endFuzzedCases(
      loadTemporalConnection({ ...stack }, { address: stack.TEMPORAL_ADDRESS, namespace: stack.TEMPORAL_NAMESPACE }),
      taskQueue,
    ).catch(() => 0);
    if (ended > 0) console.log(`ended ${ended} case workflow(s) the fuzzed commands opened`);
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
