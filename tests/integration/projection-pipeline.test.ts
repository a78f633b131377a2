// The whole read path on the real services: events appended through the EventStore, published by
// the outbox relay, folded by the projector process. A SIGKILL in the middle of a batch loses the
// batch's transaction, read model and offsets together; the restarted projector applies it again,
// and every count equals the events exactly.
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore/event-store.ts';
import { type RelayHandle, relaySettingsFromEnv, startRelay } from '../../eventstore/relay.ts';
import { loadSettings } from '../../infra/settings.ts';
import { applicationName } from '../../projections/runner.ts';
import {
  createReadModelSchema,
  dropReadModelSchema,
  isolatedProjectionEnv,
  newVictimCaseId,
  ProjectorProcess,
  victimEvents,
  waitUntil,
} from './projection-support.ts';
import { isolatedRelayEnv } from './relay-support.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 6 });
const store = new EventStore(pool);
const projectors: ProjectorProcess[] = [];
let relay: RelayHandle | undefined;
let schema: string | undefined;

afterEach(async () => {
  await Promise.all(projectors.splice(0).map((p) => p.kill()));
  await relay?.stop();
  relay = undefined;
  if (schema) await dropReadModelSchema(pool, schema);
  schema = undefined;
});
afterAll(() => pool.end());

/**
 * The relay publishes every event of the shared database, other test runs' too: this run counts
 * its own cases, which it reports from a host country code of its own (ISO 3166 user-assigned).
 */
const HOST_COUNTRY = `X${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;

/** Appends each case's events one to three at a time, the cases concurrently; returns each case's event count. */
async function appendCases(count: number): Promise<Map<string, number>> {
  const appended = new Map<string, number>();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const caseId = newVictimCaseId();
      const events = victimEvents(caseId, 1 + ((i * 7) % 10), { hostCountry: HOST_COUNTRY });
      for (let version = 0; version < events.length; ) {
        const size = Math.min(1 + (i % 3), events.length - version);
        version = (await store.append(caseId, version, events.slice(version, version + size))).streamVersion;
      }
      appended.set(caseId, events.length);
    }),
  );
  return appended;
}

describe('the projector process', () => {
  it('counts every event exactly once after a SIGKILL in the middle of a batch', async () => {
    const relayEnv = isolatedRelayEnv();
    const env = { ...isolatedProjectionEnv(), TASKFORCE_TOPIC_PREFIX: relayEnv.TASKFORCE_TOPIC_PREFIX, TASKFORCE_PROJECTIONS: 'cases' };
    schema = env.TASKFORCE_READ_MODEL_SCHEMA;
    await createReadModelSchema(pool, schema);
    relay = startRelay({ ...relaySettingsFromEnv({ ...process.env, ...relayEnv }), log: () => undefined });
    await relay.active;

    const first = new ProjectorProcess(env);
    projectors.push(first);
    await first.waitForLine(/projector running cases/);
    const appended = await appendCases(20);
    const caseRows = async () => {
      const { rows } = await pool.query(
        `SELECT case_id, stream_version FROM ${schema}.case_list WHERE case_id = ANY($1) ORDER BY case_id`,
        [[...appended.keys()]],
      );
      return rows;
    };
    await waitUntil('the first cases are projected', async () => (await caseRows()).length === appended.size);

    // Hold the counters: the projector's next batch writes the case list, then waits here, in the
    // middle of its transaction. A table lock takes no transaction id, so the relay, which publishes
    // only below the oldest transaction in flight, is not held back by it.
    const blocker = await pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${schema}.campaign_statistics IN SHARE MODE`);
      for (const [caseId, events] of await appendCases(20)) appended.set(caseId, events);
      await waitUntil('the projector waits inside its batch', async () => {
        const { rows } = await pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [
          applicationName('cases', schema!),
        ]);
        return rows.length === 1;
      });
      await first.kill('SIGKILL');
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    // The killed batch never committed: its case list rows went with it.
    await waitUntil('the killed session is gone', async () => {
      const { rows } = await pool.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [applicationName('cases', schema!)]);
      return rows.length === 0;
    });
    expect((await caseRows()).length).toBe(20);

    // The killed member stays in its consumer group until its session times out; a fresh group starts
    // at once, and the positions it resumes from are the ones stored with the read model anyway.
    const second = new ProjectorProcess({
      ...env,
      TASKFORCE_PROJECTION_GROUP_PREFIX: `${env.TASKFORCE_PROJECTION_GROUP_PREFIX}.restarted`,
    });
    projectors.push(second);
    await waitUntil('every case is projected after the restart', async () => (await caseRows()).length === appended.size, 90_000);
    const total = [...appended.values()].reduce((a, b) => a + b, 0);
    await waitUntil(
      'every event is applied',
      async () => {
        const rows = await caseRows();
        return rows.reduce((sum, r) => sum + r.stream_version, 0) === total;
      },
      90_000,
    );

    const rows = await caseRows();
    expect(new Map(rows.map((r) => [r.case_id, r.stream_version]))).toEqual(appended);
    const { rows: counters } = await pool.query<{ metric: string; value: string }>(
      `SELECT metric, sum(value) AS value FROM ${schema}.campaign_statistics WHERE host_country = $1 GROUP BY metric`,
      [HOST_COUNTRY],
    );
    const counted = Object.fromEntries(counters.map((c) => [c.metric, Number(c.value)]));
    const reached = (steps: number) => [...appended.values()].filter((n) => n >= steps).length;
    expect(counted).toMatchObject({
      reports: appended.size,
      located: reached(2),
      rescued: reached(4),
      repatriated: reached(8),
      still_missing: appended.size - reached(2),
    });
    const { rows: versions } = await pool.query<{ events: string }>(
      `SELECT sum(stream_version) AS events FROM ${schema}.projection_cases_stream_versions WHERE stream_id = ANY($1)`,
      [[...appended.keys()]],
    );
    expect(Number(versions[0]!.events)).toBe(total);
  }, 240_000);

  it('finishes its batch and exits cleanly on SIGTERM', async () => {
    const env = { ...isolatedProjectionEnv(), TASKFORCE_PROJECTIONS: 'person-dossiers' };
    schema = env.TASKFORCE_READ_MODEL_SCHEMA;
    await createReadModelSchema(pool, schema);
    const projector = new ProjectorProcess(env);
    projectors.push(projector);
    await projector.waitForLine(/projector running person-dossiers/);
    await projector.kill('SIGTERM');
    expect(projector.exitCode).toBe(0);
    expect(projector.messages.at(-1)).toBe('projector stopped');
  });
});
