// A case's whole story for a supervisor, in one timeline: the Temporal history of every run of
// its workflow (following continue-as-new back to the first run) merged by time with the domain
// events of its stream, plus what the case is waiting for now (running timers, pending
// activities and child workflows, the next deadline). What a viewer may see is the caller's to
// decide: whether payloads are decrypted, how decoded values and domain events are redacted.
import { type Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { LoadedDataConverter, Payload } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto, { type temporal } from '@temporalio/proto';
import type { EventEnvelope } from '../events/envelope.ts';
import type { EventStore } from '../eventstore/event-store.ts';
import { CaseStatusKey, NextDeadlineKey } from '../workflows/case-kit/search-attributes.ts';
import { CaseNotFoundError, RunNotFoundError } from './errors.ts';
import { type PayloadReader, RunDescriber, type TimelineEntry, timestampToIso } from './history-events.ts';

export type { TimelineEntry } from './history-events.ts';

/** Shown in place of a payload the viewer may not decrypt. */
export const ENCRYPTED = '[encrypted]';

export interface HistoryViewer {
  /** Decrypt Temporal payloads; when false each stays ENCRYPTED and commands show no actor. */
  decodePayloads: boolean;
  /** A decoded payload value as the viewer may see it. */
  redactPayload(value: unknown): unknown;
  /** A domain event as the viewer may see it, or null when it must not appear at all. */
  viewEvent(event: EventEnvelope): EventEnvelope | null;
}

export interface RunSummary {
  runId: string;
  workflowType: string | null;
  /** RUNNING, COMPLETED, CONTINUED_AS_NEW, TERMINATED … */
  status: string;
  startedAt: string | null;
  closedAt: string | null;
}

export interface Waiting {
  /** The workflow's status (RUNNING, COMPLETED …) and the case's own (CaseStatus search attribute). */
  workflowStatus: string;
  caseStatus: string | null;
  /** The NextDeadline search attribute: the earliest clock the case counts down to. */
  nextDeadline: string | null;
  timers: { timerId: string; firesAt: string; length: string }[];
  activities: {
    activityId: string;
    type: string;
    state: string;
    attempt: number;
    maximumAttempts: number;
    scheduledAt: string | null;
    lastStartedAt: string | null;
    nextAttemptAt: string | null;
    lastFailure: string | null;
  }[];
  children: { workflowId: string; workflowType: string | null }[];
}

export interface CaseHistory {
  caseId: string;
  runs: RunSummary[];
  timeline: TimelineEntry[];
  waiting: Waiting;
}

type History = temporal.api.history.v1.IHistory;

async function describeCase(client: Client, caseId: string) {
  try {
    return await client.workflow.getHandle(caseId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
    throw error;
  }
}

/** Every run of the case's workflow, oldest first, each with its history. */
async function readRuns(client: Client, caseId: string, latestRunId: string): Promise<{ runId: string; history: History }[]> {
  const runs: { runId: string; history: History }[] = [];
  let runId: string | null = latestRunId;
  while (runId) {
    const history = await client.workflow.getHandle(caseId, runId).fetchHistory();
    runs.unshift({ runId, history });
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || null;
  }
  return runs;
}

const GRPC_NOT_FOUND = 5;

/**
 * The Temporal history of one run (the latest by default) in Temporal's standard JSON form,
 * replayable as is. Throws RunNotFoundError when the case has no run `runId` (or no such case).
 */
export async function temporalHistoryJson(client: Client, caseId: string, runId?: string): Promise<string> {
  const latest = runId ?? (await describeCase(client, caseId)).runId;
  try {
    return historyToJSON(await client.workflow.getHandle(caseId, latest).fetchHistory());
  } catch (error) {
    // Fetching a history answers a bare gRPC NOT_FOUND, without saying whether the case or the run is missing.
    if (!(error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND))) throw error;
    throw runId ? new RunNotFoundError(caseId, runId) : new CaseNotFoundError(caseId);
  }
}

function payloadReader(converter: LoadedDataConverter, viewer: HistoryViewer): PayloadReader {
  const read: PayloadReader['read'] = async (payloads) => {
    const list = payloads?.payloads ?? [];
    if (!viewer.decodePayloads) return list.map(() => ENCRYPTED);
    return Promise.all(
      list.map(async (payload) => {
        try {
          // Codecs encode in order, so they decode in reverse.
          let decoded: Payload[] = [payload as Payload];
          for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
          return viewer.redactPayload(converter.payloadConverter.fromPayload(decoded[0]!));
        } catch (error) {
          return `[undecodable: ${error instanceof Error ? error.message : String(error)}]`;
        }
      }),
    );
  };
  return { read, failureDetails: (failure) => read(failure?.applicationFailureInfo?.details) };
}

function eventEntry(event: EventEnvelope): TimelineEntry {
  const occurred = event.occurredAt === event.recordedAt ? '' : `, occurred ${event.occurredAt}`;
  return {
    at: new Date(event.recordedAt).toISOString(),
    source: 'event',
    kind: event.type,
    actor: event.actor,
    summary: `${event.type} #${event.streamVersion} (${event.classification}${occurred})`,
    details: {
      eventId: event.eventId,
      streamVersion: event.streamVersion,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      classification: event.classification,
      correlationId: event.correlationId,
      causationId: event.causationId,
      data: event.data,
    },
  };
}

const enumName = (names: Record<number, string>, value: number | null | undefined, prefix: string) =>
  (names[value ?? 0] ?? 'UNSPECIFIED').replace(prefix, '');

/**
 * The case's merged timeline (sorted by time; at equal times workflow entries come first, each
 * source in its own order) and what it waits for now. Throws CaseNotFoundError when no workflow
 * has the case id.
 */
export async function caseHistory(client: Client, store: EventStore, caseId: string, viewer: HistoryViewer): Promise<CaseHistory> {
  const description = await describeCase(client, caseId);
  const runs = await readRuns(client, caseId, description.runId);
  const reader = payloadReader(client.options.loadedDataConverter, viewer);

  const workflowEntries: TimelineEntry[] = [];
  const summaries: RunSummary[] = [];
  let lastRun: RunDescriber | undefined;
  for (const [index, run] of runs.entries()) {
    const describer = new RunDescriber(run.runId, reader);
    for (const event of run.history.events ?? []) {
      const entry = await describer.describe(event);
      if (entry) workflowEntries.push(entry);
    }
    const events = run.history.events ?? [];
    const latest = index === runs.length - 1;
    summaries.push({
      runId: run.runId,
      workflowType: events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? null,
      status: latest ? description.status.name : 'CONTINUED_AS_NEW',
      startedAt: timestampToIso(events[0]?.eventTime),
      closedAt: latest ? (description.closeTime?.toISOString() ?? null) : timestampToIso(events.at(-1)?.eventTime),
    });
    lastRun = describer;
  }

  const eventEntries = (await store.readStream(caseId))
    .map((event) => viewer.viewEvent(event))
    .filter((event): event is EventEnvelope => event !== null)
    .map(eventEntry);
  const timeline = [...workflowEntries, ...eventEntries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const running = description.status.name === 'RUNNING';
  const raw = description.raw;
  const nextDeadline = description.typedSearchAttributes.get(NextDeadlineKey);
  return {
    caseId,
    runs: summaries,
    timeline,
    waiting: {
      workflowStatus: description.status.name,
      caseStatus: description.typedSearchAttributes.get(CaseStatusKey) ?? null,
      nextDeadline: nextDeadline ? nextDeadline.toISOString() : null,
      timers: running && lastRun ? [...lastRun.runningTimers.values()] : [],
      activities: (raw.pendingActivities ?? []).map((activity) => ({
        activityId: activity.activityId ?? '',
        type: activity.activityType?.name ?? 'activity',
        state: enumName(proto.temporal.api.enums.v1.PendingActivityState, activity.state, 'PENDING_ACTIVITY_STATE_'),
        attempt: activity.attempt ?? 1,
        maximumAttempts: activity.maximumAttempts ?? 0,
        scheduledAt: timestampToIso(activity.scheduledTime),
        lastStartedAt: timestampToIso(activity.lastStartedTime),
        nextAttemptAt: timestampToIso(activity.nextAttemptScheduleTime),
        lastFailure: activity.lastFailure?.message ?? null,
      })),
      children: (raw.pendingChildren ?? []).map((child) => ({
        workflowId: child.workflowId ?? '',
        workflowType: child.workflowTypeName ?? null,
      })),
    },
  };
}
