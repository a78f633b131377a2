// The first and the next-to-be-written offset of every partition of the case topics: where a
// rebuild starts and stops, and what the status command measures lag against.
import type { Kafka } from 'kafkajs';

/** Where a bounded run (a rebuild) stops on one partition: it applies offsets from `low` up to `end` (exclusive). */
export interface PartitionBound {
  topic: string;
  partition: number;
  low: bigint;
  end: bigint;
}

export async function topicBounds(kafka: Kafka, topics: readonly string[]): Promise<PartitionBound[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const bounds: PartitionBound[] = [];
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        bounds.push({ topic, partition, low: BigInt(low), end: BigInt(high) });
      }
    }
    return bounds.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  } finally {
    await admin.disconnect();
  }
}

export function eventsBetween(bounds: readonly PartitionBound[]): number {
  return bounds.reduce((sum, b) => sum + Number(b.end - b.low), 0);
}
