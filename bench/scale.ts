// The scale run: 100,000 victim cases and 1,000,000 events through the whole pipeline — appended
// to the event store, relayed to Kafka, folded live by the `cases` projection — then a full
// rebuild of that projection; each stage against a raw baseline of the same rows and payloads in
// the same run, plus the peak memory of this process, which runs the store client, the relay and
// the projection together. One round of each (10^6 events take minutes): run only when named,
// `npm run bench -- scale`. TASKFORCE_SCALE_EVENTS sets the size (default 1,000,000, 100,000 with
// --quick; ten events per case).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventEnvelope, NewEvent } from '../events/envelope.ts';
import { saveCheckpoint } from '../eventstore/checkpoints.ts';
import { EventStore } from '../eventstore/event-store.ts';
import { startRelay } from '../eventstore/relay.ts';
import { relaySettingsFromEnv } from '../eventstore/relay-settings.ts';
import { lastSettledPosition } from '../eventstore/stored-events.ts';
import { progressCounter, progressReporter } from '../infra/progress.ts';
import { kafkaClient } from '../kafka/client.ts';
import { toKafkaMessage } from '../kafka/cloudevents.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { casesProjection } from '../projections/cases.ts';
import { ownedTables } from '../projections/projection.ts';
import { copyTables, dropSchema } from '../projections/read-model-schema.ts';
import { rebuildProjection } from '../projections/rebuild.ts';
import { startProjection } from '../projections/runner.ts';
import { projectionSettingsFromEnv } from '../projections/settings.ts';
import { type BenchContext, type Benchmark, type Measurement, timed } from './benchmark.ts';
import { createScratchTable, rawBatch } from './eventstore.ts';
import { rawLiveSeconds, victimCase } from './projections.ts';

const EVENTS_PER_CASE = 10;
const APPEND_CONCURRENCY = 8;
/** `--quick`'s size: a tenth, its rebuild time scaled to 10^6 events for the target. */
const QUICK_EVENTS = 100_000;

function asNewEvents(envelopes: EventEnvelope[]): NewEvent[] {
  return envelopes.map(({ eventId, type, streamId, occurredAt, actor, correlationId, causationId, data }) => ({
    eventId,
    type,
    streamId,
    occurredAt,
    actor,
    correlationId,
    causationId,
    data,
  }));
}

const megabytes = (kilobytes: number) => kilobytes / 1024;

