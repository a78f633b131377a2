// After a fault: do the event store, Kafka (after deduplication) and the read models agree
// exactly, and did every workflow finish? Counts, never samples.
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type pg from 'pg';
import { sleep } from '../infra/sleep.ts';
import { kafkaClient } from '../kafka/client.ts';
import { caseTopic } from '../kafka/topics.ts';

export interface Agreement {
  /** Events the store is missing against the lifecycle every case completed. */
  missingInStore: number;
  /** Stored events that never reached Kafka. */
  lostInKafka: number;
  /** Redeliveries Kafka holds (at least once); consumers deduplicate them. */
  kafkaRedeliveries: number;
  /** Stored events the read models have not applied. */
  lostInReadModels: number;
  /** Events a read model applied more than once (a counter above what the store supports). */
  duplicatesApplied: number;
  unfinishedWorkflows: number;
}

async function storedVersions(pool: pg.Pool, caseIds: string[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ stream_id: string; versions: number }>(
    'select stream_id, count(*)::int as versions from events where stream_id = any($1) group by stream_id',
    [caseIds],
  );
  return new Map(rows.map((r) => [r.stream_id, r.versions]));
}

/** Reads the victim topic from the start and counts each case's distinct and repeated versions. */
async function kafkaVersions(brokers: string[], caseIds: Set<string>, expected: number, timeoutMs: number) {
  const kafka = kafkaClient({ kafkaBrokers: brokers }, 'chaos-verify');
  const consumer = kafka.consumer({ groupId: `chaos-verify-${process.pid}-${Date.now()}` });
  const seen = new Set<string>();
  let messages = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: caseTopic('taskforce', 'victim'), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const streamId = message.key?.toString() ?? '';
      if (!caseIds.has(streamId)) return;
      messages++;
      seen.add(`${streamId}#${message.headers?.['taskforce-stream-version']?.toString()}`);
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (seen.size < expected && Date.now() < deadline) await sleep(250);
  await consumer.disconnect();
  return { distinct: seen.size, messages };
}

async function readModelVersions(pool: pg.Pool, caseIds: string[]): Promise<number> {
  const { rows } = await pool.query<{ applied: number }>(
    'select coalesce(sum(stream_version), 0)::int as applied from projection_cases_stream_versions where stream_id = any($1)',
    [caseIds],
  );
  return rows[0]?.applied ?? 0;
}

async function unfinished(client: Client, caseIds: string[]): Promise<number> {
  let count = 0;
  for (const caseId of caseIds) {
    try {
      const description = await client.workflow.getHandle(caseId).describe();
      if (description.status.name !== 'COMPLETED') count++;
    } catch (error) {
      // A case the load never managed to open is unfinished too (and its driver reports why).
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      count++;
    }
  }
  return count;
}

/** Victim cases reported in `hostCountry`, counted by the statistics projection. */
async function reportsCounted(pool: pg.Pool, hostCountry: string): Promise<number> {
  const { rows } = await pool.query<{ value: number }>(
    "select coalesce(sum(value), 0)::int as value from campaign_statistics where metric = 'reports' and host_country = $1",
    [hostCountry],
  );
  return rows[0]?.value ?? 0;
}

export async function checkAgreement(
  deps: { pool: pg.Pool; client: Client; kafkaBrokers: string[]; withReadModels: boolean },
  phase: { caseIds: string[]; hostCountry: string; eventsPerCase: number; timeoutMs: number },
): Promise<Agreement> {
  const expected = phase.caseIds.length * phase.eventsPerCase;
  const stored = await storedVersions(deps.pool, phase.caseIds);
  const storedTotal = [...stored.values()].reduce((a, b) => a + b, 0);
  const kafka = await kafkaVersions(deps.kafkaBrokers, new Set(phase.caseIds), storedTotal, phase.timeoutMs);
  let applied = storedTotal;
  let reports = phase.caseIds.length;
  if (deps.withReadModels) {
    const deadline = Date.now() + phase.timeoutMs;
    applied = await readModelVersions(deps.pool, phase.caseIds);
    while (applied < storedTotal && Date.now() < deadline) {
      await sleep(250);
      applied = await readModelVersions(deps.pool, phase.caseIds);
    }
    reports = await reportsCounted(deps.pool, phase.hostCountry);
  }
  return {
    missingInStore: expected - storedTotal,
    lostInKafka: storedTotal - kafka.distinct,
    kafkaRedeliveries: kafka.messages - kafka.distinct,
    lostInReadModels: Math.max(0, storedTotal - applied),
    duplicatesApplied: Math.max(0, applied - storedTotal) + Math.max(0, reports - phase.caseIds.length),
    unfinishedWorkflows: await unfinished(deps.client, phase.caseIds),
  };
}
