// The projection runner: a Kafka consumer group per projection, reading the case topics of the
// kinds it needs, and for each partition batch ONE PostgreSQL transaction that applies the new
// events to the read model and records the consumed position. Partitions are applied in parallel,
// each batch on a connection of a pool as large as `concurrency`.
//
// Where the consumed offsets live: in PostgreSQL, in the projection's own offsets table, written in
// the batch's transaction, never committed to Kafka. The read model and its position then commit or
// vanish together (a kill -9 mid-batch loses both, and the batch is applied again), a rebuild swaps
// the offsets in with its tables, and a second runner on the same partition (a rebalance) waits on
// the partition's row lock and then sees what the first applied. Kafka's group only assigns
// partitions: a batch that does not start at the stored offset is trimmed (the part already applied)
// or answered with a seek to the stored offset (after a restart, a rebalance or a swapped-in
// rebuild), at the cost of one wasted fetch; a live runner also compares the stored offsets with its
// own every second, so a quiet partition follows a swapped-in rebuild too.
//
// Per-stream high-water marks in the same transaction catch what offsets cannot: the relay publishes
// at least once, so an event can arrive again at a later offset (see admission.ts).

import pg from 'pg';
import type { EventEnvelope } from '../events/envelope.ts';
import { resilientPool } from '../infra/database.ts';
import { type Kafka, kafkaClient } from '../kafka/client.ts';
import { eventFromMessage } from '../kafka/cloudevents.ts';
import { type Batch, type Consumer, consumeBatches, inBatchSpan, type KafkaMessage, pipelineConsumer } from '../kafka/consumer.ts';
import type { PartitionBound } from '../kafka/topic-bounds.ts';
import { caseTopic, ensureCaseTopics } from '../kafka/topics.ts';
import { admit, type StreamGap } from './admission.ts';
import { NOTHING_APPLIED, Positions } from './positions.ts';
import type { Projection } from './projection.ts';
import { schemaConnection } from './read-model-schema.ts';
import { projectionApplied, projectionLag } from './runner-metrics.ts';
import type { ProjectionSettings } from './settings.ts';

export interface BatchReport {
  topic: string;
  partition: number;
  /** The partition's next offset to apply after this batch. */
  nextOffset: bigint;
  applied: number;
}

export interface RunnerCounts {
  batches: number;
  applied: number;
  duplicates: number;
  gaps: number;
  malformed: number;
}

export interface RunOptions {
  /** Defaults to `<groupPrefix>.<projection name>`. */
  groupId?: string;
  /** Stop applying at these bounds; `caughtUp` resolves once every partition reached its end. */
  until?: readonly PartitionBound[];
  onBatch?: (report: BatchReport) => void;
}

export interface ProjectionHandle {
  readonly projection: Projection;
  /** With `until`: resolves once every bounded partition is applied up to its end. */
  readonly caughtUp: Promise<void>;
  /** Resolves if the consumer crashed for good (kafkajs does not restart it): the process should exit. */
  readonly failed: Promise<Error>;
  counts(): RunnerCounts;
  /** Finishes the batch in flight, leaves the group and closes the connections. */
  stop(): Promise<void>;
}

const key = (topic: string, partition: number) => `${topic}:${partition}`;

/** How often a live runner compares its fetch positions with the stored ones (see followStoredPositions). */
const POSITION_CHECK_MS = 1000;

/** How the runner's database session shows in pg_stat_activity. */
export function applicationName(projectionName: string, schema: string): string {
  return `taskforce projection ${projectionName}${schema === 'public' ? '' : ` (${schema})`}`;
}

