// Outbox relay throughput (events appended while it was stopped, drained to Kafka) and append →
// Kafka latency, each against raw kafkajs producing the same messages to the same broker.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { EventStore } from '../eventstore/event-store.ts';
import { type RelaySettings, relaySettingsFromEnv, startRelay } from '../eventstore/relay.ts';
import { readSettled, type StoredEvent, type StorePosition } from '../eventstore/stored-events.ts';
import { kafkaClient } from '../kafka/client.ts';
import { toKafkaMessage } from '../kafka/cloudevents.ts';
import { type Message, orderedProducer, type Producer } from '../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { alternate, type BenchContext, type Benchmark, type Measurement, median, timed } from './benchmark.ts';
import { benchEvent, benchStreamId } from './fixtures.ts';

const STREAMS = 100;
const DRAIN_ROUNDS = 4;
const EVENTS_PER_STREAM = 100;
const LATENCY_SAMPLES = 50;

function isAtOrAfter(position: StorePosition, target: StorePosition): boolean {
  return (
    position.transactionId > target.transactionId ||
    (position.transactionId === target.transactionId && position.globalPosition >= target.globalPosition)
  );
}

/** Records when the relay confirmed each batch, so a caller can wait for a position. */
class PublishWatch {
  private readonly confirmed: { upTo: StorePosition; at: number }[] = [];

  record = ({ upTo }: { upTo: StorePosition }) => {
    this.confirmed.push({ upTo, at: performance.now() });
  };

  /** The time the relay confirmed a batch reaching `target`. */
  async reached(target: StorePosition, timeoutMs = 60_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.confirmed.find((c) => isAtOrAfter(c.upTo, target));
      if (hit) return hit.at;
      if (performance.now() > deadline) throw new Error('the relay did not publish the benchmark events in time');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

async function positionOf(pool: pg.Pool, eventIds: string[]): Promise<StorePosition> {
  const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id, global_position FROM events WHERE event_id = ANY($1::uuid[])
      ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    [eventIds],
  );
  return { transactionId: BigInt(rows[0]!.transaction_id), globalPosition: BigInt(rows[0]!.global_position) };
}

/** The benchmark's own events as the relay will read them, to give raw kafkajs the same messages. */
async function storedEvents(pool: pg.Pool, streamIds: Set<string>, from: StorePosition, count: number): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  let after = from;
  while (found.length < count) {
    const page = await readSettled(pool, after, 5000);
    if (page.length === 0) throw new Error('the benchmark events are not all readable');
    found.push(...page.filter((e) => streamIds.has(e.event.streamId)));
    after = page.at(-1)!.position;
  }
  return found;
}

async function rawProducer(settings: RelaySettings, topicPrefix: string): Promise<{ producer: Producer; close: () => Promise<void> }> {
  const kafka = kafkaClient(settings, 'bench-raw');
  await ensureCaseTopics(kafka, topicPrefix, settings.partitions);
  // The relay's producer settings, so the ratio is the relay's own cost.
  const producer = orderedProducer(kafka);
  await producer.connect();
  return { producer, close: () => producer.disconnect() };
}

/** Appends a round's events with the relay stopped; returns the last one's position and the same events as Kafka messages. */
async function appendRound(pool: pg.Pool, from: StorePosition): Promise<{ last: StorePosition; messages: Message[] }> {
  const store = new EventStore(pool);
  const streamIds = new Set<string>();
  const lastEventIds: string[] = [];
  for (let s = 0; s < STREAMS; s++) {
    const streamId = benchStreamId();
    streamIds.add(streamId);
    const events = Array.from({ length: EVENTS_PER_STREAM }, () => benchEvent(streamId));
    lastEventIds.push(events.at(-1)!.eventId);
    await store.append(streamId, 0, events);
  }
  const stored = await storedEvents(pool, streamIds, from, STREAMS * EVENTS_PER_STREAM);
  return { last: await positionOf(pool, lastEventIds), messages: stored.map(toKafkaMessage) };
}

