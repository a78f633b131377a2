// The outbox relay: publishes stored events to Kafka in commit-safe order, exactly one active
// instance per relay name. At least once: a crash after Kafka acknowledged a batch but before its
// checkpoint was written republishes it (at most the last two batches), so consumers skip a
// (streamId, streamVersion) they have already applied. With tracing on, each traced event is
// published in a span of its own, the child of the command's span stored with it, and its message
// carries that span on as `ce_traceparent`; untraced events start no trace here.
import { type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import pg from 'pg';
import { startSpan, traceparentOf } from '../infra/tracing.ts';
import { kafkaClient } from '../kafka/client.ts';
import { toKafkaMessage } from '../kafka/cloudevents.ts';
import { produceRequests } from '../kafka/produce-requests.ts';
import { orderedProducer, type Producer, type TopicMessages } from '../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.ts';
import { EVENTS_CHANNEL } from './event-store.ts';
import { relayPublished } from './relay-metrics.ts';
import type { RelaySettings } from './relay-settings.ts';
import { hasUnsettled, readSettled, type StoredEvent, type StorePosition } from './stored-events.ts';
import { Wakeup } from './wakeup.ts';

export type { RelaySettings } from './relay-settings.ts';
export { relaySettingsFromEnv } from './relay-settings.ts';

export interface RelayHandle {
  /** Resolves once this instance holds the lock and publishes; stays pending while another instance is active. */
  readonly active: Promise<void>;
  /** Finishes the batch in flight, releases the lock and disconnects. */
  stop(): Promise<void>;
}

const RESTART_DELAY_MS = 1000;
const CLIENT_CHECK_INTERVAL_MS = 1000;
const FIRST_HELD_BACK_RETRY_MS = 5;
const LAST_HELD_BACK_RETRY_MS = 100;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function show(position: StorePosition): string {
  return `${position.transactionId}/${position.globalPosition}`;
}

class OutboxRelay {
  private stopping = false;
  private readonly wakeup = new Wakeup();
  private connectionLost: Error | undefined;
  private markActive: () => void = () => undefined;
  readonly active = new Promise<void>((resolve) => {
    this.markActive = resolve;
  });

  constructor(private readonly settings: RelaySettings) {}

  /** Runs sessions until stopped; a failed session (database or broker gone) starts over. */
  async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.session();
      } catch (error) {
        if (this.stopping) break;
        this.log(`failed (${describe(error)}); starting over in ${RESTART_DELAY_MS} ms`);
        await this.wakeup.wait(RESTART_DELAY_MS);
      }
    }
  }

  stop(): void {
    this.stopping = true;
    this.wakeup.stop();
  }

  private log(line: string): void {
    this.settings.log(`relay ${this.settings.relayName}: ${line}`);
  }

  /** One dedicated connection holds the lock, listens and reads: if it dies, the lock goes with it. */
  private async session(): Promise<void> {
    const { databaseUrl, relayName } = this.settings;
    const db = new pg.Client({ connectionString: databaseUrl, application_name: `taskforce relay ${relayName}` });
    this.connectionLost = undefined;
    db.on('error', (error) => {
      this.connectionLost = error;
      this.wakeup.wake();
    });
    db.on('notification', () => this.wakeup.wake());
    let producer: Producer | undefined;
    try {
      await db.connect();
      // If this process dies while its backend waits (say on a row lock), the backend notices within
      // a second and ends, releasing the advisory lock for a standby instead of holding it on.
      await db.query(`SET client_connection_check_interval = ${CLIENT_CHECK_INTERVAL_MS}`);
      if (!(await this.takeLock(db))) return;
      await db.query(`LISTEN ${EVENTS_CHANNEL}`);
      producer = await this.connectProducer();
      const checkpoint = await loadCheckpoint(db, relayName, this.settings.start);
      this.log(`active, publishing after position ${show(checkpoint)} to ${this.settings.topicPrefix}.<case kind>.events`);
      this.markActive();
      await this.publishUntilStopped(db, producer, checkpoint);
    } finally {
      await producer?.disconnect().catch(() => undefined);
      await db.end().catch(() => undefined);
    }
  }

  private async takeLock(db: pg.Client): Promise<boolean> {
    let announced = false;
    while (!this.stopping) {
      const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [
        `taskforce-relay:${this.settings.relayName}`,
      ]);
      if (rows[0]!.locked) return true;
      if (!announced) this.log('waiting: another instance holds the lock');
      announced = true;
      await this.wakeup.wait(this.settings.lockRetryMs);
      if (this.connectionLost) throw this.connectionLost;
    }
    return false;
  }

  private async connectProducer(): Promise<Producer> {
    const { relayName, topicPrefix, partitions } = this.settings;
    const kafka = kafkaClient(this.settings, `taskforce-relay-${relayName}`);
    await ensureCaseTopics(kafka, topicPrefix, partitions);
    const producer = orderedProducer(kafka);
    await producer.connect();
    return producer;
  }

  private async publishUntilStopped(db: pg.Client, producer: Producer, from: StorePosition): Promise<void> {
    let position = from;
    let heldBackRetryMs = 0;
    // Waiting for Kafka's acknowledgement is the slow step: the next read and the previous batch's
    // checkpoint write run on the database meanwhile (in that order, on this one connection).
    let next = this.readAfter(db, position);
    let checkpointed: Promise<void> = Promise.resolve();
    try {
      while (!this.stopping) {
        if (this.connectionLost) throw this.connectionLost;
        const batch = await next;
        if (batch.length > 0) {
          const upTo = batch.at(-1)!.position;
          next = this.readAfter(db, upTo);
          await this.publish(producer, batch);
          await checkpointed;
          checkpointed = this.checkpoint(db, batch.length, upTo);
          position = upTo;
          heldBackRetryMs = 0;
          continue;
        }
        if (await hasUnsettled(db, position)) {
          // Committed events wait behind a transaction still in flight, which may never NOTIFY
          // (not an append, or rolled back): look again soon instead of at the next poll.
          heldBackRetryMs = Math.min(
            Math.max(heldBackRetryMs * 2, FIRST_HELD_BACK_RETRY_MS),
            Math.min(LAST_HELD_BACK_RETRY_MS, this.settings.pollIntervalMs),
          );
          await this.wakeup.wait(heldBackRetryMs);
        } else {
          heldBackRetryMs = 0;
          await this.wakeup.wait(this.settings.pollIntervalMs);
        }
        next = this.readAfter(db, position);
      }
      await checkpointed;
    } finally {
      await Promise.allSettled([next, checkpointed]);
    }
  }

  /** Starts reading the next batch; a failure surfaces where the batch is awaited. */
  private readAfter(db: pg.Client, position: StorePosition): Promise<StoredEvent[]> {
    this.wakeup.clear(); // a NOTIFY from now on may not be in this read: it will trigger another
    const read = readSettled(db, position, this.settings.batchSize);
    read.catch(() => undefined);
    return read;
  }

  /** Stores the checkpoint of a batch Kafka acknowledged; a failure surfaces where it is awaited. */
  private checkpoint(db: pg.Client, count: number, upTo: StorePosition): Promise<void> {
    const saved = saveCheckpoint(db, this.settings.relayName, upTo).then(() => {
      this.log(`published ${count} events up to position ${show(upTo)}`);
      relayPublished(this.settings.relayName, count);
      this.settings.onPublished?.({ count, upTo });
    });
    saved.catch(() => undefined);
    return saved;
  }

  /** Sends the batch, acknowledged by every in-sync replica, each traced event in its publish span. */
  private async publish(producer: Producer, batch: StoredEvent[]): Promise<void> {
    const spans = batch.map((stored) => this.publishSpan(stored));
    try {
      for (const topicMessages of this.produceRequests(batch, spans)) await producer.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      for (const span of spans) span?.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      for (const span of spans) span?.end();
    }
  }

  private publishSpan(stored: StoredEvent): Span | undefined {
    if (!stored.traceparent) return undefined;
    const topic = caseTopic(this.settings.topicPrefix, stored.caseKind);
    return startSpan(`send ${topic}`, {
      kind: SpanKind.PRODUCER,
      parent: stored.traceparent,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'taskforce.case_id': stored.event.streamId,
        'taskforce.event_type': stored.event.type,
      },
    });
  }

  /** The batch as produce requests small enough for the broker, in store order; a traced event's message continues its publish span. */
  private produceRequests(batch: StoredEvent[], spans: (Span | undefined)[]): TopicMessages[][] {
    return produceRequests(
      batch.map((stored, i) => {
        const span = spans[i];
        return {
          topic: caseTopic(this.settings.topicPrefix, stored.caseKind),
          message: toKafkaMessage({ ...stored, traceparent: span ? traceparentOf(span) : stored.traceparent }),
        };
      }),
    );
  }
}

export function startRelay(settings: RelaySettings): RelayHandle {
  const relay = new OutboxRelay(settings);
  const running = relay.run();
  return {
    active: relay.active,
    stop: async () => {
      relay.stop();
      await running;
    },
  };
}
