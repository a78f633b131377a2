// Projection throughput: the `cases` projection consuming live, and rebuilding the `cases` and
// `person-dossiers` projections, each against raw kafkajs consumption (count only) of the same
// topics on the same broker in the same run. The events are whole victim cases (report to
// closure), published the way the relay publishes them, into topics and a read-model schema of
// the benchmark's own.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { eventDefinition } from '../events/catalogue.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { type Kafka, kafkaClient } from '../kafka/client.ts';
import { orderedProducer } from '../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { casesProjection } from '../projections/cases.ts';
import { personDossiersProjection } from '../projections/person-dossier.ts';
import { ownedTables, type Projection } from '../projections/projection.ts';
import { copyTables, dropSchema } from '../projections/read-model-schema.ts';
import { rebuildProjection } from '../projections/rebuild.ts';
import { startProjection } from '../projections/runner.ts';
import { type ProjectionSettings, projectionSettingsFromEnv } from '../projections/settings.ts';
import { type BenchContext, type Benchmark, type Measurement, median, timed } from './benchmark.ts';

const CASES = 3000;
const ROUNDS = 3;

/** One victim case from the report to closure: ten events, the ones a real case records. */
export function victimCase(caseId: string, day: number): EventEnvelope[] {
  const steps: [string, Record<string, unknown>][] = [
    [
      'VictimReported',
      {
        caseId,
        leadAgency: 'MOFA',
        personName: `Bench ${caseId.slice(-8)}`,
        birthDate: '1998-02-03',
        reportedBy: 'call_centre',
        hostCountry: 'KH',
        lastKnownLocation: 'Compound, Sihanoukville',
        contactPhone: '+82-10-0000-0000',
        deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
      },
    ],
    ['VictimLocated', { caseId, location: 'Building 2', confirmedBy: 'NPA', rescueDeadline: '2024-06-01T00:00:00.000Z' }],
    ['RescueRequested', { caseId, requestedFrom: 'HOST_POLICE' }],
    ['VictimRescued', { caseId, rescuedBy: 'HOST_POLICE' }],
    ['VictimSheltered', { caseId, shelter: 'Embassy shelter' }],
    ['VictimScreened', { caseId, outcome: 'victim', welfare: null }],
    ['VictimTravelDocumentIssued', { caseId, documentType: 'travel_certificate', documentNumber: 'TC0000001' }],
    ['VictimRepatriated', { caseId }],
    ['VictimFollowUpStarted', { caseId }],
    ['VictimCaseClosed', { caseId }],
  ];
  const start = Date.parse('2024-01-01T00:00:00.000Z') + day * 86_400_000;
  return steps.map(([type, data], i) => {
    const at = new Date(start + i * 3_600_000).toISOString();
    const definition = eventDefinition(type);
    return {
      eventId: randomUUID(),
      type,
      schemaVersion: definition.version,
      streamId: caseId,
      streamVersion: i + 1,
      occurredAt: at,
      recordedAt: at,
      actor: { agency: 'MOFA', role: 'operator', userId: 'bench' },
      classification: definition.classification,
      correlationId: `bench-${caseId}`,
      causationId: null,
      data,
    };
  });
}

/** Publishes the cases as the relay would: keyed by case, a case's events in order on one partition. */
async function publishCases(kafka: Kafka, topicPrefix: string, partitions: number): Promise<number> {
  await ensureCaseTopics(kafka, topicPrefix, partitions);
  const producer = orderedProducer(kafka);
  await producer.connect();
  let published = 0;
  try {
    for (let first = 0; first < CASES; first += 100) {
      const events = Array.from({ length: Math.min(100, CASES - first) }, (_, i) =>
        victimCase(`victim-bench-${randomUUID()}`, (first + i) % 365),
      );
      const messages = events.flat().map((e) => ({ key: e.streamId, value: JSON.stringify(e) }));
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: caseTopic(topicPrefix, 'victim'), messages }] });
      published += messages.length;
    }
  } finally {
    await producer.disconnect();
  }
  return published;
}

