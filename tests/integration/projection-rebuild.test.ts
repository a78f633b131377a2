// Rebuilding projections on the real services while the live runners keep going: the rebuilt
// tables equal the live ones row for row, events that arrive during the rebuild reach the
// swapped-in tables exactly once, and the CLI reports lag and progress.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../events/envelope.ts';
import { loadSettings } from '../../infra/settings.ts';
import { PROJECTIONS } from '../../projections/catalogue.ts';
import type { Projection } from '../../projections/projection.ts';
import { rebuildProjection } from '../../projections/rebuild.ts';
import { type ProjectionHandle, startProjection } from '../../projections/runner.ts';
import { projectionStatus } from '../../projections/status.ts';
import {
  asEnvelopes,
  asStreamEnvelopes,
  createReadModelSchema,
  dropReadModelSchema,
  isolatedProjectionEnv,
  newVictimCaseId,
  type ProjectionEnv,
  projectionSettings,
  publish,
  raidAndFlightEvents,
  victimEvents,
  waitUntil,
} from './projection-support.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 4 });
let env: ProjectionEnv;
const live: ProjectionHandle[] = [];

beforeEach(async () => {
  env = isolatedProjectionEnv();
  await createReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA);
});
afterEach(async () => {
  await Promise.all(live.splice(0).map((handle) => handle.stop()));
  await dropReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA);
});
afterAll(() => pool.end());

function campaign(victims: number, raids: number): EventEnvelope[] {
  const stories = Array.from({ length: victims }, (_, i) => asEnvelopes(victimEvents(newVictimCaseId(), 1 + ((i * 3) % 10))));
  const operations = Array.from({ length: raids }, () => asStreamEnvelopes(raidAndFlightEvents()));
  return [...stories, ...operations].flat();
}

/** Every row of every read model of the projections, ordered, keyed by table. */
async function readModels(projections: readonly Projection[]): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of projections.flatMap((p) => p.tables)) {
    const { rows } = await pool.query(`SELECT * FROM ${env.TASKFORCE_READ_MODEL_SCHEMA}.${table} AS t ORDER BY t::text`);
    snapshot[table] = rows;
  }
  return snapshot;
}

/** Per table of the projections: whether it is logged, and its index definitions (named, sorted). */
async function tableShapes(projections: readonly Projection[]): Promise<Record<string, { persistence: string; indexes: string[] }>> {
  const shapes: Record<string, { persistence: string; indexes: string[] }> = {};
  for (const table of projections.flatMap((p) => p.tables)) {
    const name = `${env.TASKFORCE_READ_MODEL_SCHEMA}.${table}`;
    const { rows } = await pool.query<{ persistence: string; indexes: string[] }>(
      `SELECT c.relpersistence AS persistence,
              coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid) ORDER BY pg_get_indexdef(i.indexrelid)) FROM pg_index i WHERE i.indrelid = c.oid), '{}') AS indexes
         FROM pg_class c WHERE c.oid = $1::regclass`,
      [name],
    );
    shapes[table] = rows[0]!;
  }
  return shapes;
}

async function startLive(): Promise<void> {
  for (const projection of PROJECTIONS) live.push(await startProjection(projection, projectionSettings(env)));
}

/** Every projection, not only `cases`, has applied everything published: each runs its own consumer. */
async function allApplied(events: number): Promise<void> {
  await waitUntil(`${events} events are applied live by every projection`, async () => {
    const { rows } = await pool.query<{ applied: string }>(
      `SELECT sum(stream_version) AS applied FROM ${env.TASKFORCE_READ_MODEL_SCHEMA}.projection_cases_stream_versions`,
    );
    if (Number(rows[0]!.applied) !== events) return false;
    const statuses = await projectionStatus(PROJECTIONS, projectionSettings(env));
    return statuses.every((status) => status.lag === 0n);
  });
}

