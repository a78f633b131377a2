// The consumer of the pipeline's consumer groups (the projection runner, the agency router), and
// the batch loop they share: batches of `concurrency` partitions at a time (each partition's in
// order), offsets resolved by the caller once the batch is safely applied elsewhere, never
// committed automatically.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import type { Batch, Consumer, Kafka } from 'kafkajs';
import { inSpanContinuing } from '../infra/tracing.ts';
import { traceparentOfMessage } from './cloudevents.ts';

export type { Batch, Consumer, KafkaMessage } from 'kafkajs';

export interface PipelineConsumerSettings {
  groupId: string;
  /** Upper bound of one fetch per partition, and so of one batch. */
  maxBytesPerPartition: number;
  /** How long the broker may hold a fetch open waiting for new messages. */
  maxWaitTimeInMs: number;
}

export function pipelineConsumer(kafka: Kafka, settings: PipelineConsumerSettings): Consumer {
  return kafka.consumer({
    groupId: settings.groupId,
    maxBytesPerPartition: settings.maxBytesPerPartition,
    maxBytes: settings.maxBytesPerPartition * 4,
    maxWaitTimeInMs: settings.maxWaitTimeInMs,
    // A process killed with -9 leaves the group after this long and its partitions move on; a
    // batch is far shorter (the loop heartbeats after each one).
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    retry: { retries: 8, initialRetryTime: 250, maxRetryTime: 5000 },
  });
}

/** What a batch handler may do besides reading the batch. */
export interface BatchControls {
  /** Marks the batch consumed up to and including `offset`: the next fetch starts after it. */
  resolveOffset(offset: string): void;
  /** Stops fetching this batch's partition. */
  pause(): void;
}

/**
 * Connects, subscribes to `topics` (a new group starts at their beginning) and hands each non-empty
 * partition batch to `onBatch`, up to `concurrency` partitions at once and one batch at a time per
 * partition; a batch of a partition this consumer no longer holds is skipped. After each batch,
 * `onLag` (metrics) gets how many messages wait behind it on the partitions this consumer holds, as
 * of each one's last batch. Resolves once the consumer runs.
 */
export async function consumeBatches(
  consumer: Consumer,
  topics: string[],
  onBatch: (batch: Batch, controls: BatchControls) => Promise<void>,
  onLag?: (messagesBehind: number) => void,
  concurrency = 1,
): Promise<void> {
  const lagByPartition = new Map<string, number>();
  // A rebalance may take partitions away: their last lag is another member's to report now.
  consumer.on(consumer.events.GROUP_JOIN, () => lagByPartition.clear());
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: concurrency,
    eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.isEmpty()) return;
      await onBatch(batch, { resolveOffset, pause });
      if (onLag) {
        lagByPartition.set(`${batch.topic}:${batch.partition}`, Math.max(0, Number(batch.offsetLag())));
        onLag([...lagByPartition.values()].reduce((sum, lag) => sum + lag, 0));
      }
      await heartbeat();
    },
  });
}

/**
 * Runs a consumer's work on one batch in a span continuing the traces its messages carry
 * (`ce_traceparent`), with the messaging attributes every batch span has; untraced batches, or
 * tracing off, run it bare.
 */
export function inBatchSpan<T>(name: string, batch: Batch, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return inSpanContinuing(
    name,
    SpanKind.CONSUMER,
    batch.messages.map(traceparentOfMessage),
    {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': batch.topic,
      'messaging.destination.partition.id': String(batch.partition),
      'messaging.batch.message_count': batch.messages.length,
      ...attributes,
    },
    work,
  );
}
