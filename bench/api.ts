// Read latency of the agency query API under load: p50 and p99 of the read-model routes (a case
// list page, one case, one dossier) against GET /me, a trivial authenticated route through the same
// middleware (token check, policy, abuse limits, request audit), in rounds that alternate the two, on
// the same server. The API runs in this process over a read-model schema of its own seeded with
// CASES cases; the load comes from a second process (this file run as a script), CONNECTIONS
// requests in flight over keep-alive connections for a few seconds per round, so the client's work
// does not slow the server's.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTokenVerifier, signToken } from '../api/auth/tokens.ts';
import { createHealthChecker } from '../api/health.ts';
import { buildApi } from '../api/server.ts';
import { CASE_LIST_COLUMNS } from '../projections/case-list.ts';
import { copyTables, dropSchema } from '../projections/read-model-schema.ts';
import { alternate, type BenchContext, type Benchmark, type Measurement, quantile, ROUNDS } from './benchmark.ts';

const CASES = 20_000;
const CONNECTIONS = 8;
/** Seconds of load per route and round (BENCH_LOAD_SECONDS tells the load generator). */
const seconds = (quick: boolean) => (quick ? 1 : 2);
const WARM_UP_SECONDS = 0.5;

const TABLES = ['case_list', 'case_detail', 'person_dossiers', 'deadlines_at_risk'];

