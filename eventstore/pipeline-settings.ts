// The settings the processes of the event pipeline share (the relay, the projectors and the agency
// router): where PostgreSQL and Kafka are, how topics are named and partitioned, and the progress
// log. Read in one place so the three processes cannot disagree on them.
import { z } from 'zod';
import { processLogger } from '../infra/logger.ts';
import type { Settings } from '../infra/settings.ts';

export interface PipelineSettings {
  databaseUrl: string;
  kafkaBrokers: string[];
  /** Topics are `<topicPrefix>.<case kind>.events`. */
  topicPrefix: string;
  /** Partitions of a topic the process creates when it does not exist yet. */
  partitions: number;
  /** Progress lines; they never carry event data, which holds personal information. */
  log: (line: string) => void;
}

/** TASKFORCE_TOPIC_PARTITIONS, a field of each pipeline process's environment schema. */
export const TopicPartitions = z.coerce.number().int().min(1).max(1000).default(3);

export function pipelineSettings(app: Settings, partitions: number): PipelineSettings {
  return {
    databaseUrl: app.databaseUrl,
    kafkaBrokers: app.kafkaBrokers,
    topicPrefix: app.topicPrefix,
    partitions,
    log: (line) => processLogger().info(line),
  };
}
