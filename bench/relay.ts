// Outbox relay throughput (events appended while it was stopped, drained to Kafka) against raw
// kafkajs producing the same messages in the same batches; and commit → Kafka latency (from the
// append's return to the relay's confirmation that Kafka acknowledged it), p50 and p99 of single
// appends, idle and while a second process appends, against a raw produce of the same message
// under the same load.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { EventStore } from '../eventstore/event-store.ts';
import { type RelaySettings, relaySettingsFromEnv, startRelay } from '../eventstore/relay.ts';
import { readSettled, type StoredEvent, type StorePosition } from '../eventstore/stored-events.ts';
import { sleep } from '../infra/sleep.ts';
import { kafkaClient } from '../kafka/client.ts';
import { toKafkaMessage } from '../kafka/cloudevents.ts';
import { type Message, orderedProducer, type Producer } from '../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { alternate, type BenchContext, type Benchmark, type Measurement, perSecond, quantile, ROUNDS, timed } from './benchmark.ts';
import { benchEvent, benchStreamId } from './fixtures.ts';

const EVENTS_PER_STREAM = 100;
/** The second process's load: appends of LOAD_BATCH events, LOAD_RATE a second. */
const LOAD_RATE = 100;
const LOAD_BATCH = 5;

const sizes = (quick: boolean) => (quick ? { streams: 20, samples: 200 } : { streams: 50, samples: 1000 });

function isAtOrAfter(position: StorePosition, target: StorePosition): boolean {
  return (
    position.transactionId > target.transactionId ||
    (position.transactionId === target.transactionId && position.globalPosition >= target.globalPosition)
  );
}

/** Records when the relay confirmed each batch, so a caller can wait for a position. */
class PublishWatch {
  private readonly confirmed: { upTo: StorePosition; at: number }[] = [];
  private readonly waiting = new Set<() => void>();

  record = ({ upTo }: { upTo: StorePosition }) => {
    this.confirmed.push({ upTo, at: performance.now() });
    for (const wake of this.waiting) wake();
  };

  /** The time the relay confirmed a batch reaching `target`. */
  async reached(target: StorePosition, timeoutMs = 60_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // The latest confirmations are the likeliest hits: search from the end.
      for (let i = this.confirmed.length - 1; i >= 0; i--) {
        if (!isAtOrAfter(this.confirmed[i]!.upTo, target)) break;
        if (i === 0 || !isAtOrAfter(this.confirmed[i - 1]!.upTo, target)) return this.confirmed[i]!.at;
      }
      if (performance.now() > deadline) throw new Error('the relay did not publish the benchmark events in time');
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 100);
        this.waiting.add(wake);
      });
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
async function appendRound(pool: pg.Pool, from: StorePosition, streams: number): Promise<{ last: StorePosition; messages: Message[] }> {
  const store = new EventStore(pool);
  const streamIds = new Set<string>();
  const lastEventIds: string[] = [];
  for (let s = 0; s < streams; s++) {
    const streamId = benchStreamId();
    streamIds.add(streamId);
    const events = Array.from({ length: EVENTS_PER_STREAM }, () => benchEvent(streamId));
    lastEventIds.push(events.at(-1)!.eventId);
    await store.append(streamId, 0, events);
  }
  const stored = await storedEvents(pool, streamIds, from, streams * EVENTS_PER_STREAM);
  return { last: await positionOf(pool, lastEventIds), messages: stored.map(toKafkaMessage) };
}

async function drain(context: BenchContext, pool: pg.Pool, settings: RelaySettings): Promise<Measurement> {
  const { streams } = sizes(context.quick);
  // A first start sets the checkpoint to the end of the store; each round then appends with the
  // relay stopped and times the restarted relay until it confirmed the round's last event.
  const first = startRelay(settings);
  await first.active;
  await first.stop();
  const raw = await rawProducer(settings, `${settings.topicPrefix}-raw`);
  const rawTopic = caseTopic(`${settings.topicPrefix}-raw`, 'victim');
  const perRound = streams * EVENTS_PER_STREAM;
  const { rows } = await pool.query<{ t: string; p: string }>(
    'SELECT last_transaction_id AS t, last_global_position AS p FROM relay_checkpoints WHERE relay_name = $1',
    [settings.relayName],
  );
  let from: StorePosition = { transactionId: BigInt(rows[0]!.t), globalPosition: BigInt(rows[0]!.p) };
  let round: Awaited<ReturnType<typeof appendRound>> | undefined;
  try {
    const seconds = await alternate(
      ROUNDS,
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
          `round ${n + 1}: appending ${perRound} events (${streams} streams × ${EVENTS_PER_STREAM}) with the relay stopped…`,
        );
        round = await appendRound(pool, from, streams);
        from = round.last;
      },
    );
    return {
      name: 'relay drain',
      unit: 'events/s',
      n: perRound,
      figures: perSecond(perRound, seconds.measured),
      baseline: { name: `raw kafkajs sendBatch of ${settings.batchSize}, same messages`, figures: perSecond(perRound, seconds.baseline) },
      target: { compare: '>=', times: 0.8, plus: 0 },
    };
  } finally {
    await raw.close();
  }
}

