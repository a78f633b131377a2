// The producer of everything that publishes events (the relay, the agency router, and the tests and
// benchmarks standing in for the relay): idempotent with one request in flight, so a retried send
// neither duplicates nor reorders a partition.
import { type Kafka, Partitioners, type Producer } from 'kafkajs';

export type { Message, Producer, TopicMessages } from 'kafkajs';

export function orderedProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
}
