// The five application processes as `npm start` runs them (app/*.ts, each a child process), on the
// shared test stack under names of their own (task queue, topic prefix, relay, consumer groups,
// read-model schema), each with its metrics endpoint on a free port. For the tests that watch the
// processes from outside: their metrics and their logs.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Caller } from '../../access/caller.ts';
import { signToken } from '../../api/auth/tokens.ts';
import { METRICS_ENDPOINTS, type MetricsEndpoint, metricsPortVariable } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
import { dropSchema } from '../../projections/read-model-schema.ts';
import { freePort } from '../support/free-port.ts';
import { createReadModelSchema, isolatedProjectionEnv } from './projection-support.ts';
import { ScriptProcess } from './script-process.ts';

export const APP_PROCESSES = ['worker', 'relay', 'projector', 'router', 'api'] as const;
export type AppProcessName = (typeof APP_PROCESSES)[number];

export interface RunningProcesses {
  processes: Record<AppProcessName, ScriptProcess>;
  /** The API's base URL. */
  api: string;
  /** Each metrics endpoint's URL, the API's /metrics among them. */
  metricsUrls: Record<'api' | MetricsEndpoint, string>;
  topicPrefix: string;
  bearer(caller?: Partial<Caller>): Promise<{ authorization: string }>;
  /** SIGTERM to each, then the read-model schema dropped; once, however often it is called. */
  stop(): Promise<void>;
}

export async function startAllProcesses(extraEnv: Record<string, string> = {}): Promise<RunningProcesses> {
  const projection = isolatedProjectionEnv();
  const id = projection.TASKFORCE_TOPIC_PREFIX;
  const secret = `all-processes-${randomUUID()}`;
  const apiPort = await freePort();
  const ports = Object.fromEntries(await Promise.all(METRICS_ENDPOINTS.map(async (e) => [e, await freePort()] as const))) as Record<
    MetricsEndpoint,
    number
  >;
  const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 1 });
  await createReadModelSchema(pool, projection.TASKFORCE_READ_MODEL_SCHEMA);
  const env: Record<string, string> = {
    ...projection,
    TASKFORCE_TASK_QUEUE: id,
    TASKFORCE_RELAY_NAME: id,
    TASKFORCE_RELAY_START: 'end',
    TASKFORCE_ROUTER_GROUP: `${id}.agency-router`,
    TASKFORCE_API_PORT: String(apiPort),
    TASKFORCE_TOKEN_SECRET: secret,
    ...Object.fromEntries(METRICS_ENDPOINTS.map((e) => [metricsPortVariable(e), String(ports[e])])),
    ...extraEnv,
  };
  const processes = Object.fromEntries(APP_PROCESSES.map((name) => [name, new ScriptProcess(name, `app/${name}.ts`, env)])) as Record<
    AppProcessName,
    ScriptProcess
  >;
  const api = `http://127.0.0.1:${apiPort}`;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(Object.values(processes).map((p) => p.kill('SIGTERM')));
      try {
        const client = await pool.connect();
        await dropSchema(client, projection.TASKFORCE_READ_MODEL_SCHEMA).finally(() => client.release());
      } finally {
        await pool.end();
      }
    })());
  try {
    await Promise.all([
      processes.worker.waitForLine(/worker polling task queue/, 150_000),
      processes.relay.waitForLine(/active, publishing/, 150_000),
      processes.projector.waitForLine(/projector running/, 150_000),
      processes.router.waitForLine(/agency router \(group/, 150_000),
      processes.api.waitForLine(/Taskforce API listening/, 150_000),
    ]);
  } catch (error) {
    await stop().catch(() => undefined); // the reason the processes did not start matters more
    throw error;
  }
  return {
    processes,
    api,
    metricsUrls: {
      api: `${api}/metrics`,
      ...(Object.fromEntries(METRICS_ENDPOINTS.map((e) => [e, `http://127.0.0.1:${ports[e]}/metrics`])) as Record<MetricsEndpoint, string>),
    },
    topicPrefix: id,
    bearer: async (caller = {}) => ({
      authorization: `Bearer ${await signToken(
        new TextEncoder().encode(secret),
        { userId: 'consul-2', agency: 'MOFA', role: 'operator', clearance: 'CONFIDENTIAL', ...caller },
        '5m',
      )}`,
    }),
    stop,
  };
}
