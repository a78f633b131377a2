// Shared by the projection tests: names of their own on the shared stack (topic prefix, consumer
// groups, a read-model schema copied from the migrated one), valid case events, a producer that
// plays the relay's part, and the projector as a child process a test can kill -9.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { EventEnvelope } from '../../events/envelope.ts';
import { loadSettings } from '../../infra/settings.ts';
import { kafkaClient } from '../../kafka/client.ts';
import { orderedProducer } from '../../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../../kafka/topics.ts';
import { kindOfStream } from '../../projections/case-record.ts';
import { PROJECTIONS } from '../../projections/catalogue.ts';
import { ownedTables } from '../../projections/projection.ts';
import { copyTables, dropSchema } from '../../projections/read-model-schema.ts';
import { type ProjectionSettings, projectionSettingsFromEnv } from '../../projections/settings.ts';
import { ScriptProcess } from './script-process.ts';

export { waitUntil } from '../support/wait-until.ts';
export {
  asEnvelopes,
  asStreamEnvelopes,
  newVictimCaseId,
  raidAndFlightEvents,
  VICTIM_STORY_LENGTH,
  victimEvents,
} from '../unit/projection-fixtures.ts';

export interface ProjectionEnv extends Record<string, string> {
  TASKFORCE_TOPIC_PREFIX: string;
  TASKFORCE_PROJECTION_GROUP_PREFIX: string;
  TASKFORCE_READ_MODEL_SCHEMA: string;
}

export function isolatedProjectionEnv(): ProjectionEnv {
  const id = randomUUID().slice(0, 8);
  return {
    TASKFORCE_TOPIC_PREFIX: `test-${id}`,
    TASKFORCE_PROJECTION_GROUP_PREFIX: `test-${id}.projection`,
    TASKFORCE_READ_MODEL_SCHEMA: `rm_test_${id}`,
  };
}

export function projectionSettings(env: ProjectionEnv, log: (line: string) => void = () => undefined): ProjectionSettings {
  return { ...projectionSettingsFromEnv({ ...process.env, ...env }), log };
}

/** A schema with empty copies of every projection's tables, from the migrated public schema. */
export async function createReadModelSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await copyTables(
      client,
      'public',
      schema,
      PROJECTIONS.flatMap((p) => ownedTables(p)),
    );
  } finally {
    client.release();
  }
}

export async function dropReadModelSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await dropSchema(client, schema);
  } finally {
    client.release();
  }
}

/** Publishes envelopes as the relay would: to the case kind's topic, keyed by stream id. */
export async function publish(topicPrefix: string, envelopes: readonly EventEnvelope[]): Promise<void> {
  const kafka = kafkaClient(loadSettings(), 'projection-test');
  await ensureCaseTopics(kafka, topicPrefix, 3);
  const producer = orderedProducer(kafka);
  await producer.connect();
  try {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const envelope of envelopes) {
      const topic = caseTopic(topicPrefix, kindOfStream(envelope.streamId));
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: envelope.streamId, value: JSON.stringify(envelope) }]);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  } finally {
    await producer.disconnect();
  }
}

/** All rows of a read-model table in a stable order, as JSON-comparable values. */
export async function tableRows(db: pg.Pool, schema: string, table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query(`SELECT * FROM ${schema}.${table} ORDER BY ${orderBy}`);
  return rows;
}

/** `app/projector.ts` as a child process a test can kill -9. */
export class ProjectorProcess extends ScriptProcess {
  constructor(env: Record<string, string>) {
    super('projector', 'app/projector.ts', env);
  }
}
