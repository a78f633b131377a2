// Projection throughput: the `cases` projection consuming live, and rebuilding the `cases` and
// `person-dossiers` projections, each against a raw consumer doing the least the same job needs:
// the pipeline's own kafkajs consumer and batch loop (kafka/consumer.ts: the same topics, fetch
// and batch size), JSON.parse of each message and one multi-row upsert per batch, in a transaction,
// into a copy of the projection's main table with the same indexes. A rebuild's baseline also
// creates its table and swaps it in, as a rebuild does. The events are whole victim cases (report
// to closure), published the way the relay publishes them, into topics and schemas of the
// benchmark's own.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { eventDefinition } from '../events/catalogue.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { type Kafka, kafkaClient } from '../kafka/client.ts';
import { consumeBatches, pipelineConsumer } from '../kafka/consumer.ts';
import { orderedProducer } from '../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { type Columns, type Row, upsertRows } from '../projections/bulk-sql.ts';
import { CASE_LIST_COLUMNS } from '../projections/case-list.ts';
import { casesProjection } from '../projections/cases.ts';
import { personDossiersProjection } from '../projections/person-dossier.ts';
import { ownedTables, type Projection } from '../projections/projection.ts';
import { copyTables, dropSchema, schemaConnection, swapTables } from '../projections/read-model-schema.ts';
import { rebuildProjection } from '../projections/rebuild.ts';
import { startProjection } from '../projections/runner.ts';
import { type ProjectionSettings, projectionSettingsFromEnv } from '../projections/settings.ts';
import { alternate, type BenchContext, type Benchmark, type Measurement, perSecond, ROUNDS, timed } from './benchmark.ts';

