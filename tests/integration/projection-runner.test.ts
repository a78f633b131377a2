// The projection runner against the real Kafka and PostgreSQL, fed envelopes the way the relay
// publishes them (including its at-least-once duplicates), into a read-model schema of the test's own.
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../events/envelope.ts';
import { loadSettings } from '../../infra/settings.ts';
import { casesProjection } from '../../projections/cases.ts';
import { personDossiersProjection } from '../../projections/person-dossier.ts';
import { type ProjectionHandle, startProjection } from '../../projections/runner.ts';
import {
  asEnvelopes,
  createReadModelSchema,
  dropReadModelSchema,
  isolatedProjectionEnv,
  newVictimCaseId,
  type ProjectionEnv,
  projectionSettings,
  publish,
  tableRows,
  VICTIM_STORY_LENGTH,
  victimEvents,
  waitUntil,
} from './projection-support.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 4 });
let env: ProjectionEnv;
const running: ProjectionHandle[] = [];

beforeEach(async () => {
  env = isolatedProjectionEnv();
  await createReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((handle) => handle.stop()));
  await dropReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA);
});
afterAll(() => pool.end());

async function start(projection = casesProjection, groupId?: string): Promise<ProjectionHandle> {
  const handle = await startProjection(projection, projectionSettings(env), groupId ? { groupId } : {});
  running.push(handle);
  return handle;
}

/** Cases of random lengths: case i has 1 + (i * 7 mod 10) events. */
function cases(count: number): { caseId: string; steps: number; envelopes: EventEnvelope[] }[] {
  return Array.from({ length: count }, (_, i) => {
    const caseId = newVictimCaseId();
    const steps = 1 + ((i * 7) % VICTIM_STORY_LENGTH);
    return { caseId, steps, envelopes: asEnvelopes(victimEvents(caseId, steps, { hostCountry: 'KH' })) };
  });
}

async function statistic(metric: string, bucket = ''): Promise<number> {
  const { rows } = await pool.query<{ value: string }>(
    `SELECT value FROM ${env.TASKFORCE_READ_MODEL_SCHEMA}.campaign_statistics WHERE metric = $1 AND host_country = 'KH' AND bucket = $2`,
    [metric, bucket],
  );
  return Number(rows[0]?.value ?? 0);
}

async function appliedVersions(): Promise<Map<string, number>> {
  const rows = await tableRows(pool, env.TASKFORCE_READ_MODEL_SCHEMA, 'case_list', 'case_id');
  return new Map(rows.map((r) => [r.case_id as string, r.stream_version as number]));
}

