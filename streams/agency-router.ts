// The agency router: a Kafka consumer group over the case topics that writes, for every agency, a
// topic `<prefix>.agency.<agency>.events` holding only the events that agency may see, with the
// personal fields it may not see replaced by "[REDACTED]". The view is the agency's liaison with the
// highest clearance and no case assignment (agency-topics.ts says why); the rules are the API's own
// (event-view.ts), each event judged with its case's classification as of that event, read from the
// event store (classified-events.ts), so a topic never shows more than that liaison could read over HTTP.
//
// Order: messages keep the case topic's key (the stream id), so each case's events stay in order on
// one partition of every agency topic; partition batches are routed one at a time by an idempotent
// producer with one request in flight, so a retried send neither duplicates nor reorders.
//
// At least once: a partition batch's offsets are committed to Kafka only after every agency topic
// acknowledged its copies (acks from all in-sync replicas). A crash or a rebalance between the two
// routes the batch again, and the relay upstream is at least once too, so an agency topic can hold
// an event twice: consumers skip a (streamId, streamVersion) they have already applied, as the
// projections do. (Kafka transactions would remove the router's own duplicates only for
// read_committed consumers, and not the relay's, so consumers would deduplicate anyway.)
//
// Victims' personal values arrive sealed with each person's key (privacy/vault.ts). The router opens
// them (an erased person's read "[ERASED]") before redacting, so an agency reads what it may see in
// clear; that copy is out of an erasure's reach, which is why agency topics keep messages only for
// a bounded time (TASKFORCE_AGENCY_TOPIC_RETENTION_MS, a week by default).
//
// A message that is not an event envelope is skipped and counted (it can never become one); an
// event type this code does not know fails the batch, which is fetched again after a restart with
// newer code, rather than being dropped for every agency or passed on unredacted.

import pg from 'pg';
import { eventDefinition } from '../events/catalogue.ts';
import { Agency, type Classification, type EventEnvelope } from '../events/envelope.ts';
import { classificationsAsOf } from '../eventstore/stream-classification.ts';
import { type Kafka, kafkaClient } from '../kafka/client.ts';
import { eventFromMessage, toKafkaMessage, traceparentOfMessage } from '../kafka/cloudevents.ts';
import { type Batch, type Consumer, consumeBatches, inBatchSpan, type KafkaMessage, pipelineConsumer } from '../kafka/consumer.ts';
import { produceRequests } from '../kafka/produce-requests.ts';
import { type Message, orderedProducer, type Producer, type TopicMessages } from '../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { loadMasterKeyring } from '../privacy/master-key.ts';
import { PersonalDataVault } from '../privacy/vault.ts';
import { CaseKind } from '../workflows/kinds.ts';
import { agencyTopic, agencyTopicReader, ensureAgencyTopics } from './agency-topics.ts';
import { eventAsSeenBy } from './event-view.ts';
import { routerDelivered, routerLag } from './router-metrics.ts';
import type { RouterSettings } from './router-settings.ts';

export type { RouterSettings } from './router-settings.ts';
export { routerSettingsFromEnv } from './router-settings.ts';

export interface RouterCounts {
  /** Partition batches routed and committed. */
  batches: number;
  /** Case events read (duplicates included). */
  routed: number;
  /** Copies written, per agency topic. */
  delivered: Record<Agency, number>;
  /** Messages that were not event envelopes. */
  malformed: number;
}

export interface RouterHandle {
  /** Resolves once the consumer has joined its group and holds partitions. */
  readonly joined: Promise<void>;
  counts(): RouterCounts;
  /** Finishes the batch in flight, leaves the group and disconnects. */
  stop(): Promise<void>;
}

const READERS = Agency.options.map((agency) => ({ agency, reader: agencyTopicReader(agency) }));

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The messages each agency topic receives for these case messages, in their order, given each
 * event's case classification as of that event; a copy carries on its case message's trace.
 */
export function routeEvents(
  events: readonly EventEnvelope[],
  caseClassifications: readonly Classification[],
  traceparents: readonly (string | undefined)[] = [],
): Map<Agency, Message[]> {
  const routed = new Map<Agency, Message[]>();
  for (const [i, event] of events.entries()) {
    const caseKind = eventDefinition(event.type).kind;
    for (const { agency, reader } of READERS) {
      const visible = eventAsSeenBy(reader, event, caseClassifications[i]!);
      if (!visible) continue;
      const messages = routed.get(agency) ?? [];
      messages.push(toKafkaMessage({ caseKind, event: visible, traceparent: traceparents[i] }));
      routed.set(agency, messages);
    }
  }
  return routed;
}