async function statistic(metric: string): Promise<number> {
  const { rows } = await pool.query<{ value: string }>(
    `SELECT coalesce(sum(value), 0) AS value FROM ${env.TASKFORCE_READ_MODEL_SCHEMA}.campaign_statistics WHERE metric = $1`,
    [metric],
  );
  return Number(rows[0]!.value);
}

describe('rebuilding a projection', () => {
  it('swaps in tables equal to the live ones row for row, and the live runner carries on from them', async () => {
    const history = campaign(40, 3);
    await publish(env.TASKFORCE_TOPIC_PREFIX, history);
    await startLive();
    await allApplied(history.length);
    const before = await readModels(PROJECTIONS);
    const shapesBefore = await tableShapes(PROJECTIONS);
    expect(shapesBefore.case_list!.indexes.length).toBeGreaterThan(1);
    expect(before.operation_summaries).toHaveLength(3);
    expect(before.flight_manifest_entries).toHaveLength(6);
    expect(before.deadlines_at_risk).not.toHaveLength(0);

    for (const projection of PROJECTIONS) await rebuildProjection(projection, projectionSettings(env));
    expect(await readModels(PROJECTIONS)).toEqual(before);
    // Rebuilt unlogged with some indexes left for the end: swapped in logged, with every index again.
    expect(await tableShapes(PROJECTIONS)).toEqual(shapesBefore);

    // Events published while a rebuild runs land after the offsets it stops at: the live runner
    // applies them to the old tables, then, after the swap, again to the new ones (and only there).
    let arriving: Promise<void> | undefined;
    const late = campaign(10, 1);
    await rebuildProjection(PROJECTIONS[0]!, projectionSettings(env), () => {
      arriving ??= publish(env.TASKFORCE_TOPIC_PREFIX, late);
    });
    await arriving;
    await allApplied(history.length + late.length);
    expect(await statistic('reports')).toBe(40 + 10 + 4);
    expect(await statistic('operations')).toBe(4);
    const afterLate = await readModels(PROJECTIONS);

    await rebuildProjection(PROJECTIONS[0]!, projectionSettings(env));
    expect(await readModels(PROJECTIONS)).toEqual(afterLate);
  });

  it('shows the lag and rebuilds from the command line, with plain progress lines off a terminal', async () => {
    const history = campaign(20, 1);
    await publish(env.TASKFORCE_TOPIC_PREFIX, history);
    const root = path.resolve(import.meta.dirname, '../..');
    const taskforce = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'cli/main.ts'), ...args], {
        cwd: root,
        env: { ...process.env, ...env },
      });

    const behind = await taskforce('projections', 'status');
    expect(behind.stdout).toMatch(new RegExp(`^cases\\s+lag\\s+${history.length} events`, 'm'));

    const rebuilt = await taskforce('projections', 'rebuild', 'cases');
    expect(rebuilt.stdout).toMatch(
      new RegExp(`rebuild cases: ${history.length}/${history.length} events \\(100\\.0%\\), [\\d,]+ events/s`),
    );
    expect(rebuilt.stdout).toContain(`rebuilt cases: ${history.length} events`);
    expect(rebuilt.stdout).not.toContain('\r');

    const caughtUp = await taskforce('projections', 'status');
    expect(caughtUp.stdout).toMatch(/^cases\s+lag\s+0 events/m);
    expect(caughtUp.stdout).toMatch(new RegExp(`^person-dossiers\\s+lag\\s+${history.length - 10} events`, 'm'));
  });

  it('refuses a second rebuild of the same projection while one runs, and leaves the first one’s work alone', async () => {
    const history = campaign(10, 1);
    await publish(env.TASKFORCE_TOPIC_PREFIX, history);
    const settings = projectionSettings(env);
    const outcomes = await Promise.allSettled([rebuildProjection(PROJECTIONS[0]!, settings), rebuildProjection(PROJECTIONS[0]!, settings)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { message: expect.stringMatching(/already running/) } });
    expect(await statistic('reports')).toBe(10 + 1);
  });
});
