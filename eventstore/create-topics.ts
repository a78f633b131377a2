// Creating topics that another process may be creating at the same moment. Right after a topic is
// created, the broker can still answer the metadata request that waits for its leaders with
// UNKNOWN_TOPIC_OR_PARTITION (a retriable error kafkajs does not retry there); on a fresh stack the
// relay, the projectors and the agency router all create the case topics at once, and an
// unretried error ended the router. Retriable errors are retried for a while; others are thrown.
import type { ITopicConfig, Kafka } from 'kafkajs';
import { sleep } from '../infra/process.ts';

const GIVE_UP_AFTER_MS = 60_000;

function isRetriable(error: unknown): boolean {
  const e = error as { retriable?: unknown; originalError?: unknown };
  return e?.retriable === true || (e?.originalError !== undefined && isRetriable(e.originalError));
}

/** Creates those of `topics` that do not exist yet and waits until each has a leader. */
export async function createTopics(kafka: Kafka, topics: ITopicConfig[]): Promise<void> {
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (let attempt = 1; ; attempt++) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.createTopics({ topics, waitForLeaders: true });
      return;
    } catch (error) {
      if (!isRetriable(error) || Date.now() > deadline) throw error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(Math.min(250 * attempt, 2000));
  }
}