function describe(error: unknown): string {
  if (error instanceof pg.DatabaseError) {
    // The message can quote a value from an event; the code and the names of things cannot.
    return `database error ${error.code ?? '?'}${error.table ? ` on ${error.table}` : ''}${error.constraint ? ` (${error.constraint})` : ''}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

interface BatchOutcome {
  applied: number;
  duplicates: number;
  gaps: StreamGap[];
  /** Offsets of messages that are not event envelopes. */
  malformed: string[];
  /** When the newest applied event was committed to the store. */
  newestRecordedAt: string | undefined;
}

class ProjectionRunner implements ProjectionHandle {
  private readonly positions: Positions;
  private readonly pool: pg.Pool;
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly tally: RunnerCounts = { batches: 0, applied: 0, duplicates: 0, gaps: 0, malformed: 0 };
  /** Partitions a bounded run still has to finish, with their end offsets. */
  private readonly pending = new Map<string, bigint>();
  private readonly ends = new Map<string, bigint>();
  /** The offset each partition was last sent back to, to tell a trimmed topic from a stale fetch. */
  private readonly soughtTo = new Map<string, bigint>();
  /** Partitions the group gave this consumer, and where its next fetch of each starts. */
  private assigned = new Set<string>();
  private readonly fetchFrom = new Map<string, bigint>();
  private positionCheck: NodeJS.Timeout | undefined;
  private stopping = false;
  private markCaughtUp: () => void = () => undefined;
  private markFailed: (error: Error) => void = () => undefined;
  readonly failed = new Promise<Error>((resolve) => {
    this.markFailed = resolve;
  });
  readonly caughtUp = new Promise<void>((resolve) => {
    this.markCaughtUp = resolve;
  });

  constructor(
    readonly projection: Projection,
    private readonly settings: ProjectionSettings,
    private readonly options: RunOptions,
  ) {
    this.positions = new Positions(projection.name);
    // A connection that drops is replaced on the next batch; the error must not crash the process.
    this.pool = resilientPool(
      {
        ...schemaConnection(settings.databaseUrl, settings.schema, applicationName(projection.name, settings.schema)),
        max: settings.concurrency,
      },
      (message) => this.log(message),
    );
    this.kafka = kafkaClient(settings, `taskforce-projection-${projection.name}`);
    this.consumer = pipelineConsumer(this.kafka, {
      groupId: options.groupId ?? `${settings.groupPrefix}.${projection.name}`,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      maxWaitTimeInMs: 250,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = new Set(
        Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((p) => key(topic, p))),
      );
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.log(`consumer crashed (${describe(payload.error)}); ${payload.restart ? 'restarting' : 'not restarting'}`);
      if (!payload.restart) this.markFailed(payload.error);
    });
    for (const bound of options.until ?? []) {
      this.ends.set(key(bound.topic, bound.partition), bound.end);
      if (bound.end > bound.low) this.pending.set(key(bound.topic, bound.partition), bound.end);
    }
    if (options.until && this.pending.size === 0) this.markCaughtUp();
  }

  get topics(): string[] {
    return this.projection.kinds.map((kind) => caseTopic(this.settings.topicPrefix, kind));
  }

  async start(): Promise<void> {
    await ensureCaseTopics(this.kafka, this.settings.topicPrefix, this.settings.partitions);
    await consumeBatches(
      this.consumer,
      this.topics,
      async (batch, { resolveOffset, pause }) => {
        const resolved = await this.traced(batch, () => this.applyBatch(batch));
        if (resolved !== null) {
          resolveOffset(resolved);
          this.fetchFrom.set(key(batch.topic, batch.partition), BigInt(resolved) + 1n);
        }
        if (this.options.until && !this.pending.has(key(batch.topic, batch.partition))) pause();
      },
      this.options.until ? undefined : projectionLag(this.projection.name),
      this.settings.concurrency,
    );
    if (!this.options.until) this.positionCheck = setInterval(() => void this.followStoredPositions(), POSITION_CHECK_MS);
  }

  /**
   * A rebuild swapped in tables whose positions are behind this consumer (it caught up to the end
   * offsets it saw at its start; this consumer applied what came since to the old tables). A quiet
   * partition would bring no batch to notice it, so look, and go back to where the tables stand.
   */
  private async followStoredPositions(): Promise<void> {
    if (this.stopping) return;
    try {
      for (const { topic, partition, nextOffset } of await this.positions.all(this.pool)) {
        const partitionKey = key(topic, partition);
        const fetchFrom = this.fetchFrom.get(partitionKey);
        if (!this.assigned.has(partitionKey) || fetchFrom === undefined || nextOffset >= fetchFrom || this.stopping) continue;
        this.log(
          `${topic}/${partition} stands at ${nextOffset}, behind this consumer's ${fetchFrom} (a rebuild was swapped in); going back`,
        );
        this.fetchFrom.set(partitionKey, nextOffset);
        this.consumer.seek({ topic, partition, offset: nextOffset.toString() });
      }
    } catch (error) {
      if (!this.stopping) this.log(`could not read the stored positions (${describe(error)})`);
    }
  }

  counts(): RunnerCounts {
    return { ...this.tally };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.positionCheck);
    await this.consumer.disconnect();
    await this.pool.end();
  }

  private log(line: string): void {
    this.settings.log(`projection ${this.projection.name}: ${line}`);
  }

  /** Runs a batch's work in its span when tracing is on and a message in it was traced (infra/tracing.ts). */
  private traced<T>(batch: Batch, work: () => Promise<T>): Promise<T> {
    return inBatchSpan(`project ${this.projection.name}`, batch, { 'taskforce.read_model': this.projection.name }, work);
  }

  /** Applies one partition batch in one transaction; returns the offset to resolve, or null after a seek. */
  private async applyBatch(batch: Batch): Promise<string | null> {
    const { topic, partition } = batch;
    const tx = await this.pool.connect();
    let released = false;
    try {
      await tx.query('BEGIN');
      const stored = await this.positions.lockPartition(tx, topic, partition);
      const first = BigInt(batch.firstOffset()!);
      const last = BigInt(batch.lastOffset());
      if (stored !== NOTHING_APPLIED && (first > stored || last < stored - 1n) && this.seekWanted(topic, partition, stored, first)) {
        // Not where this projection stands: a restart, a rebalance or a swapped-in rebuild. Go there.
        await tx.query('ROLLBACK');
        this.soughtTo.set(key(topic, partition), stored);
        this.fetchFrom.set(key(topic, partition), stored);
        this.consumer.seek({ topic, partition, offset: stored.toString() });
        return null;
      }
      this.soughtTo.delete(key(topic, partition));
      const end = this.ends.get(key(topic, partition));
      const todo = batch.messages.filter((m) => {
        const offset = BigInt(m.offset);
        return (stored === NOTHING_APPLIED || offset >= stored) && (end === undefined || offset < end);
      });
      if (todo.length === 0) {
        await tx.query('ROLLBACK');
        return batch.lastOffset();
      }
      const outcome = await this.applyMessages(tx, todo);
      const nextOffset = BigInt(todo.at(-1)!.offset) + 1n;
      await this.positions.advance(tx, topic, partition, nextOffset);
      await tx.query('COMMIT');
      this.count(outcome);
      this.noteProgress({ topic, partition, nextOffset, applied: outcome.applied });
      return todo.at(-1)!.offset;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      tx.release(true);
      released = true;
      this.log(`batch at ${topic}/${partition}@${batch.firstOffset()} failed (${describe(error)}); it will be fetched again`);
      throw error;
    } finally {
      if (!released) tx.release();
    }
  }

  /**
   * True unless the stored offset is gone from the topic: right after a seek to it, a batch that
   * starts later means the messages between were deleted (retention), and waiting will not bring them.
   */
  private seekWanted(topic: string, partition: number, stored: bigint, first: bigint): boolean {
    if (this.soughtTo.get(key(topic, partition)) !== stored || first < stored) return true;
    this.log(`offsets ${stored}..${first - 1n} of ${topic}/${partition} no longer exist; continuing at ${first} (rebuild to recount)`);
    return false;
  }

  private async applyMessages(tx: pg.PoolClient, messages: KafkaMessage[]): Promise<BatchOutcome> {
    const envelopes: EventEnvelope[] = [];
    const malformed: string[] = [];
    for (const message of messages) {
      const envelope = eventFromMessage(message);
      if (envelope) envelopes.push(envelope);
      else malformed.push(message.offset);
    }
    const streamIds = [...new Set(envelopes.map((e) => e.streamId))];
    const admission = admit(envelopes, await this.positions.streamVersions(tx, streamIds));
    if (admission.apply.length > 0) await this.projection.apply(tx, admission.apply);
    await this.positions.saveStreamVersions(tx, admission.advanced);
    return {
      applied: admission.apply.length,
      duplicates: admission.duplicates,
      gaps: admission.gaps,
      malformed,
      newestRecordedAt: admission.apply.at(-1)?.recordedAt,
    };
  }

  /** Counts and reports a committed batch (a batch that failed is applied again, and counted then). */
  private count(outcome: BatchOutcome): void {
    this.tally.batches++;
    this.tally.applied += outcome.applied;
    this.tally.duplicates += outcome.duplicates;
    this.tally.gaps += outcome.gaps.length;
    this.tally.malformed += outcome.malformed.length;
    if (!this.options.until) projectionApplied(this.projection.name, outcome.applied, outcome.newestRecordedAt);
    for (const gap of outcome.gaps) {
      this.log(`gap in stream ${gap.streamId}: expected version ${gap.expectedVersion}, got ${gap.deliveredVersion}; not applied`);
    }
    for (const offset of outcome.malformed) this.log(`message at offset ${offset} is not an event envelope; skipped`);
  }

  private noteProgress(report: BatchReport): void {
    const partitionKey = key(report.topic, report.partition);
    const end = this.pending.get(partitionKey);
    if (end !== undefined && report.nextOffset >= end) {
      this.pending.delete(partitionKey);
      if (this.pending.size === 0) this.markCaughtUp();
    }
    this.options.onBatch?.(report);
  }
}

/** Starts consuming for `projection`: resolves once the consumer runs; its group assigns it partitions soon after. */
export async function startProjection(
  projection: Projection,
  settings: ProjectionSettings,
  options: RunOptions = {},
): Promise<ProjectionHandle> {
  const runner = new ProjectionRunner(projection, settings, options);
  await runner.start();
  return runner;
}
