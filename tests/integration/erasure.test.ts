// Erasure by crypto-shredding against the real PostgreSQL and Kafka: a victim case's personal values
// are stored sealed and read back opened; erasing the closed case destroys its key, after which the
// events (and everything counted from them) are still there while the personal values read
// "[ERASED]" in the store, in the messages Kafka already holds, and in a rebuilt read model.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore/event-store.ts';
import { startRelay } from '../../eventstore/relay.ts';
import { loadStackConfig, ownerDatabaseUrl } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
import { ErasureCaseNotFoundError, ErasureRefusedError, eraseVictimCase } from '../../privacy/erasure.ts';
import { ERASED } from '../../privacy/sealed-value.ts';
import { PersonalDataVault } from '../../privacy/vault.ts';
import { casesProjection } from '../../projections/cases.ts';
import { personDossiersProjection } from '../../projections/person-dossier.ts';
import { rebuildProjection } from '../../projections/rebuild.ts';
import { type PersonalStory, personalStory, personalValuesIn } from './erasure-support.ts';
import { createReadModelSchema, dropReadModelSchema, isolatedProjectionEnv, projectionSettings, waitUntil } from './projection-support.ts';
import { isolatedRelaySettings, readPublished } from './relay-support.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 4 });
const store = new EventStore(pool);
const vault = new PersonalDataVault(pool);
const SUPERVISOR = { agency: 'MOFA', role: 'supervisor', userId: 'consul-general' } as const;
afterAll(() => pool.end());

async function appendStory(story: PersonalStory, victimEvents = story.events.length): Promise<void> {
  await store.append(story.raid.operationId, 0, story.raid.events);
  await store.append(story.caseId, 0, story.events.slice(0, victimEvents));
}

/** The raw rows of the case's stream and of the raid that names it, as stored. */
async function rawRows(story: PersonalStory): Promise<string> {
  const { rows } = await pool.query<{ row: string }>(
    'SELECT e::text AS row FROM events e WHERE stream_id = ANY($1) ORDER BY global_position',
    [[story.caseId, story.raid.operationId]],
  );
  return rows.map((r) => r.row).join('\n');
}

describe('sealing', () => {
  it('stores the personal values of a victim case only sealed, in its own stream and in a raid naming it, and reads them back opened', async () => {
    const story = personalStory();
    await appendStory(story);

    const raw = await rawRows(story);
    expect(personalValuesIn(story, raw)).toEqual([]);
    expect(raw).toContain('aes-256-gcm/1');

    const events = await store.readStream(story.caseId);
    expect(events.map((e) => e.data)).toEqual(story.events.map((e) => e.data));
    const [, , rescued] = await store.readStream(story.raid.operationId);
    expect(rescued!.data).toMatchObject({ personName: story.personal.name, birthDate: story.personal.birthDate, rescuedBy: 'HOST_POLICE' });
  });

  it('leaves suspect cases and events without personal values as they were', async () => {
    const story = personalStory();
    await appendStory(story);
    const { rows } = await pool.query<{ type: string; data: Record<string, unknown> }>(
      'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [story.raid.operationId],
    );
    // OperationPlanned carries no personal value; only the rescued person's fields are sealed.
    expect(rows[0]!.data).toEqual(story.raid.events[0]!.data);
    expect(rows[2]!.data).toMatchObject({ operationId: story.raid.operationId, caseId: story.caseId, rescuedBy: 'HOST_POLICE' });
    expect(rows[2]!.data.personName).toMatchObject({ $sealed: 'aes-256-gcm/1', subject: story.caseId });
  });
});