/**
 * Seconds for a fresh consumer group of plain kafkajs to receive `count` messages of the projection's
 * topics. Every timing includes connecting and joining a group, as a projection's does.
 */
export async function rawConsume(kafka: Kafka, settings: ProjectionSettings, projection: Projection, count: number): Promise<number> {
  const startedAt = performance.now();
  const consumer = kafka.consumer({
    groupId: `${settings.groupPrefix}.raw-${randomUUID()}`,
    maxBytesPerPartition: settings.maxBytesPerPartition,
    maxBytes: settings.maxBytesPerPartition * 4,
    maxWaitTimeInMs: 250,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: projection.kinds.map((kind) => caseTopic(settings.topicPrefix, kind)), fromBeginning: true });
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      received += batch.messages.length;
      if (received >= count) done();
    },
  });
  await finished;
  const seconds = (performance.now() - startedAt) / 1000;
  await consumer.disconnect();
  return seconds;
}

/** Seconds for a live runner on a fresh schema to apply `count` events. */
async function live(settings: ProjectionSettings, projection: Projection, count: number): Promise<number> {
  const startedAt = performance.now();
  const handle = await startProjection(projection, settings);
  while (handle.counts().applied < count) await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - startedAt) / 1000;
  await handle.stop();
  return seconds;
}

export const projectionBenchmark: Benchmark = {
  name: 'projections',
  async run(context: BenchContext): Promise<Measurement[]> {
    const id = randomUUID().slice(0, 8);
    const settings: ProjectionSettings = {
      ...projectionSettingsFromEnv({
        ...process.env,
        DATABASE_URL: context.settings.databaseUrl,
        KAFKA_BROKERS: context.settings.kafkaBrokers.join(','),
        TASKFORCE_TOPIC_PREFIX: `bench-${id}`,
        TASKFORCE_READ_MODEL_SCHEMA: `rm_bench_${id}`,
      }),
      log: () => undefined,
    };
    const kafka = kafkaClient(settings, 'bench-projections');
    const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 1 });
    const db = await pool.connect();
    try {
      context.progress(`publishing ${CASES} victim cases of 10 events…`);
      const events = await publishCases(kafka, settings.topicPrefix, settings.partitions);
      const fresh = async (projection: Projection) => {
        await dropSchema(db, settings.schema);
        await copyTables(db, 'public', settings.schema, ownedTables(projection));
      };
      const raw: number[] = [];
      const measure = async (label: string, projection: Projection, work: () => Promise<number>): Promise<Measurement> => {
        const seconds: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          context.progress(`${label}, round ${round + 1} of ${ROUNDS}…`);
          await fresh(projection);
          // Alternating with the baseline, so drift on a shared machine falls on both.
          if (round % 2 === 0) {
            seconds.push(await work());
            raw.push(await rawConsume(kafka, settings, projection, events));
          } else {
            raw.push(await rawConsume(kafka, settings, projection, events));
            seconds.push(await work());
          }
        }
        return {
          name: `${label}, ${events} events, median of ${ROUNDS}`,
          figure: events / median(seconds),
          unit: 'events/s',
          baseline: 'raw kafkajs consume of the same topics',
          baselineFigure: events / median(raw.splice(0)),
        };
      };
      return [
        await measure('projection cases, live', casesProjection, () => live(settings, casesProjection, events)),
        await measure('projection cases, rebuild', casesProjection, () => timed(() => rebuildProjection(casesProjection, settings))),
        await measure('projection person-dossiers, rebuild', personDossiersProjection, async () =>
          timed(() => rebuildProjection(personDossiersProjection, settings)),
        ),
      ];
    } finally {
      await dropSchema(db, settings.schema);
      db.release();
      await pool.end();
    }
  },
};
