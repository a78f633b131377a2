// Rebuilding a projection: replay its topics from the beginning into fresh, empty copies of its
// tables (in a schema of their own, so the projection's code writes there unchanged; unlogged and
// with the indexes no upsert needs built at the end), up to the end offsets captured at the start;
// then swap the copies in, read models and positions together, in one transaction. The live runner
// keeps serving the old tables meanwhile; after the swap it finds the rebuilt positions behind its
// own, seeks back to them and applies what arrived since.
import { randomUUID } from 'node:crypto';
import type { Progress } from '../infra/progress.ts';
import { kafkaClient } from '../kafka/client.ts';
import { eventsBetween, topicBounds } from '../kafka/topic-bounds.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { Positions } from './positions.ts';
import { ownedTables, type Projection } from './projection.ts';
import { connectToSchema, copyTablesForRebuild, dropSchema, finishRebuiltTables, swapTables } from './read-model-schema.ts';
import { startProjection } from './runner.ts';
import type { ProjectionSettings } from './settings.ts';

export interface RebuildResult {
  /** Events replayed (offsets consumed, duplicates included). */
  events: number;
  elapsedMs: number;
}

/** The schema a rebuild fills before the swap: one per live schema and projection. */
export function rebuildSchemaOf(liveSchema: string, projection: Projection): string {
  return `${liveSchema}_rebuild_${projection.name.replaceAll('-', '_')}`;
}

export async function rebuildProjection(
  projection: Projection,
  settings: ProjectionSettings,
  onProgress: (progress: Progress) => void = () => undefined,
): Promise<RebuildResult> {
  const fresh = rebuildSchemaOf(settings.schema, projection);
  const tables = ownedTables(projection);
  const db = await connectToSchema(settings.databaseUrl, fresh, `taskforce rebuild ${projection.name}`);
  // One rebuild per projection and schema; the lock goes with this session, however the process ends.
  const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [
    `taskforce-rebuild:${fresh}`,
  ]);
  if (!rows[0]!.locked) {
    await db.end();
    throw new Error(`a rebuild of ${projection.name} into schema ${settings.schema} is already running`);
  }
  try {
    await dropSchema(db, fresh); // what an interrupted rebuild left behind
    const deferredIndexes = await copyTablesForRebuild(db, settings.schema, fresh, tables);

    const kafka = kafkaClient(settings, `taskforce-rebuild-${projection.name}`);
    await ensureCaseTopics(kafka, settings.topicPrefix, settings.partitions);
    const bounds = await topicBounds(
      kafka,
      projection.kinds.map((kind) => caseTopic(settings.topicPrefix, kind)),
    );
    const total = eventsBetween(bounds);
    const reached = new Map(bounds.map((b) => [`${b.topic}:${b.partition}`, b.low]));
    const startedAt = Date.now();
    const progress = (): Progress => ({
      done: bounds.reduce((sum, b) => sum + Number(reached.get(`${b.topic}:${b.partition}`)! - b.low), 0),
      total,
      elapsedMs: Date.now() - startedAt,
    });
    onProgress(progress());

    const runner = await startProjection(
      projection,
      { ...settings, schema: fresh },
      {
        groupId: `${settings.groupPrefix}.${projection.name}.rebuild-${randomUUID()}`,
        until: bounds,
        onBatch: ({ topic, partition, nextOffset }) => {
          reached.set(`${topic}:${partition}`, nextOffset);
          onProgress(progress());
        },
      },
    );
    try {
      await runner.caughtUp;
    } finally {
      await runner.stop();
    }
    // Every partition's end, even the empty ones: the live runner resumes exactly there after the swap.
    await new Positions(projection.name).record(
      db,
      bounds.map((b) => ({ topic: b.topic, partition: b.partition, nextOffset: b.end })),
    );
    await finishRebuiltTables(db, fresh, tables, deferredIndexes);
    const elapsedMs = Date.now() - startedAt;
    await swapTables(db, fresh, settings.schema, tables);
    return { events: total, elapsedMs };
  } catch (error) {
    await dropSchema(db, fresh).catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}
