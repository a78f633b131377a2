// Kafka topic names of the case events: one topic per case kind, keyed by stream id, so a case's
// events stay in order on one partition.
import type { Kafka } from 'kafkajs';
import { CaseKind } from '../workflows/kinds.ts';
import { createTopics } from './create-topics.ts';

export function caseTopic(topicPrefix: string, kind: CaseKind): string {
  return `${topicPrefix}.${kind}.events`;
}

/** Creates the topic of every case kind that does not exist yet. */
export async function ensureCaseTopics(kafka: Kafka, topicPrefix: string, partitions: number): Promise<void> {
  await createTopics(
    kafka,
    CaseKind.options.map((kind) => ({ topic: caseTopic(topicPrefix, kind), numPartitions: partitions })),
  );
}
