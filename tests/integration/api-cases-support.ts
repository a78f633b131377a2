// An API over a real worker for the case, history and codec tests: the case routes talk to the
// test stack's Temporal through the harness's client (encrypting data converter) and task queue.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { loadSettings } from '../../infra/settings.ts';
import { devServerHarness, type WorkflowHarness } from '../support/temporal.ts';

/** The origin the codec test's browser requests come from. */
export const TEMPORAL_UI_ORIGIN = 'http://127.0.0.1:8333';

export interface CaseApi {
  app: FastifyInstance;
  harness: WorkflowHarness;
  /** Authorization headers for a caller (default: an NPA operator with CONFIDENTIAL clearance). */
  bearer(caller?: Partial<Caller>): Promise<{ authorization: string }>;
  /** A bare token for a caller, as the CLI takes it (living five minutes unless `ttl` says otherwise). */
  token(caller?: Partial<Caller>, ttl?: string): Promise<string>;
  /** Listens on a free port of 127.0.0.1 (once) and gives the URL, for the CLI. */
  url(): Promise<string>;
  /** Another API with the same tokens and Temporal, on another database pool (e.g. one that cannot write the audit trail). */
  appOn(pool: pg.Pool): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function caseApi(): Promise<CaseApi> {
  const settings = loadSettings();
  const secret = new TextEncoder().encode(`api-cases-test-${randomUUID()}`);
  const harness = await devServerHarness();
  const health: HealthChecker = createHealthChecker({
    pool: harness.pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  const appOn = async (pool: pg.Pool) => {
    const built = buildApi({
      pool,
      health,
      tokens: createTokenVerifier(secret),
      temporal: { client: harness.client, taskQueue: harness.taskQueue, uiOrigins: [TEMPORAL_UI_ORIGIN] },
    });
    await built.ready();
    return built;
  };
  const app = await appOn(harness.pool);
  const token = (caller: Partial<Caller> = {}, ttl = '5m') =>
    signToken(secret, { userId: 'kim', agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL', ...caller }, ttl);
  let listening: Promise<string> | undefined;
  return {
    app,
    harness,
    token,
    async bearer(caller = {}) {
      return { authorization: `Bearer ${await token(caller)}` };
    },
    url() {
      listening ??= app.listen({ host: '127.0.0.1', port: 0 });
      return listening;
    },
    appOn,
    async close() {
      await app.close();
      await health.close();
      await harness.close();
    },
  };
}

/**
 * The API of one describe block (or file): built before its tests, and after them the cases in
 * `opened` ended and the API closed. Its members can be used inside tests and hooks.
 */
export function caseApiForSuite(opened: readonly string[]): CaseApi {
  let built: CaseApi | undefined;
  beforeAll(async () => {
    built = await caseApi();
  });
  afterAll(async () => {
    if (!built) return;
    await terminateCases(built.harness, opened);
    await built.close();
  });
  const ready = () => {
    if (!built) throw new Error('the suite API is built in beforeAll: use it inside a test or a hook');
    return built;
  };
  return {
    get app() {
      return ready().app;
    },
    get harness() {
      return ready().harness;
    },
    bearer: (caller) => ready().bearer(caller),
    token: (caller, ttl) => ready().token(caller, ttl),
    url: () => ready().url(),
    appOn: (pool) => ready().appOn(pool),
    close: () => ready().close(),
  };
}

/** Ends the test's cases so the shared dev server does not keep their timers running. */
export async function terminateCases(harness: WorkflowHarness, caseIds: readonly string[]): Promise<void> {
  await Promise.all(
    caseIds.map((id) =>
      harness.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined),
    ),
  );
}

export interface CliRun {
  /** The API's URL, as TASKFORCE_API_URL; without it the CLI finds the API from the rest of the environment. */
  apiUrl?: string;
  token?: string;
  /** More environment variables; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** What the CLI reads on standard input (nothing by default). */
  stdin?: string;
}

/** Runs `taskforce <args>` as a user would, against the API listening at `apiUrl`. */
export function runCli(args: readonly string[], run: CliRun = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const main = path.join(import.meta.dirname, '..', '..', 'cli', 'main.ts');
  const env: NodeJS.ProcessEnv = { ...process.env, TASKFORCE_API_URL: run.apiUrl, TASKFORCE_TOKEN: run.token, ...run.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', main, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
    child.stdin?.end(run.stdin ?? '');
  });
}