const casesToPublish = (quick: boolean) => (quick ? 1000 : 3000);

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
async function publishCases(kafka: Kafka, topicPrefix: string, partitions: number, cases: number): Promise<number> {
  await ensureCaseTopics(kafka, topicPrefix, partitions);
  const producer = orderedProducer(kafka);
  await producer.connect();
  let published = 0;
  try {
    for (let first = 0; first < cases; first += 100) {
      const events = Array.from({ length: Math.min(100, cases - first) }, (_, i) =>
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

/** The baseline's table for a projection: its main table, and the row one event makes of it. */
interface RawTarget {
  table: string;
  columns: Columns;
  row: (event: EventEnvelope) => Row;
}

const RAW_TARGETS: Record<string, RawTarget> = {
  [casesProjection.name]: {
    table: 'case_list',
    columns: CASE_LIST_COLUMNS,
    row: (e) => ({
      case_id: e.streamId,
      kind: 'victim',
      status: e.type,
      is_open: true,
      lead_agency: typeof e.data.leadAgency === 'string' ? e.data.leadAgency : null,
      host_country: typeof e.data.hostCountry === 'string' ? e.data.hostCountry : null,
      classification: e.classification,
      operation_id: null,
      flight_id: null,
      opened_at: e.occurredAt,
      status_since: e.occurredAt,
      last_event_at: e.occurredAt,
      next_deadline_kind: null,
      next_deadline_at: null,
      stream_version: e.streamVersion,
    }),
  },
  [personDossiersProjection.name]: {
    table: 'person_dossiers',
    columns: { case_id: 'text', kind: 'text', classification: 'text', fields: 'jsonb', updated_at: 'timestamptz' },
    row: (e) => ({ case_id: e.streamId, kind: 'victim', classification: e.classification, fields: e.data, updated_at: e.occurredAt }),
  },
};

/**
 * Seconds for the raw consumer to upsert `count` events of the projection's topics into `schema`
 * (whose table exists), timed from creating the consumer, as a runner's start is.
 */
async function rawConsume(kafka: Kafka, settings: ProjectionSettings, projection: Projection, schema: string, count: number) {
  const target = RAW_TARGETS[projection.name]!;
  const pool = new pg.Pool({
    ...schemaConnection(settings.databaseUrl, schema, 'taskforce bench raw consumer'),
    max: settings.concurrency,
  });
  const consumer = pipelineConsumer(kafka, {
    groupId: `${settings.groupPrefix}.raw-${randomUUID()}`,
    maxBytesPerPartition: settings.maxBytesPerPartition,
    maxWaitTimeInMs: 250,
  });
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  try {
    await consumeBatches(
      consumer,
      projection.kinds.map((kind) => caseTopic(settings.topicPrefix, kind)),
      async (batch, { resolveOffset }) => {
        // One row per key: the batch's latest event of each case, as an upsert can touch a row once.
        const rows = new Map<string, Row>();
        for (const message of batch.messages) {
          const event = JSON.parse(message.value!.toString()) as EventEnvelope;
          rows.set(event.streamId, target.row(event));
        }
        const tx = await pool.connect();
        try {
          await tx.query('BEGIN');
          await upsertRows(tx, target.table, target.columns, ['case_id'], [...rows.values()]);
          await tx.query('COMMIT');
        } finally {
          tx.release();
        }
        resolveOffset(batch.lastOffset());
        received += batch.messages.length;
        if (received >= count) done();
      },
      undefined, // no lag metrics: the pipeline's runner reports them, the baseline need not
      // The runner's own parallelism: the baseline does what the pipeline's settings let it do.
      settings.concurrency,
    );
    await finished;
  } finally {
    await consumer.disconnect();
    await pool.end();
  }
}

/** A fresh copy of the baseline's table in `schema`. */
async function freshRawTable(db: pg.ClientBase, projection: Projection, schema: string): Promise<void> {
  await dropSchema(db, schema);
  await copyTables(db, 'public', schema, [RAW_TARGETS[projection.name]!.table]);
}

/** Seconds for the raw consumer to upsert `count` events into a fresh table in `schema`. */
export async function rawLiveSeconds(
  db: pg.ClientBase,
  kafka: Kafka,
  settings: ProjectionSettings,
  projection: Projection,
  schema: string,
  count: number,
): Promise<number> {
  await freshRawTable(db, projection, schema);
  return timed(() => rawConsume(kafka, settings, projection, schema, count));
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
    // The raw consumer's table, and for a rebuild's baseline, the live table it swaps out.
    const rawSchema = `rm_bench_raw_${id}`;
    const rawLiveSchema = `rm_bench_rawlive_${id}`;
    const kafka = kafkaClient(settings, 'bench-projections');
    const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 1 });
    const db = await pool.connect();
    try {
      const cases = casesToPublish(context.quick);
      context.progress(`publishing ${cases} victim cases of 10 events…`);
      const events = await publishCases(kafka, settings.topicPrefix, settings.partitions, cases);
      const fresh = async (projection: Projection) => {
        await dropSchema(db, settings.schema);
        await copyTables(db, 'public', settings.schema, ownedTables(projection));
      };
      const measure = async (
        label: string,
        projection: Projection,
        work: () => Promise<number>,
        baseline: () => Promise<number>,
        baselineName: string,
      ): Promise<Measurement> => {
        const seconds = await alternate(ROUNDS, work, baseline, async (round) => {
          context.progress(`${label}, round ${round + 1} of ${ROUNDS}…`);
          await fresh(projection);
        });
        return {
          name: label,
          unit: 'events/s',
          n: events,
          figures: perSecond(events, seconds.measured),
          baseline: { name: baselineName, figures: perSecond(events, seconds.baseline) },
          target: { compare: '>=', times: 0.5, plus: 0 },
        };
      };
      const rawLive = (projection: Projection) => () => rawLiveSeconds(db, kafka, settings, projection, rawSchema, events);
      // A rebuild's baseline: its table made, filled and swapped in, all timed.
      const rawRebuild = (projection: Projection) => async () => {
        await freshRawTable(db, projection, rawLiveSchema);
        await dropSchema(db, rawSchema);
        const table = RAW_TARGETS[projection.name]!.table;
        return timed(async () => {
          await copyTables(db, rawLiveSchema, rawSchema, [table]);
          await rawConsume(kafka, settings, projection, rawSchema, events);
          await swapTables(db, rawSchema, rawLiveSchema, [table]);
        });
      };
      const upsertName = (projection: Projection) =>
        `raw consume + JSON.parse + 1 upsert/batch into ${RAW_TARGETS[projection.name]!.table}`;
      return [
        await measure(
          'projection cases, live',
          casesProjection,
          () => live(settings, casesProjection, events),
          rawLive(casesProjection),
          upsertName(casesProjection),
        ),
        await measure(
          'projection cases, rebuild',
          casesProjection,
          () => timed(() => rebuildProjection(casesProjection, settings)),
          rawRebuild(casesProjection),
          `${upsertName(casesProjection)}, made and swapped in`,
        ),
        await measure(
          'projection person-dossiers, rebuild',
          personDossiersProjection,
          () => timed(() => rebuildProjection(personDossiersProjection, settings)),
          rawRebuild(personDossiersProjection),
          `${upsertName(personDossiersProjection)}, made and swapped in`,
        ),
      ];
    } finally {
      await dropSchema(db, settings.schema);
      await dropSchema(db, rawSchema);
      await dropSchema(db, rawLiveSchema);
      db.release();
      await pool.end();
    }
  },
};