describe('erasing a victim case', () => {
  it('is refused while the case is open, for a case that is not a victim case, and for a case that does not exist', async () => {
    const story = personalStory();
    await appendStory(story, story.events.length - 1);
    await expect(eraseVictimCase(pool, story.caseId, SUPERVISOR, 'subject-request')).rejects.toMatchObject({
      constructor: ErasureRefusedError,
      rule: 'case-must-be-closed',
    });
    await expect(eraseVictimCase(pool, story.raid.operationId, SUPERVISOR, 'subject-request')).rejects.toMatchObject({
      rule: 'victim-cases-only',
    });
    await expect(eraseVictimCase(pool, `${story.caseId}-none`, SUPERVISOR, 'subject-request')).rejects.toBeInstanceOf(
      ErasureCaseNotFoundError,
    );
    // Nothing was destroyed: the open case still reads in full.
    expect((await store.readStream(story.caseId))[0]!.data.personName).toBe(story.personal.name);
  });

  it('keeps every event and every count, and leaves the personal values readable nowhere: store, Kafka, rebuilt read models', async () => {
    const env = isolatedProjectionEnv();
    await createReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA);
    const story = personalStory();
    const published: number[] = [];
    const relay = startRelay(
      isolatedRelaySettings({ topicPrefix: env.TASKFORCE_TOPIC_PREFIX, onPublished: ({ count }) => published.push(count) }),
    );
    try {
      await relay.active;
      await appendStory(story);
      const messages = await readPublished(
        env.TASKFORCE_TOPIC_PREFIX,
        (p) => p.filter((m) => m.key === story.caseId).length >= story.events.length,
      );
      await waitUntil(
        'the raid is published too',
        async () => published.reduce((a, b) => a + b, 0) >= story.events.length + story.raid.events.length,
      );
      await relay.stop();

      const inKafka = messages.filter((m) => m.key === story.caseId).map((m) => m.envelope);
      expect(personalValuesIn(story, JSON.stringify(inKafka))).toEqual([]);
      expect((await vault.openEvents(inKafka)).map((e) => e.data)).toEqual(story.events.map((e) => e.data));

      const settings = projectionSettings(env);
      const statistics = async () =>
        (await pool.query(`SELECT * FROM ${env.TASKFORCE_READ_MODEL_SCHEMA}.campaign_statistics ORDER BY metric, host_country, bucket`))
          .rows;
      await rebuildProjection(casesProjection, settings);
      const statisticsBefore = await statistics();
      const before = await store.readStream(story.caseId);

      const { erasure, alreadyErased } = await eraseVictimCase(pool, story.caseId, SUPERVISOR, 'subject-request');
      expect(alreadyErased).toBe(false);
      expect(erasure).toMatchObject({ caseId: story.caseId, erasedBy: SUPERVISOR, ground: 'subject-request' });

      // The store: the same events, the personal values erased, everything else as it was.
      const after = await store.readStream(story.caseId);
      expect(after.map((e) => [e.eventId, e.streamVersion, e.type])).toEqual(before.map((e) => [e.eventId, e.streamVersion, e.type]));
      expect(after[0]!.data).toEqual({
        ...before[0]!.data,
        personName: ERASED,
        birthDate: ERASED,
        lastKnownLocation: ERASED,
        contactPhone: ERASED,
      });
      expect(after[2]!.data).toEqual({ caseId: story.caseId, shelter: ERASED });
      expect(after[4]!.data).toEqual({ caseId: story.caseId, documentType: 'travel_certificate', documentNumber: ERASED });
      expect(personalValuesIn(story, JSON.stringify(after))).toEqual([]);
      expect((await store.readStream(story.raid.operationId))[2]!.data).toMatchObject({ personName: ERASED, rescuedBy: 'HOST_POLICE' });
      expect(personalValuesIn(story, await rawRows(story))).toEqual([]);

      // Kafka: the messages published before the erasure no longer open.
      expect(personalValuesIn(story, JSON.stringify(await vault.openEvents(inKafka)))).toEqual([]);
      expect((await vault.openEvents(inKafka))[3]!.data.statement).toBe(ERASED);

      // Read models rebuilt from those messages: statistics unchanged, the dossier holds nothing readable.
      await rebuildProjection(casesProjection, settings);
      expect(await statistics()).toEqual(statisticsBefore);
      await rebuildProjection(personDossiersProjection, settings);
      const { rows } = await pool.query<{ fields: Record<string, { value: unknown }> }>(
        `SELECT fields FROM ${env.TASKFORCE_READ_MODEL_SCHEMA}.person_dossiers WHERE case_id = $1`,
        [story.caseId],
      );
      expect(Object.keys(rows[0]!.fields).sort()).toEqual(
        ['birthDate', 'contactPhone', 'documentNumber', 'lastKnownLocation', 'personName', 'shelter', 'statement'].sort(),
      );
      expect(personalValuesIn(story, JSON.stringify(rows))).toEqual([]);
      const [opened] = await vault.openValues([rows[0]!.fields]);
      expect(Object.values(opened as Record<string, { value: unknown }>).map((field) => field.value)).toEqual(
        Object.keys(rows[0]!.fields).map(() => ERASED),
      );
    } finally {
      await relay.stop();
      await dropReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA);
    }
  });

  it('is final: a second erasure answers the first, later personal values are stored erased, and the record cannot be undone', async () => {
    const story = personalStory();
    await appendStory(story);
    const first = await eraseVictimCase(pool, story.caseId, SUPERVISOR, 'retention-ended');
    const again = await eraseVictimCase(pool, story.caseId, { ...SUPERVISOR, userId: 'someone-else' }, 'court-order');
    expect(again).toEqual({ erasure: first.erasure, alreadyErased: true });

    // A late fact naming the erased person (a raid report arriving after closure) is kept, its personal values not.
    const late = personalStory().raid.events.map((e) =>
      e.type === 'PersonRescued' ? { ...e, data: { ...e.data, caseId: story.caseId, personName: 'Late Name' } } : e,
    );
    const operationId = late[0]!.streamId;
    await store.append(operationId, 0, late);
    const { rows } = await pool.query<{ data: string }>("SELECT data::text FROM events WHERE stream_id = $1 AND type = 'PersonRescued'", [
      operationId,
    ]);
    // This writer still remembers the key it sealed the case with: what it seals now, nothing opens.
    expect(rows[0]!.data).not.toContain('Late Name');
    expect((await store.readStream(operationId))[2]!.data).toMatchObject({ caseId: story.caseId, personName: ERASED });
    // A writer that never held the key stores the marker itself: no key is ever made for an erased person.
    const rescuedAgain = { ...late[2]!, eventId: randomUUID(), data: { ...late[2]!.data, personRef: 'P2' } };
    await new EventStore(pool).append(operationId, late.length, [rescuedAgain]);
    const { rows: fresh } = await pool.query<{ data: Record<string, unknown> }>(
      'SELECT data FROM events WHERE stream_id = $1 AND stream_version = $2',
      [operationId, late.length + 1],
    );
    expect(fresh[0]!.data).toMatchObject({ personRef: 'P2', personName: ERASED });

    await expect(pool.query('UPDATE person_data_keys SET erased_at = NULL WHERE subject = $1', [story.caseId])).rejects.toThrow(
      /erasure is final/,
    );
    // The application may not delete a key row at all; the trigger stops even the owner of the table.
    await expect(pool.query('DELETE FROM person_data_keys WHERE subject = $1', [story.caseId])).rejects.toMatchObject({ code: '42501' });
    const owner = new pg.Client({ connectionString: ownerDatabaseUrl(loadStackConfig()) });
    await owner.connect();
    try {
      await expect(owner.query('DELETE FROM person_data_keys WHERE subject = $1', [story.caseId])).rejects.toThrow(/erasure is final/);
    } finally {
      await owner.end();
    }
  });
});