/** Runs the second process's appends until the returned stop is called. */
function startLoad(context: BenchContext): { stop: () => Promise<void> } {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: path.join(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: context.settings.databaseUrl, BENCH_APPEND_LOAD: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Quantiles {
  p50: number;
  p99: number;
}

const quantiles = (samples: number[]): Quantiles => ({ p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) });

/** Commit → Kafka of `samples` single appends, one after another, with the relay running. */
async function commitToKafka(pool: pg.Pool, settings: RelaySettings, samples: number): Promise<Quantiles> {
  const store = new EventStore(pool);
  const watch = new PublishWatch();
  const relay = startRelay({ ...settings, onPublished: watch.record });
  await relay.active;
  const streamId = benchStreamId();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const event = benchEvent(streamId);
      await store.append(streamId, i, [event]);
      const committed = performance.now();
      const published = await watch.reached(await positionOf(pool, [event.eventId]));
      latencies.push(published - committed);
    }
  } finally {
    await relay.stop();
  }
  return quantiles(latencies);
}

/** Raw produce of `samples` messages of one event each, one after another, acknowledged by every replica. */
async function rawProduce(settings: RelaySettings, samples: number): Promise<Quantiles> {
  const raw = await rawProducer(settings, `${settings.topicPrefix}-raw`);
  const topic = caseTopic(`${settings.topicPrefix}-raw`, 'victim');
  const streamId = benchStreamId();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const event = { ...benchEvent(streamId), streamVersion: i + 1, schemaVersion: 1, recordedAt: new Date().toISOString() };
      const message = toKafkaMessage({ caseKind: 'victim', event: { ...event, classification: 'RESTRICTED' } });
      latencies.push((await timed(() => raw.producer.send({ acks: -1, topic, messages: [message] }))) * 1000);
    }
  } finally {
    await raw.close();
  }
  return quantiles(latencies);
}

async function latency(context: BenchContext, pool: pg.Pool, settings: RelaySettings, loaded: boolean): Promise<Measurement[]> {
  const { samples } = sizes(context.quick);
  const load = loaded ? startLoad(context) : undefined;
  try {
    if (load) await sleep(2000); // the load under way before anything is timed
    const results = await alternate(
      ROUNDS,
      () => commitToKafka(pool, { ...settings, relayName: `${settings.relayName}-${randomUUID().slice(0, 8)}` }, samples),
      () => rawProduce(settings, samples),
      async (n) =>
        context.progress(`commit → Kafka${loaded ? ', while a second process appends' : ''}, round ${n + 1}: ${samples} samples each…`),
    );
    const when = loaded ? `, second process appending ${LOAD_RATE * LOAD_BATCH} events/s` : ', idle';
    return (['p50', 'p99'] as const).map((q) => ({
      name: `commit → Kafka ${q}${when}`,
      unit: 'ms',
      n: samples,
      figures: results.measured.map((r) => r[q]),
      baseline: { name: `raw produce of 1, ${q}`, figures: results.baseline.map((r) => r[q]) },
      // The relay reads after the commit and confirms after the acknowledgement: ≤ 2× raw + 50 ms.
      ...(q === 'p99' ? { target: { compare: '<=' as const, times: 2, plus: 50 } } : {}),
    }));
  } finally {
    await load?.stop();
  }
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
      const latencySettings = { ...settings, relayName: `bench-${id}-latency` };
      return [
        await drain(context, pool, settings),
        ...(await latency(context, pool, latencySettings, false)),
        ...(await latency(context, pool, latencySettings, true)),
      ];
    } finally {
      await pool.end();
    }
  },
};

// ---- the second process's load --------------------------------------------------------------------

async function appendLoad(databaseUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const store = new EventStore(pool);
  let stopping = false;
  process.once('SIGTERM', () => {
    stopping = true;
  });
  const started = performance.now();
  let sent = 0;
  while (!stopping) {
    const streamId = benchStreamId();
    await store.append(
      streamId,
      0,
      Array.from({ length: LOAD_BATCH }, () => benchEvent(streamId)),
    );
    sent++;
    // Paced: the load is a steady rate, not whatever is left of the machine.
    const ahead = (sent * 1000) / LOAD_RATE - (performance.now() - started);
    if (ahead > 0) await sleep(ahead);
  }
  await pool.end();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.env.BENCH_APPEND_LOAD) {
  await appendLoad(process.env.DATABASE_URL!);
}
