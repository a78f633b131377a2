// How far behind each projection is: per partition, the next offset its read model has applied
// (from its own positions table) against the end of the topic.
import { kafkaClient } from '../kafka/client.ts';
import { topicBounds } from '../kafka/topic-bounds.ts';
import { caseTopic } from '../kafka/topics.ts';
import { Positions } from './positions.ts';
import type { Projection } from './projection.ts';
import { connectToSchema } from './read-model-schema.ts';
import type { ProjectionSettings } from './settings.ts';

export interface PartitionLag {
  topic: string;
  partition: number;
  applied: bigint;
  end: bigint;
  lag: bigint;
}

export interface ProjectionStatus {
  name: string;
  partitions: PartitionLag[];
  lag: bigint;
  lastBatchAt: Date | null;
}

export async function projectionStatus(projections: readonly Projection[], settings: ProjectionSettings): Promise<ProjectionStatus[]> {
  const kafka = kafkaClient(settings, 'taskforce-projection-status');
  const db = await connectToSchema(settings.databaseUrl, settings.schema, 'taskforce projection status');
  try {
    const statuses: ProjectionStatus[] = [];
    for (const projection of projections) {
      const bounds = await topicBounds(
        kafka,
        projection.kinds.map((kind) => caseTopic(settings.topicPrefix, kind)),
      );
      const stored = await new Positions(projection.name).all(db);
      const partitions = bounds.map(({ topic, partition, low, end }) => {
        const position = stored.find((s) => s.topic === topic && s.partition === partition);
        const applied = position && position.nextOffset > low ? position.nextOffset : low;
        return { topic, partition, applied, end, lag: end > applied ? end - applied : 0n };
      });
      const times = stored.filter((s) => bounds.some((b) => b.topic === s.topic)).map((s) => s.updatedAt.getTime());
      statuses.push({
        name: projection.name,
        partitions,
        lag: partitions.reduce((sum, p) => sum + p.lag, 0n),
        lastBatchAt: times.length ? new Date(Math.max(...times)) : null,
      });
    }
    return statuses;
  } finally {
    await db.end();
  }
}
