// What a relay instance needs to know, read from the environment like every other process setting.
import { z } from 'zod';
import { loadSettings } from '../infra/settings.ts';
import type { RelayStart } from './checkpoints.ts';
import { type PipelineSettings, pipelineSettings, TopicPartitions } from './pipeline-settings.ts';
import type { StorePosition } from './stored-events.ts';

export interface RelaySettings extends PipelineSettings {
  /** Names the checkpoint and the advisory lock: instances with the same name take turns. */
  relayName: string;
  /** Events read and published per Kafka request. */
  batchSize: number;
  /** The fallback when no NOTIFY arrives (an append that crashed before notifying, a missed wake-up). */
  pollIntervalMs: number;
  /** How often a waiting instance tries to take the lock over. */
  lockRetryMs: number;
  start: RelayStart;
  /** Called after Kafka acknowledged a batch and its checkpoint is stored (metrics, benchmarks). */
  onPublished?: (published: { count: number; upTo: StorePosition }) => void;
}

const RelayEnv = z.object({
  TASKFORCE_RELAY_NAME: z.string().min(1).max(200).default('kafka'),
  TASKFORCE_RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  TASKFORCE_RELAY_POLL_MS: z.coerce.number().int().min(10).default(500),
  TASKFORCE_RELAY_LOCK_RETRY_MS: z.coerce.number().int().min(10).default(500),
  TASKFORCE_RELAY_START: z.enum(['beginning', 'end']).default('beginning'),
  TASKFORCE_TOPIC_PARTITIONS: TopicPartitions,
});

export function relaySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RelaySettings {
  const app = loadSettings(env);
  const relay = RelayEnv.parse(env);
  return {
    ...pipelineSettings(app, relay.TASKFORCE_TOPIC_PARTITIONS),
    relayName: relay.TASKFORCE_RELAY_NAME,
    batchSize: relay.TASKFORCE_RELAY_BATCH_SIZE,
    pollIntervalMs: relay.TASKFORCE_RELAY_POLL_MS,
    lockRetryMs: relay.TASKFORCE_RELAY_LOCK_RETRY_MS,
    start: relay.TASKFORCE_RELAY_START,
  };
}
