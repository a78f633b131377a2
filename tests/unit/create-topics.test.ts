// Topic creation racing other processes: a retriable broker answer (the topic is not in the
// metadata yet) is tried again; anything else is the caller's to see at once.

import { describe, expect, it } from 'vitest';
import type { Kafka } from '../../kafka/client.ts';
import { createTopics } from '../../kafka/create-topics.ts';

/** A Kafka whose admins answer createTopics with `answers`, one per attempt, then succeed. */
function kafkaAnswering(answers: unknown[]): { kafka: Kafka; attempts: () => number } {
  let attempts = 0;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    createTopics: async () => {
      const answer = answers[attempts++];
      if (answer) throw answer;
      return true;
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
      topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
    }),
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, attempts: () => attempts };
}

/** What kafkajs throws for a broker error: its type and whether trying again may help. */
const brokerError = (type: string, retriable: boolean) => Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type, retriable });
const unknownTopic = () => brokerError('UNKNOWN_TOPIC_OR_PARTITION', true);

describe('createTopics', () => {
  it('tries again while the broker does not know the topic it has just created', async () => {
    // Given a broker that twice answers that the new topic is unknown
    const { kafka, attempts } = kafkaAnswering([unknownTopic(), unknownTopic()]);
    // When the topics are created
    await createTopics(kafka, [{ topic: 't' }]);
    // Then the third attempt succeeds
    expect(attempts()).toBe(3);
  });

  it('tries again when kafkajs wraps a retriable error after its own retries', async () => {
    const exhausted = Object.assign(new Error('retries exhausted'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: unknownTopic() });
    const { kafka, attempts } = kafkaAnswering([exhausted]);
    await createTopics(kafka, [{ topic: 't' }]);
    expect(attempts()).toBe(2);
  });

  it('gives up at once on an error that trying again cannot fix', async () => {
    const refused = brokerError('TOPIC_AUTHORIZATION_FAILED', false);
    const { kafka, attempts } = kafkaAnswering([refused]);
    await expect(createTopics(kafka, [{ topic: 't' }])).rejects.toBe(refused);
    expect(attempts()).toBe(1);
  });
});
