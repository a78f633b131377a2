// Shared by the relay tests: a Kafka reader that collects what the relay published, and the relay
// as a child process (so a test can kill -9 it), each with names of its own on the shared stack.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../events/envelope.ts';
import { type RelaySettings, relaySettingsFromEnv } from '../../eventstore/relay.ts';
import { loadSettings } from '../../infra/settings.ts';
import { kafkaClient } from '../../kafka/client.ts';
import { ScriptProcess } from './script-process.ts';

export interface Published {
  topic: string;
  partition: number;
  key: string;
  headers: Record<string, string>;
  envelope: EventEnvelope;
}

/** Fresh relay name and topic prefix, so concurrent test runs never share a checkpoint or a topic. */
export interface RelayEnv extends Record<string, string> {
  TASKFORCE_RELAY_NAME: string;
  TASKFORCE_TOPIC_PREFIX: string;
}

export function isolatedRelayEnv(): RelayEnv {
  const id = randomUUID().slice(0, 8);
  return {
    TASKFORCE_RELAY_NAME: `test-${id}`,
    TASKFORCE_TOPIC_PREFIX: `test-${id}`,
    // The shared test database holds every earlier run's events: start from now, not from the beginning.
    TASKFORCE_RELAY_START: 'end',
    TASKFORCE_RELAY_LOCK_RETRY_MS: '100',
  };
}

export function isolatedRelaySettings(overrides: Partial<RelaySettings> = {}): RelaySettings {
  return { ...relaySettingsFromEnv({ ...process.env, ...isolatedRelayEnv() }), log: () => undefined, ...overrides };
}

/**
 * Reads the victim topic under `topicPrefix` from the beginning until `done` holds for what was
 * read; throws with a summary when it does not within the timeout.
 */
export async function readPublished(
  topicPrefix: string,
  done: (published: Published[]) => boolean,
  timeoutMs = 30_000,
): Promise<Published[]> {
  const kafka = kafkaClient(loadSettings(), 'relay-test');
  const consumer = kafka.consumer({ groupId: `relay-test-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const published: Published[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: `${topicPrefix}.victim.events`, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`after ${timeoutMs} ms, ${published.length} messages read and not done`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          published.push({ topic, partition, key: message.key!.toString(), headers, envelope: JSON.parse(message.value!.toString()) });
          if (done(published)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return published;
}

/** Each stream's versions in the order Kafka delivered them, duplicates (at least once) dropped. */
export function versionsByStream(published: Published[], streamIds: string[]): Map<string, number[]> {
  const versions = new Map(streamIds.map((id) => [id, [] as number[]]));
  for (const { envelope } of published) {
    const seen = versions.get(envelope.streamId);
    if (seen && !seen.includes(envelope.streamVersion)) seen.push(envelope.streamVersion);
  }
  return versions;
}

export function countOf(published: Published[], streamIds: string[]): number {
  return [...versionsByStream(published, streamIds).values()].reduce((sum, v) => sum + v.length, 0);
}

/** `app/relay.ts` as a child process a test can kill -9. */
export class RelayProcess extends ScriptProcess {
  constructor(env: Record<string, string>) {
    super('relay', 'app/relay.ts', env);
  }
}
