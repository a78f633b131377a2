// What the projection runner, the projector process and the CLI need to know, read from the
// environment like every other process setting. Tests and benchmarks isolate themselves with a
// topic prefix, a consumer-group prefix and a schema of their own.
import { z } from 'zod';
import { type PipelineSettings, pipelineSettings, TopicPartitions } from '../eventstore/pipeline-settings.ts';
import { loadSettings } from '../infra/settings.ts';

export interface ProjectionSettings extends PipelineSettings {
  /** A projection's consumer group is `<groupPrefix>.<projection name>`. */
  groupPrefix: string;
  /** The PostgreSQL schema holding the read models; `public` unless a test or benchmark brings its own. */
  schema: string;
  /** Upper bound of one fetch per partition, and so of one read-model transaction. */
  maxBytesPerPartition: number;
  /**
   * Partitions applied at once, each in a transaction and on a connection of its own. Partitions
   * hold disjoint streams; rows they share (counters, a flight's manifest) are written in key order,
   * so concurrent batches wait on each other's row locks and never deadlock. Default 1 until the
   * rebuild tests are confirmed green with more (see docs/performance.md).
   */
  concurrency: number;
}

/** A PostgreSQL schema name we create ourselves: lower case, so it never needs quoting. */
export const SchemaName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a schema name is lower-case letters, digits and _');

/** Short enough to take a rebuild's suffix (read-model-schema.ts) within PostgreSQL's 63 characters. */
const ReadModelSchema = SchemaName.max(32);

const ProjectionEnv = z.object({
  TASKFORCE_PROJECTION_GROUP_PREFIX: z.string().min(1).max(200).optional(),
  TASKFORCE_READ_MODEL_SCHEMA: ReadModelSchema.default('public'),
  TASKFORCE_TOPIC_PARTITIONS: TopicPartitions,
  TASKFORCE_PROJECTION_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  TASKFORCE_PROJECTION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
});

export function projectionSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProjectionSettings {
  const app = loadSettings(env);
  const parsed = ProjectionEnv.parse(env);
  return {
    ...pipelineSettings(app, parsed.TASKFORCE_TOPIC_PARTITIONS),
    groupPrefix: parsed.TASKFORCE_PROJECTION_GROUP_PREFIX ?? `${app.topicPrefix}.projection`,
    schema: parsed.TASKFORCE_READ_MODEL_SCHEMA,
    maxBytesPerPartition: parsed.TASKFORCE_PROJECTION_MAX_BYTES,
    concurrency: parsed.TASKFORCE_PROJECTION_CONCURRENCY,
  };
}