describe('the projection runner', () => {
  it('applies every event once although the relay delivered a batch twice', async () => {
    const stories = cases(30);
    const all = stories.flatMap((s) => s.envelopes);
    // The relay's crash between Kafka's acknowledgement and its checkpoint: the same batch again, in order.
    await publish(env.TASKFORCE_TOPIC_PREFIX, all);
    await publish(env.TASKFORCE_TOPIC_PREFIX, all.slice(0, 70));
    const handle = await start();
    await waitUntil('every event and duplicate was consumed', async () => {
      const counts = handle.counts();
      return counts.applied + counts.duplicates === all.length + 70;
    });

    expect(handle.counts()).toMatchObject({ applied: all.length, duplicates: 70, gaps: 0, malformed: 0 });
    expect(await appliedVersions()).toEqual(new Map(stories.map((s) => [s.caseId, s.steps])));
    expect(await statistic('reports', '2024')).toBe(30);
    expect(await statistic('located')).toBe(stories.filter((s) => s.steps >= 2).length);
    expect(await statistic('rescued')).toBe(stories.filter((s) => s.steps >= 4).length);
    expect(await statistic('repatriated')).toBe(stories.filter((s) => s.steps >= 8).length);
    expect(await statistic('still_missing')).toBe(stories.filter((s) => s.steps === 1).length);
  });

  it('applies nothing of a stream after a gap, and the other streams of the batch as usual', async () => {
    const broken = asEnvelopes(victimEvents(newVictimCaseId(), 4));
    const whole = asEnvelopes(victimEvents(newVictimCaseId(), 5));
    // Version 2 of the broken stream never arrives.
    await publish(env.TASKFORCE_TOPIC_PREFIX, [broken[0]!, broken[2]!, broken[3]!, ...whole]);
    const handle = await start();
    // The runner counts a batch once its commit is acknowledged, a moment after the rows are visible.
    await waitUntil(
      'the batch was consumed and counted',
      async () => handle.counts().applied === 1 + whole.length && handle.counts().gaps === 2 && (await appliedVersions()).size === 2,
    );

    expect(handle.counts()).toMatchObject({ applied: 1 + whole.length, gaps: 2 });
    expect(await appliedVersions()).toEqual(
      new Map([
        [broken[0]!.streamId, 1],
        [whole[0]!.streamId, whole.length],
      ]),
    );
  });

  it('resumes from the offsets stored with the read model, whatever the consumer group says', async () => {
    const [first, second] = [cases(10), cases(10)];
    await publish(
      env.TASKFORCE_TOPIC_PREFIX,
      first.flatMap((s) => s.envelopes),
    );
    const before = await start(casesProjection, `${env.TASKFORCE_PROJECTION_GROUP_PREFIX}.first`);
    const firstCount = first.reduce((n, s) => n + s.steps, 0);
    await waitUntil('the first cases are applied', async () => before.counts().applied === firstCount);
    await before.stop();
    running.splice(running.indexOf(before), 1);

    await publish(
      env.TASKFORCE_TOPIC_PREFIX,
      second.flatMap((s) => s.envelopes),
    );
    // A group Kafka has never seen starts at offset 0; the stored offsets send it past what was applied.
    const after = await start(casesProjection, `${env.TASKFORCE_PROJECTION_GROUP_PREFIX}.second`);
    const secondCount = second.reduce((n, s) => n + s.steps, 0);
    await waitUntil(
      'the second cases are applied and counted',
      async () => after.counts().applied === secondCount && (await appliedVersions()).size === 20,
    );

    expect(after.counts()).toMatchObject({ applied: secondCount, duplicates: 0 });
    expect(await statistic('reports', '2024')).toBe(20);
  });

  it('gathers each person’s dossier from the personal fields the schemas mark', async () => {
    const envelopes = asEnvelopes(victimEvents(newVictimCaseId(), 7));
    await publish(env.TASKFORCE_TOPIC_PREFIX, envelopes);
    await start(personDossiersProjection);
    await waitUntil('the dossier holds the travel document', async () => {
      const rows = await tableRows(pool, env.TASKFORCE_READ_MODEL_SCHEMA, 'person_dossiers', 'case_id');
      return rows.length === 1 && 'documentNumber' in (rows[0]!.fields as object);
    });

    const [dossier] = await tableRows(pool, env.TASKFORCE_READ_MODEL_SCHEMA, 'person_dossiers', 'case_id');
    const fields = dossier!.fields as Record<string, { value: unknown; category: string; eventType: string }>;
    expect(Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, [f.category, f.eventType]]))).toEqual({
      personName: ['name', 'VictimReported'],
      birthDate: ['birthDate', 'VictimReported'],
      lastKnownLocation: ['location', 'VictimReported'],
      contactPhone: ['phone', 'VictimReported'],
      location: ['location', 'VictimLocated'],
      shelter: ['location', 'VictimSheltered'],
      statement: ['statement', 'VictimScreened'],
      'welfare.injury': ['welfare', 'VictimScreened'],
      'welfare.medicalNeed': ['welfare', 'VictimScreened'],
      'welfare.reportedAbuse': ['welfare', 'VictimScreened'],
      'welfare.note': ['welfare', 'VictimScreened'],
      documentNumber: ['passport', 'VictimTravelDocumentIssued'],
    });
    expect(fields.documentNumber!.value).toBe('TC1234567');
    expect(dossier!.classification).toBe('CONFIDENTIAL');
  });
});