async function drain(context: BenchContext, pool: pg.Pool, settings: RelaySettings): Promise<Measurement> {
  // A first start sets the checkpoint to the end of the store; each round then appends with the
  // relay stopped and times the restarted relay until it confirmed the round's last event.
  const first = startRelay(settings);
  await first.active;
  await first.stop();
  const raw = await rawProducer(settings, `${settings.topicPrefix}-raw`);
  const rawTopic = caseTopic(`${settings.topicPrefix}-raw`, 'victim');
  const perRound = STREAMS * EVENTS_PER_STREAM;
  const { rows } = await pool.query<{ t: string; p: string }>(
    'SELECT last_transaction_id AS t, last_global_position AS p FROM relay_checkpoints WHERE relay_name = $1',
    [settings.relayName],
  );
  let from: StorePosition = { transactionId: BigInt(rows[0]!.t), globalPosition: BigInt(rows[0]!.p) };
  let round: Awaited<ReturnType<typeof appendRound>> | undefined;
  try {
    const seconds = await alternate(
      DRAIN_ROUNDS,
      async () => {
        const watch = new PublishWatch();
        const relay = startRelay({ ...settings, onPublished: watch.record });
        await relay.active;
        const activeAt = performance.now();
        const reachedAt = await watch.reached(round!.last);
        await relay.stop();
        return (reachedAt - activeAt) / 1000;
      },
      async () => {
        return timed(async () => {
          for (let i = 0; i < round!.messages.length; i += settings.batchSize) {
            await raw.producer.sendBatch({
              acks: -1,
              topicMessages: [{ topic: rawTopic, messages: round!.messages.slice(i, i + settings.batchSize) }],
            });
          }
        });
      },
      async (n) => {
        context.progress(
          `round ${n + 1}: appending ${perRound} events (${STREAMS} streams × ${EVENTS_PER_STREAM}) with the relay stopped…`,
        );
        round = await appendRound(pool, from);
        from = round.last;
      },
    );
    return {
      name: `relay drain, ${perRound} events × ${DRAIN_ROUNDS}`,
      figure: (perRound * DRAIN_ROUNDS) / seconds.measured,
      unit: 'events/s',
      baseline: `raw kafkajs sendBatch of ${settings.batchSize}`,
      baselineFigure: (perRound * DRAIN_ROUNDS) / seconds.baseline,
    };
  } finally {
    await raw.close();
  }
}

async function latency(context: BenchContext, pool: pg.Pool, settings: RelaySettings): Promise<Measurement> {
  context.progress(`append → Kafka latency, ${LATENCY_SAMPLES} single appends with the relay running…`);
  const store = new EventStore(pool);
  const watch = new PublishWatch();
  const relay = startRelay({ ...settings, onPublished: watch.record });
  await relay.active;
  const streamId = benchStreamId();
  const samples: number[] = [];
  try {
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const event = benchEvent(streamId);
      const started = performance.now();
      await store.append(streamId, i, [event]);
      const published = await watch.reached(await positionOf(pool, [event.eventId]));
      samples.push(published - started);
    }
  } finally {
    await relay.stop();
  }

  const raw = await rawProducer(settings, `${settings.topicPrefix}-raw`);
  const rawSamples: number[] = [];
  const topic = caseTopic(`${settings.topicPrefix}-raw`, 'victim');
  for (const event of await store.readStream(streamId)) {
    const message = toKafkaMessage({ caseKind: 'victim', event });
    rawSamples.push((await timed(() => raw.producer.send({ acks: -1, topic, messages: [message] }))) * 1000);
  }
  await raw.close();
  return {
    name: 'append → in Kafka + checkpoint, median',
    figure: median(samples),
    unit: 'ms',
    baseline: 'raw kafkajs send of 1, median',
    baselineFigure: median(rawSamples),
  };
}

export const relayBenchmark: Benchmark = {
  name: 'relay',
  async run(context) {
    const id = randomUUID().slice(0, 8);
    const settings: RelaySettings = {
      ...relaySettingsFromEnv({
        ...process.env,
        DATABASE_URL: context.settings.databaseUrl,
        KAFKA_BROKERS: context.settings.kafkaBrokers.join(','),
      }),
      relayName: `bench-${id}`,
      topicPrefix: `bench-${id}`,
      start: 'end',
      log: () => undefined,
    };
    const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
    try {
      return [await drain(context, pool, settings), await latency(context, pool, { ...settings, relayName: `bench-${id}-latency` })];
    } finally {
      await pool.end();
    }
  },
};
