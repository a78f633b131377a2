// VictimScreened v1 (before the welfare record) written the way the old code wrote it, as a raw row
// in the event store and as a raw message on a case topic, reads as v2 (welfare: null) in every
// reader: the store's stream and all-streams reads (the history route and the SSE feed), the
// projections (case detail, statistics, dossiers) and the agency router's topics.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../events/envelope.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { lastSettledPosition, readSettled } from '../../eventstore/stored-events.ts';
import { loadSettings } from '../../infra/settings.ts';
import { kafkaClient } from '../../kafka/client.ts';
import { casesProjection } from '../../projections/cases.ts';
import { type ProjectionHandle, startProjection } from '../../projections/runner.ts';
import { type RouterHandle, routerSettingsFromEnv, startAgencyRouter } from '../../streams/agency-router.ts';
import { agencyTopic } from '../../streams/agency-topics.ts';
import {
  asEnvelopes,
  createReadModelSchema,
  dropReadModelSchema,
  isolatedProjectionEnv,
  newVictimCaseId,
  projectionSettings,
  publish,
  victimEvents,
  waitUntil,
} from './projection-support.ts';

const settings = loadSettings();
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
const store = new EventStore(pool);
const env = isolatedProjectionEnv();
const running: (ProjectionHandle | RouterHandle)[] = [];

/** The story up to the shelter: the screening comes next, as the sixth event. */
const BEFORE_SCREENING = 5;
const V1_SCREENING_DATA = (caseId: string) => ({ caseId, outcome: 'victim' });

beforeAll(() => createReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA));
afterAll(async () => {
  await Promise.all(running.splice(0).map((handle) => handle.stop()));
  await dropReadModelSchema(pool, env.TASKFORCE_READ_MODEL_SCHEMA);
  await pool.end();
});

/** A v1 VictimScreened envelope, as the old relay published it. */
function v1Screening(caseId: string, streamVersion: number): EventEnvelope {
  const at = new Date(Date.UTC(2024, 2, 2)).toISOString();
  return {
    eventId: randomUUID(),
    type: 'VictimScreened',
    schemaVersion: 1,
    streamId: caseId,
    streamVersion,
    occurredAt: at,
    recordedAt: at,
    actor: { agency: 'NPA', role: 'operator', userId: 'old-code' },
    classification: 'CONFIDENTIAL',
    correlationId: randomUUID(),
    causationId: null,
    data: V1_SCREENING_DATA(caseId),
  };
}

describe('a v1 VictimScreened in the event store', () => {
  it('reads as v2 with no welfare record from the stream read (history) and the settled all-streams read (relay, SSE)', async () => {
    const caseId = newVictimCaseId();
    let position = await lastSettledPosition(pool);
    await store.append(caseId, 0, victimEvents(caseId, BEFORE_SCREENING));
    const old = v1Screening(caseId, BEFORE_SCREENING + 1);
    // The row the old code appended: schema version 1, no welfare field.
    await pool.query(
      `INSERT INTO events (event_id, stream_id, stream_version, case_kind, type, schema_version, occurred_at, actor,
                           classification, correlation_id, causation_id, data)
       VALUES ($1, $2, $3, 'victim', 'VictimScreened', 1, $4, $5, 'CONFIDENTIAL', $6, NULL, $7)`,
      [old.eventId, caseId, old.streamVersion, old.occurredAt, old.actor, old.correlationId, old.data],
    );
    const { rows } = await pool.query('SELECT schema_version, data FROM events WHERE event_id = $1', [old.eventId]);
    expect(rows[0]).toEqual({ schema_version: 1, data: V1_SCREENING_DATA(caseId) });

    const screened = (await store.readStream(caseId)).at(-1)!;
    expect(screened).toMatchObject({ type: 'VictimScreened', schemaVersion: 2, data: { ...V1_SCREENING_DATA(caseId), welfare: null } });

    // The all-streams read the relay and the SSE feed go through (unopened: other tests' keys differ).
    let found: EventEnvelope | undefined;
    while (!found) {
      const batch = await readSettled(pool, position, 5000);
      if (batch.length === 0) break;
      found = batch.find((stored) => stored.event.eventId === old.eventId)?.event;
      position = batch.at(-1)!.position;
    }
    expect(found).toMatchObject({ schemaVersion: 2, data: { welfare: null } });
  });
});

