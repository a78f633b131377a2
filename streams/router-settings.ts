// What the agency router needs to know, read from the environment like every other process setting.
// Tests isolate themselves with a topic prefix (and so a consumer group) of their own.
import { z } from 'zod';
import { type PipelineSettings, pipelineSettings, TopicPartitions } from '../eventstore/pipeline-settings.ts';
import { loadSettings } from '../infra/settings.ts';

export interface RouterSettings extends PipelineSettings {
  /** Where the data keys are: victims' personal values reach the router sealed (privacy/vault.ts). */
  databaseUrl: string;
  /** Reads `<topicPrefix>.<case kind>.events`, writes `<topicPrefix>.agency.<agency>.events`. */
  topicPrefix: string;
  /** The consumer group; routers with the same group share the case topics' partitions. */
  groupId: string;
  /** Partitions of a topic the router creates when it does not exist yet (as the relay does). */
  partitions: number;
  /**
   * How long an agency topic keeps a message: it holds personal values opened, which an erasure
   * (destroying the person's key) cannot reach, so it is a delivery channel with a bounded memory,
   * never a record. Set when the router creates the topic.
   */
  agencyRetentionMs: number;
  /** Upper bound of one fetch per partition, and so of the events routed between two offset commits. */
  maxBytesPerPartition: number;
}

const RouterEnv = z.object({
  TASKFORCE_ROUTER_GROUP: z.string().min(1).max(200).optional(),
  TASKFORCE_TOPIC_PARTITIONS: TopicPartitions,
  TASKFORCE_AGENCY_TOPIC_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(7 * 86_400_000),
  TASKFORCE_ROUTER_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(512 * 1024),
});

export function routerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RouterSettings {
  const app = loadSettings(env);
  const parsed = RouterEnv.parse(env);
  return {
    ...pipelineSettings(app, parsed.TASKFORCE_TOPIC_PARTITIONS),
    groupId: parsed.TASKFORCE_ROUTER_GROUP ?? `${app.topicPrefix}.agency-router`,
    agencyRetentionMs: parsed.TASKFORCE_AGENCY_TOPIC_RETENTION_MS,
    maxBytesPerPartition: parsed.TASKFORCE_ROUTER_MAX_BYTES,
  };
}