/** The routed copies as produce requests small enough for the broker (one event always fits), in order. */
export function agencyProduceRequests(topicPrefix: string, routed: Map<Agency, Message[]>): TopicMessages[][] {
  return produceRequests(
    [...routed].flatMap(([agency, messages]) => messages.map((message) => ({ topic: agencyTopic(topicPrefix, agency), message }))),
  );
}

class AgencyRouter implements RouterHandle {
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly pool: pg.Pool;
  private readonly vault: PersonalDataVault;
  private readonly tally: RouterCounts = {
    batches: 0,
    routed: 0,
    delivered: Object.fromEntries(Agency.options.map((a) => [a, 0])) as Record<Agency, number>,
    malformed: 0,
  };
  private markJoined: () => void = () => undefined;
  readonly joined = new Promise<void>((resolve) => {
    this.markJoined = resolve;
  });

  constructor(private readonly settings: RouterSettings) {
    this.pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 1, application_name: 'taskforce agency router' });
    // An idle connection that drops is replaced at the next batch; the error must not end the process.
    this.pool.on('error', (error) => this.log(`idle database connection lost (${describe(error)})`));
    this.vault = new PersonalDataVault(
      this.pool,
      loadMasterKeyring(process.env, (warning) => this.log(warning)),
    );
    this.kafka = kafkaClient(settings, 'taskforce-agency-router');
    this.consumer = pipelineConsumer(this.kafka, {
      groupId: settings.groupId,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      maxWaitTimeInMs: 100,
    });
    this.producer = orderedProducer(this.kafka);
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.markJoined());
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      this.log(`consumer crashed (${describe(payload.error)}); ${payload.restart ? 'restarting' : 'not restarting'}`),
    );
  }

  async start(): Promise<void> {
    const { topicPrefix, partitions } = this.settings;
    await ensureCaseTopics(this.kafka, topicPrefix, partitions);
    await ensureAgencyTopics(this.kafka, topicPrefix, partitions, this.settings.agencyRetentionMs);
    await this.producer.connect();
    // A new group starts at the beginning: the agency topics are derived from the case topics.
    const caseTopics = CaseKind.options.map((kind) => caseTopic(topicPrefix, kind));
    await consumeBatches(
      this.consumer,
      caseTopics,
      async (batch, { resolveOffset }) => {
        await inBatchSpan('route to agency topics', batch, {}, () => this.routeBatch(batch));
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        // Only now, with every copy acknowledged, is the batch consumed.
        await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        resolveOffset(batch.lastOffset());
        this.tally.batches++;
      },
      routerLag,
    );
  }

  counts(): RouterCounts {
    return { ...this.tally, delivered: { ...this.tally.delivered } };
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
    await this.pool.end();
  }

  private log(line: string): void {
    this.settings.log(`agency router: ${line}`);
  }

  private async routeBatch(batch: Batch): Promise<void> {
    const parsed = batch.messages.map((m) => ({ event: this.parse(batch, m), traceparent: traceparentOfMessage(m) }));
    const wellFormed = parsed.filter((p): p is { event: EventEnvelope; traceparent: string | undefined } => p.event !== null);
    const events = await this.vault.openEvents(wellFormed.map((p) => p.event));
    const routed = routeEvents(
      events,
      await classificationsAsOf(this.pool, events),
      wellFormed.map((p) => p.traceparent),
    );
    this.tally.routed += events.length;
    // One request after another, in order: the idempotent producer keeps each partition's order.
    for (const topicMessages of agencyProduceRequests(this.settings.topicPrefix, routed)) {
      await this.producer.sendBatch({ acks: -1, topicMessages });
    }
    for (const [agency, messages] of routed) {
      this.tally.delivered[agency] += messages.length;
      routerDelivered(agency, messages.length);
    }
  }

  private parse(batch: Batch, message: KafkaMessage): EventEnvelope | null {
    const event = eventFromMessage(message);
    if (event) return event;
    this.tally.malformed++;
    this.log(`message at ${batch.topic}/${batch.partition}@${message.offset} is not an event envelope; skipped`);
    return null;
  }
}

/** Starts routing; resolves once the consumer runs (see `joined` for the group). */
export async function startAgencyRouter(settings: RouterSettings): Promise<RouterHandle> {
  const router = new AgencyRouter(settings);
  try {
    await router.start();
  } catch (error) {
    await router.stop().catch(() => undefined);
    throw error;
  }
  return router;
}