describe('a v1 VictimScreened on a case topic', () => {
  it('folds into the read models as v2 and reaches the agency topics as v2', async () => {
    const oldCase = newVictimCaseId();
    const newCase = newVictimCaseId();
    const oldEnvelopes = [...asEnvelopes(victimEvents(oldCase, BEFORE_SCREENING)), v1Screening(oldCase, BEFORE_SCREENING + 1)];
    // A current case beside it, whose v2 screening recorded an injury and a beating.
    const newEnvelopes = asEnvelopes(victimEvents(newCase, BEFORE_SCREENING + 1));
    await publish(env.TASKFORCE_TOPIC_PREFIX, [...oldEnvelopes, ...newEnvelopes]);

    const projection = await startProjection(casesProjection, projectionSettings(env));
    running.push(projection);
    const schema = env.TASKFORCE_READ_MODEL_SCHEMA;
    const detail = async (caseId: string) =>
      (await pool.query(`SELECT detail FROM ${schema}.case_detail WHERE case_id = $1`, [caseId])).rows[0]?.detail;
    await waitUntil('both screenings are folded', async () => {
      const [a, b] = [await detail(oldCase), await detail(newCase)];
      return a?.streamVersion === BEFORE_SCREENING + 1 && b?.streamVersion === BEFORE_SCREENING + 1;
    });
    expect((await detail(oldCase)).state).toMatchObject({ status: 'SCREENED', screening: 'victim', welfare: null });
    expect((await detail(newCase)).state.welfare).toEqual({ injury: 'minor', medicalNeed: 'none', reportedAbuse: ['beaten'] });
    const counted = async (metric: string) =>
      Number((await pool.query(`SELECT sum(value) AS v FROM ${schema}.campaign_statistics WHERE metric = $1`, [metric])).rows[0]?.v ?? 0);
    // Only the v2 screening recorded welfare; the v1 one counts as a screening with none.
    expect(await counted('persons_injured')).toBe(1);
    expect(await counted('persons_reporting_abuse')).toBe(1);
    expect(await counted('persons_needing_medical_care')).toBe(0);

    const router = await startAgencyRouter({
      ...routerSettingsFromEnv({ ...process.env, TASKFORCE_TOPIC_PREFIX: env.TASKFORCE_TOPIC_PREFIX }),
      log: () => undefined,
    });
    running.push(router);
    const routed = await readUntil(
      agencyTopic(env.TASKFORCE_TOPIC_PREFIX, 'MOFA'),
      (event) => event.streamId === oldCase && event.type === 'VictimScreened',
    );
    expect(routed).toMatchObject({ schemaVersion: 2, data: { ...V1_SCREENING_DATA(oldCase), welfare: null } });
  });
});

/** Reads a topic from the beginning until an envelope matching `wanted` arrives. */
async function readUntil(topic: string, wanted: (event: EventEnvelope) => boolean): Promise<EventEnvelope> {
  const kafka = kafkaClient(settings, 'event-versioning-test');
  const consumer = kafka.consumer({ groupId: `event-versioning-test-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    // The router creates the agency topics; wait for them rather than subscribe to nothing.
    await waitUntil('the agency topic exists', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return (await admin.listTopics()).includes(topic);
      } finally {
        await admin.disconnect();
      }
    });
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    return await new Promise<EventEnvelope>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event on ${topic}`)), 45_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = JSON.parse(message.value!.toString()) as EventEnvelope;
          if (wanted(event)) {
            clearTimeout(timer);
            resolve(event);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}