interface LoadResult {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

/** CASES cases of every kind over a year, a third SECRET, a third with a running clock; a dossier for each victim and suspect. */
async function seed(db: pg.Pool): Promise<void> {
  await db.query(
    `INSERT INTO case_list (${Object.keys(CASE_LIST_COLUMNS).join(', ')})
     SELECT kind || '-bench-' || i, kind, 'LOCATED', i % 7 <> 0, 'NPA', 'KH',
            (ARRAY['RESTRICTED', 'CONFIDENTIAL', 'SECRET'])[1 + i % 3], 'operation-bench-' || (i % 40), NULL,
            t, t, t + interval '3 days', CASE WHEN i % 3 = 0 THEN 'rescue' END, CASE WHEN i % 3 = 0 THEN t + interval '20 days' END, 5
       FROM generate_series(1, $1::int) AS i,
            LATERAL (SELECT (ARRAY['victim', 'suspect', 'operation', 'flight'])[1 + i % 4] AS kind,
                            timestamptz '2025-01-01' + (i * interval '1 minute') * 26 AS t) AS x`,
    [CASES],
  );
  await db.query(
    `INSERT INTO case_detail (case_id, kind, classification, stream_version, detail)
     SELECT case_id, kind, classification, stream_version,
            jsonb_build_object('caseId', case_id, 'kind', kind, 'firsts', jsonb_build_object('Opened', opened_at),
                               'state', jsonb_build_object('caseId', case_id, 'status', status, 'welfareChecks', 2))
       FROM case_list`,
  );
  await db.query(
    `INSERT INTO person_dossiers (case_id, kind, classification, fields, updated_at)
     SELECT case_id, kind, 'RESTRICTED', jsonb_build_object(
              'personName', jsonb_build_object('value', 'Person ' || case_id, 'category', 'name', 'classification', 'RESTRICTED',
                                               'eventType', 'Reported', 'streamId', case_id, 'streamVersion', 1, 'at', '2025-01-01T00:00:00.000Z'),
              'lastKnownLocation', jsonb_build_object('value', 'Compound ' || case_id, 'category', 'location', 'classification', 'RESTRICTED',
                                               'eventType', 'Reported', 'streamId', case_id, 'streamVersion', 1, 'at', '2025-01-01T00:00:00.000Z')),
            opened_at
       FROM case_list WHERE kind IN ('victim', 'suspect')`,
  );
  await db.query('ANALYZE case_list; ANALYZE case_detail; ANALYZE person_dossiers');
}

/** Runs the load generator in a child process against one URL. */
function load(url: string, token: string, loadSeconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), url], {
      env: { ...process.env, BENCH_TOKEN: token, BENCH_LOAD_SECONDS: String(loadSeconds) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with ${code}`));
      else resolve(JSON.parse(output) as LoadResult);
    });
  });
}

async function run({ settings, quick, progress }: BenchContext): Promise<Measurement[]> {
  const schema = `bench_api_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Pool({ connectionString: settings.databaseUrl, max: 1 });
  const client = await admin.connect();
  await copyTables(client, 'public', schema, TABLES);
  client.release();
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 10, options: `-c search_path=${schema},public` });
  const health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  const secret = new TextEncoder().encode(`bench-api-${randomUUID()}`);
  // The bench measures the API's own cost: its rate limits are set above what the bench sends.
  const unlimited = { perAddress: Number.MAX_SAFE_INTEGER, perCaller: Number.MAX_SAFE_INTEGER, streamsPerCaller: 1 };
  const app = buildApi({ pool, health, tokens: createTokenVerifier(secret) }, { limits: unlimited });
  try {
    progress(`seeding ${CASES.toLocaleString('en-US')} cases into ${schema}`);
    await seed(pool);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const token = await signToken(secret, { userId: 'bench', agency: 'MOFA', role: 'supervisor', clearance: 'CONFIDENTIAL' }, '10m');
    const routes = [
      { name: 'GET /read/cases (page of 50)', url: `${base}/read/cases?limit=50` },
      {
        name: 'GET /read/cases (filtered, by deadline)',
        url: `${base}/read/cases?kind=victim&open=true&sort=next_deadline_at&order=asc&limit=50`,
      },
      { name: 'GET /read/cases/{caseId}', url: `${base}/read/cases/victim-bench-4008` },
      { name: 'GET /read/dossiers/{caseId}', url: `${base}/read/dossiers/victim-bench-4008` },
    ];
    const loadSeconds = seconds(quick);
    const checked = async (name: string, url: string): Promise<LoadResult> => {
      const result = await load(url, token, loadSeconds);
      if (result.errors > 0) {
        const sample = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        throw new Error(`${name}: ${result.errors} of ${result.requests} requests failed, e.g. ${sample.status} ${await sample.text()}`);
      }
      return result;
    };
    const measurements: Measurement[] = [];
    for (const route of routes) {
      const results = await alternate(
        ROUNDS,
        () => checked(route.name, route.url),
        () => checked('GET /me', `${base}/me`),
        async (round) => progress(`${route.name} and GET /me, round ${round + 1}: ${CONNECTIONS} connections, ${loadSeconds} s each…`),
      );
      for (const q of ['p50', 'p99'] as const) {
        measurements.push({
          name: `API ${route.name} ${q}`,
          unit: 'ms',
          n: Math.min(...results.measured.map((r) => r.requests)),
          figures: results.measured.map((r) => r[`${q}Ms`]),
          baseline: { name: `GET /me ${q}, same middleware`, figures: results.baseline.map((r) => r[`${q}Ms`]) },
        });
      }
    }
    return measurements;
  } finally {
    await app.close();
    await health.close();
    await pool.end();
    const cleanup = await admin.connect();
    await dropSchema(cleanup, schema);
    cleanup.release();
    await admin.end();
  }
}

export const apiBenchmark: Benchmark = { name: 'api', run };

// ---- the load generator (the second process) ---------------------------------------------------

async function generateLoad(url: string, token: string): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(url);
  const get = () =>
    new Promise<boolean>((resolve) => {
      const request = http.get(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          agent,
          headers: { authorization: `Bearer ${token}` },
        },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode === 200));
        },
      );
      request.once('error', () => resolve(false));
    });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const warmUntil = started + WARM_UP_SECONDS * 1000;
  const stopAt = warmUntil + Number(process.env.BENCH_LOAD_SECONDS ?? 2) * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < stopAt) {
        const sent = performance.now();
        const ok = await get();
        if (sent < warmUntil) continue;
        latencies.push(performance.now() - sent);
        if (!ok) errors++;
      }
    }),
  );
  agent.destroy();
  return { requests: latencies.length, errors, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await generateLoad(process.argv[2]!, process.env.BENCH_TOKEN ?? '');
  process.stdout.write(JSON.stringify(result));
}
