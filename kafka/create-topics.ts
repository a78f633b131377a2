// Creating topics that another process may be creating at the same moment. On a fresh stack the
// relay, the projectors and the agency router all create the case topics at once. Right after a
// topic is created the broker can still answer metadata requests with UNKNOWN_TOPIC_OR_PARTITION
// (a retriable error kafkajs does not retry while it waits for leaders; unretried, it ended the
// router), and a process that finds the topics already created is not made to wait for their
// leaders at all. So: create, then check that every partition has a leader, and try again on
// retriable errors for a while; other errors are thrown at once.
import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import { sleep } from '../infra/sleep.ts';

const GIVE_UP_AFTER_MS = 60_000;

/** kafkajs marks broker errors worth another try, and wraps the last one when its own retries run out. */
function isRetriable(error: unknown): boolean {
  const e = error as { retriable?: unknown; cause?: unknown } | undefined;
  return e?.retriable === true || (e?.cause !== undefined && isRetriable(e.cause));
}

async function everyPartitionLed(admin: Admin, topics: string[]): Promise<boolean> {
  const metadata = await admin.fetchTopicMetadata({ topics });
  return (
    metadata.topics.length === topics.length &&
    metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))
  );
}

/** Creates those of `topics` that do not exist yet and waits until every partition of each has a leader. */
export async function createTopics(kafka: Kafka, topics: ITopicConfig[]): Promise<void> {
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (let attempt = 1; ; attempt++) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.createTopics({ topics, waitForLeaders: true });
      if (await everyPartitionLed(admin, names)) return;
    } catch (error) {
      if (!isRetriable(error) || Date.now() > deadline) throw error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline)
      throw new Error(`Kafka gave no leader to every partition of ${names.join(', ')} within ${GIVE_UP_AFTER_MS / 1000} s`);
    await sleep(Math.min(250 * attempt, 2000));
  }
}