async function waitFor(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not finish within 30 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const scaleBenchmark: Benchmark = {
  name: 'scale',
  async run(context: BenchContext): Promise<Measurement[]> {
    const events = Number(process.env.TASKFORCE_SCALE_EVENTS ?? (context.quick ? QUICK_EVENTS : 1_000_000));
    const cases = Math.ceil(events / EVENTS_PER_CASE);
    const id = randomUUID().slice(0, 8);
    const env = {
      ...process.env,
      DATABASE_URL: context.settings.databaseUrl,
      KAFKA_BROKERS: context.settings.kafkaBrokers.join(','),
      TASKFORCE_TOPIC_PREFIX: `scale-${id}`,
      TASKFORCE_RELAY_NAME: `scale-${id}`,
      TASKFORCE_READ_MODEL_SCHEMA: `rm_scale_${id}`,
    };
    const rssAtStart = process.memoryUsage().rss / 1024;
    const pool = new pg.Pool({ connectionString: context.settings.databaseUrl, max: APPEND_CONCURRENCY + 2 });
    const store = new EventStore(pool);
    const kafka = kafkaClient(context.settings, 'bench-scale');
    const caseIds = Array.from({ length: cases }, () => `victim-scale-${randomUUID()}`);
    const measurements: Measurement[] = [];
    const projectionSettings = { ...projectionSettingsFromEnv(env), log: () => undefined };
    const db = await pool.connect();
    try {
      // 1. Append: one 10-event append per case, as a workflow's batch would be.
      const relaySettings = { ...relaySettingsFromEnv(env), log: () => undefined };
      await saveCheckpoint(db, relaySettings.relayName, await lastSettledPosition(db));
      context.progress(
        `appending ${events.toLocaleString()} events of ${cases.toLocaleString()} cases (topics ${env.TASKFORCE_TOPIC_PREFIX}.*)…`,
      );
      const appending = progressCounter(progressReporter('  appended', { unit: 'events' }), cases * EVENTS_PER_CASE);
      const appendSeconds = await timed(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: APPEND_CONCURRENCY }, async () => {
            for (let i = next++; i < cases; i = next++) {
              await store.append(caseIds[i]!, 0, asNewEvents(victimCase(caseIds[i]!, i % 365)));
              appending.advance(EVENTS_PER_CASE);
            }
          }),
        );
      });
      appending.finish();
      const scratch = await createScratchTable(pool);
      const sample = caseIds;
      const rawSeconds = await timed(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: APPEND_CONCURRENCY }, async () => {
            for (let i = next++; i < sample.length; i = next++) {
              const [sql, params] = rawBatch(scratch, asNewEvents(victimCase(sample[i]!, i % 365)), 1);
              await pool.query(sql, params);
            }
          }),
        );
      });
      await pool.query(`DROP TABLE ${scratch}`);
      measurements.push({
        name: `scale: append (${cases.toLocaleString()} cases, 10 events per append)`,
        unit: 'events/s',
        n: events,
        figures: [events / appendSeconds],
        baseline: { name: 'raw 10-row INSERT of the same rows', figures: [events / rawSeconds] },
        target: { compare: '>=', times: 0.8, plus: 0 },
      });

      // 2. Relay: drain the appended events to Kafka.
      await ensureCaseTopics(kafka, relaySettings.topicPrefix, relaySettings.partitions);
      let published = 0;
      context.progress('relaying them to Kafka…');
      const relaySeconds = await timed(async () => {
        const relay = startRelay({ ...relaySettings, onPublished: ({ count }) => (published += count) });
        await waitFor(() => published >= events, 'the relay');
        await relay.stop();
      });
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const rawTopic = caseTopic(`scale-raw-${id}`, 'victim');
      await ensureCaseTopics(kafka, `scale-raw-${id}`, relaySettings.partitions);
      const rawProduceSeconds = await timed(async () => {
        for (let first = 0; first < sample.length; first += 50) {
          const messages = sample
            .slice(first, first + 50)
            .flatMap((caseId, n) => victimCase(caseId, first + n).map((e) => toKafkaMessage({ caseKind: 'victim', event: e })));
          await producer.sendBatch({ acks: -1, topicMessages: [{ topic: rawTopic, messages }] });
        }
      });
      await producer.disconnect();
      measurements.push({
        name: 'scale: relay to Kafka',
        unit: 'events/s',
        n: events,
        figures: [events / relaySeconds],
        baseline: { name: 'raw kafkajs produce of the same messages', figures: [events / rawProduceSeconds] },
        target: { compare: '>=', times: 0.8, plus: 0 },
      });

      // 3. The cases projection, live, into a schema of its own; 4. its full rebuild.
      await dropSchema(db, projectionSettings.schema);
      await copyTables(db, 'public', projectionSettings.schema, ownedTables(casesProjection));
      context.progress('projecting them live (cases)…');
      const liveSeconds = await timed(async () => {
        const handle = await startProjection(casesProjection, projectionSettings);
        await waitFor(() => handle.counts().applied >= events, 'the live projection');
        await handle.stop();
      });
      const rawSchema = `rm_scale_raw_${id}`;
      const rawConsumeSeconds = await rawLiveSeconds(db, kafka, projectionSettings, casesProjection, rawSchema, events);
      await dropSchema(db, rawSchema);
      const rawBaseline = { name: 'raw consume + JSON.parse + 1 upsert/batch into case_list', figures: [events / rawConsumeSeconds] };
      measurements.push({
        name: 'scale: projection cases, live',
        unit: 'events/s',
        n: events,
        figures: [events / liveSeconds],
        baseline: rawBaseline,
        target: { compare: '>=', times: 0.5, plus: 0 },
      });
      context.progress('rebuilding the cases projection from the start…');
      const rebuildSeconds = await timed(() => rebuildProjection(casesProjection, projectionSettings));
      measurements.push({
        name: 'scale: projection cases, full rebuild',
        unit: 'events/s',
        n: events,
        figures: [events / rebuildSeconds],
        baseline: rawBaseline,
        target: { compare: '>=', times: 0.5, plus: 0 },
      });
      // 10^6 events in under a minute: measured at 10^6, or scaled linearly from a smaller run (and named so).
      measurements.push({
        name:
          events === 1_000_000
            ? 'scale: projection cases, full rebuild of 10^6 events'
            : `scale: projection cases, full rebuild, ${events.toLocaleString('en-US')} events' time scaled to 10^6`,
        unit: 's',
        n: events,
        figures: [rebuildSeconds * (1_000_000 / events)],
        target: { compare: '<=', times: 0, plus: 60 },
      });
      measurements.push({
        name: 'scale: peak RSS of the process (store client, relay, projection)',
        unit: 'MB',
        n: events,
        figures: [megabytes(process.resourceUsage().maxRSS)],
        baseline: { name: 'RSS when the scale run began', figures: [megabytes(rssAtStart)] },
      });
      return measurements;
    } finally {
      await dropSchema(db, projectionSettings.schema).catch(() => undefined);
      db.release();
      await pool.end();
    }
  },
};
