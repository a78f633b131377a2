// Turns the events of one Temporal run into timeline entries a supervisor can read: what
// happened (an update accepted or rejected, a timer started or fired, an activity attempt, a
// signal, a child workflow, a search-attribute upsert, a run boundary), who asked for it, and
// the decoded payloads as details. Workflow-task bookkeeping (scheduled/started/completed) is
// left out; a failed or timed-out workflow task is kept, since it means the worker is stuck.
import type { temporal } from '@temporalio/proto';
import proto from '@temporalio/proto';
import type { Actor } from '../events/envelope.ts';

export interface TimelineEntry {
  /** ISO 8601; workflow events by Temporal's clock, domain events by when the store recorded them. */
  at: string;
  source: 'workflow' | 'event';
  /** "update.accepted", "timer.fired", "activity.failed" … for workflow entries; the event type for domain events. */
  kind: string;
  actor?: Actor;
  summary: string;
  details: Record<string, unknown>;
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
type Failure = temporal.api.failure.v1.IFailure | null | undefined;
type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;
type Duration = Timestamp;

const EventType = proto.temporal.api.enums.v1.EventType;

/** How payloads are shown: decoded (and redacted) values, or a note that they stay encrypted. */
export interface PayloadReader {
  read(payloads: Payloads): Promise<unknown[]>;
  /** The decoded failure details, for the rule a rejected command names. */
  failureDetails(failure: Failure): Promise<unknown[]>;
}

export function timestampToIso(ts: Timestamp): string | null {
  if (!ts) return null;
  return new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

export function durationMs(duration: Duration): number {
  if (!duration) return 0;
  return Number(duration.seconds ?? 0) * 1000 + Math.floor((duration.nanos ?? 0) / 1e6);
}

/** "3d 4h", "45s", "250ms": a timer's length as a person says it. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, seconds] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** The actor a command or fact carries, at its top level or one level down ({ report: { actor } }). */
export function actorIn(value: unknown): Actor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = (value as { actor?: unknown }).actor;
  if (isActor(candidate)) return candidate;
  for (const inner of Object.values(value)) {
    const nested = typeof inner === 'object' && inner !== null ? (inner as { actor?: unknown }).actor : undefined;
    if (isActor(nested)) return nested;
  }
  return undefined;
}

function isActor(value: unknown): value is Actor {
  const v = value as Partial<Actor> | undefined;
  return typeof v?.agency === 'string' && typeof v.role === 'string' && typeof v.userId === 'string';
}

function failureMessage(failure: Failure): string | undefined {
  if (!failure) return undefined;
  const cause = failure.cause?.message ? ` (cause: ${failure.cause.message})` : '';
  return `${failure.message ?? 'failed'}${cause}`;
}

function failureType(failure: Failure): string | undefined {
  return failure?.applicationFailureInfo?.type ?? undefined;
}

/** Reads one run's events in order, remembering what later events refer back to. */
export class RunDescriber {
  private readonly activities = new Map<string, { type: string; activityId: string }>();
  private readonly timers = new Map<string, { timerId: string; firesAt: string; length: string }>();
  private readonly updates = new Map<string, string>();
  private readonly children = new Map<string, string>();
  /** Timers started and neither fired nor cancelled: what a running case is counting down to. */
  readonly runningTimers = new Map<string, { timerId: string; firesAt: string; length: string }>();

  constructor(
    private readonly runId: string,
    private readonly payloads: PayloadReader,
  ) {}

  async describe(event: HistoryEvent): Promise<TimelineEntry | undefined> {
    const at = timestampToIso(event.eventTime) ?? new Date(0).toISOString();
    const id = String(event.eventId ?? '');
    const entry = (kind: string, summary: string, details: Record<string, unknown> = {}, actor?: Actor): TimelineEntry => ({
      at,
      source: 'workflow',
      kind,
      ...(actor ? { actor } : {}),
      summary,
      details: { runId: this.runId, eventId: Number(id), ...details },
    });
    const type = event.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED;
    switch (type) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        return undefined;

      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const a = event.workflowExecutionStartedEventAttributes!;
        const input = await this.payloads.read(a.input);
        const from = a.continuedExecutionRunId ? ` (continued from run ${a.continuedExecutionRunId})` : '';
        return entry(
          'run.started',
          `${a.workflowType?.name} run started on ${a.taskQueue?.name}${from}`,
          {
            workflowType: a.workflowType?.name,
            taskQueue: a.taskQueue?.name,
            continuedFromRunId: a.continuedExecutionRunId || null,
            input,
          },
          actorIn(input[0]),
        );
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: {
        const [result] = await this.payloads.read(event.workflowExecutionCompletedEventAttributes?.result);
        return entry('run.completed', 'run completed', { result });
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: {
        const failure = event.workflowExecutionFailedEventAttributes?.failure;
        return entry('run.failed', `run failed: ${failureMessage(failure)}`, { failure: failureMessage(failure) });
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        return entry('run.timedOut', 'run timed out');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: {
        const a = event.workflowExecutionTerminatedEventAttributes!;
        return entry('run.terminated', `run terminated${a.reason ? `: ${a.reason}` : ''}`, { reason: a.reason, identity: a.identity });
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        return entry('run.cancelRequested', 'cancellation requested', {
          cause: event.workflowExecutionCancelRequestedEventAttributes?.cause,
        });
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        return entry('run.cancelled', 'run cancelled');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: {
        const a = event.workflowExecutionContinuedAsNewEventAttributes!;
        return entry('run.continuedAsNew', `continued as new in run ${a.newExecutionRunId}`, { newRunId: a.newExecutionRunId });
      }

      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED: {
        const a = event.workflowTaskFailedEventAttributes!;
        const cause = proto.temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause ?? 0];
        return entry('workflowTask.failed', `workflow task failed (${cause}): ${failureMessage(a.failure)}`, {
          cause,
          failure: failureMessage(a.failure),
        });
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        return entry('workflowTask.timedOut', 'workflow task timed out: no worker finished it in time');

      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED: {
        const request = event.workflowExecutionUpdateAdmittedEventAttributes?.request;
        return entry('update.admitted', `update ${request?.input?.name} admitted`, { updateId: request?.meta?.updateId });
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const request = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        const name = request?.input?.name ?? 'update';
        const updateId = request?.meta?.updateId ?? '';
        this.updates.set(updateId, name);
        const args = await this.payloads.read(request?.input?.args);
        return entry(`update.accepted`, `${name} accepted`, { update: name, updateId, args }, actorIn(args[0]));
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const a = event.workflowExecutionUpdateCompletedEventAttributes!;
        const updateId = a.meta?.updateId ?? '';
        const name = this.updates.get(updateId) ?? 'update';
        const failure = a.outcome?.failure;
        if (failure) {
          const [details] = await this.payloads.failureDetails(failure);
          const rule = (details as { rule?: unknown } | undefined)?.rule;
          const by = typeof rule === 'string' ? ` by ${rule}` : '';
          return entry('update.rejected', `${name} rejected${by}: ${failure.message}`, {
            update: name,
            updateId,
            rule: typeof rule === 'string' ? rule : null,
            failureType: failureType(failure),
            reason: failure.message,
          });
        }
        const [result] = await this.payloads.read(a.outcome?.success);
        const recorded = (result as { events?: unknown } | undefined)?.events;
        const what = Array.isArray(recorded) ? (recorded.length > 0 ? `recorded ${recorded.join(', ')}` : 'recorded nothing') : 'done';
        return entry('update.completed', `${name} completed: ${what}`, { update: name, updateId, result });
      }

      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const a = event.workflowExecutionSignaledEventAttributes!;
        const input = await this.payloads.read(a.input);
        return entry('signal.received', `signal ${a.signalName}`, { signal: a.signalName, input }, actorIn(input[0]));
      }
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: {
        const a = event.signalExternalWorkflowExecutionInitiatedEventAttributes!;
        return entry('signal.sent', `signal ${a.signalName} sent to ${a.workflowExecution?.workflowId}`, {
          signal: a.signalName,
          to: a.workflowExecution?.workflowId,
          input: await this.payloads.read(a.input),
        });
      }
      case EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED: {
        const to = event.externalWorkflowExecutionSignaledEventAttributes?.workflowExecution?.workflowId;
        return entry('signal.delivered', `signal delivered to ${to}`, { to });
      }
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED: {
        const a = event.signalExternalWorkflowExecutionFailedEventAttributes!;
        const cause = proto.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause[a.cause ?? 0];
        return entry('signal.failed', `signal to ${a.workflowExecution?.workflowId} failed (${cause})`, {
          to: a.workflowExecution?.workflowId,
          cause,
        });
      }

      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const a = event.timerStartedEventAttributes!;
        const ms = durationMs(a.startToFireTimeout);
        const timer = {
          timerId: a.timerId ?? id,
          firesAt: new Date(Date.parse(at) + ms).toISOString(),
          length: humanDuration(ms),
        };
        this.timers.set(timer.timerId, timer);
        this.runningTimers.set(timer.timerId, timer);
        return entry('timer.started', `timer ${timer.timerId} started: ${timer.length}, fires ${timer.firesAt}`, timer);
      }
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const timerId = event.timerFiredEventAttributes?.timerId ?? '';
        this.runningTimers.delete(timerId);
        const timer = this.timers.get(timerId);
        return entry('timer.fired', `timer ${timerId} fired${timer ? ` after ${timer.length}` : ''}`, { timerId });
      }
      case EventType.EVENT_TYPE_TIMER_CANCELED: {
        const timerId = event.timerCanceledEventAttributes?.timerId ?? '';
        this.runningTimers.delete(timerId);
        const timer = this.timers.get(timerId);
        return entry('timer.cancelled', `timer ${timerId} cancelled${timer ? ` (was due ${timer.firesAt})` : ''}`, { timerId });
      }

      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = event.activityTaskScheduledEventAttributes!;
        const activity = { type: a.activityType?.name ?? 'activity', activityId: a.activityId ?? '' };
        this.activities.set(id, activity);
        return entry('activity.scheduled', `${activity.type} scheduled`, {
          ...activity,
          input: await this.payloads.read(a.input),
          maximumAttempts: a.retryPolicy?.maximumAttempts ?? 0,
        });
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const a = event.activityTaskStartedEventAttributes!;
        const activity = this.activities.get(String(a.scheduledEventId ?? ''));
        const attempt = a.attempt ?? 1;
        const retried =
          attempt > 1 ? ` after ${attempt - 1} failed attempt${attempt > 2 ? 's' : ''}: ${failureMessage(a.lastFailure)}` : '';
        return entry('activity.started', `${activity?.type} attempt ${attempt} started${retried}`, {
          ...activity,
          attempt,
          ...(a.lastFailure ? { lastFailure: failureMessage(a.lastFailure) } : {}),
        });
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = event.activityTaskCompletedEventAttributes!;
        const activity = this.activities.get(String(a.scheduledEventId ?? ''));
        const [result] = await this.payloads.read(a.result);
        return entry('activity.completed', `${activity?.type} completed`, { ...activity, result });
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const a = event.activityTaskFailedEventAttributes!;
        const activity = this.activities.get(String(a.scheduledEventId ?? ''));
        const retryState = proto.temporal.api.enums.v1.RetryState[a.retryState ?? 0];
        return entry('activity.failed', `${activity?.type} failed: ${failureMessage(a.failure)}`, {
          ...activity,
          failure: failureMessage(a.failure),
          failureType: failureType(a.failure),
          retryState,
        });
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const a = event.activityTaskTimedOutEventAttributes!;
        const activity = this.activities.get(String(a.scheduledEventId ?? ''));
        return entry('activity.timedOut', `${activity?.type} timed out: ${failureMessage(a.failure)}`, {
          ...activity,
          failure: failureMessage(a.failure),
        });
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED:
        return entry('activity.cancelRequested', 'activity cancellation requested', {
          ...this.activities.get(String(event.activityTaskCancelRequestedEventAttributes?.scheduledEventId ?? '')),
        });
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        return entry('activity.cancelled', 'activity cancelled', {
          ...this.activities.get(String(event.activityTaskCanceledEventAttributes?.scheduledEventId ?? '')),
        });

      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const a = event.startChildWorkflowExecutionInitiatedEventAttributes!;
        this.children.set(id, a.workflowId ?? '');
        return entry('child.initiated', `child ${a.workflowType?.name} ${a.workflowId} requested`, {
          workflowId: a.workflowId,
          workflowType: a.workflowType?.name,
          input: await this.payloads.read(a.input),
        });
      }
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED: {
        const a = event.startChildWorkflowExecutionFailedEventAttributes!;
        const cause = proto.temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause[a.cause ?? 0];
        return entry('child.startFailed', `child ${a.workflowId} could not start (${cause})`, { workflowId: a.workflowId, cause });
      }
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
        return this.childOutcome(event, type, entry);

      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
        const values: Record<string, unknown> = {};
        for (const [name, payload] of Object.entries(fields)) values[name] = searchAttributeValue(payload);
        const shown = Object.entries(values).map(([name, value]) => `${name}=${value ?? '(unset)'}`);
        return entry('searchAttributes.upserted', `search attributes ${shown.join(', ')}`, { searchAttributes: values });
      }
      case EventType.EVENT_TYPE_MARKER_RECORDED: {
        const name = event.markerRecordedEventAttributes?.markerName;
        return entry('marker', `marker ${name} recorded (a patch or side effect)`, { marker: name });
      }
      default: {
        const name = EventType[type] ?? `EVENT_TYPE_${type}`;
        return entry(
          name.replace(/^EVENT_TYPE_/, '').toLowerCase(),
          name
            .replace(/^EVENT_TYPE_/, '')
            .toLowerCase()
            .replaceAll('_', ' '),
        );
      }
    }
  }

  private async childOutcome(
    event: HistoryEvent,
    type: number,
    entry: (kind: string, summary: string, details?: Record<string, unknown>) => TimelineEntry,
  ): Promise<TimelineEntry> {
    const attributes =
      event.childWorkflowExecutionStartedEventAttributes ??
      event.childWorkflowExecutionCompletedEventAttributes ??
      event.childWorkflowExecutionFailedEventAttributes ??
      event.childWorkflowExecutionCanceledEventAttributes ??
      event.childWorkflowExecutionTimedOutEventAttributes ??
      event.childWorkflowExecutionTerminatedEventAttributes;
    const workflowId = attributes?.workflowExecution?.workflowId ?? this.children.get(String(attributes?.initiatedEventId ?? ''));
    const outcome = (EventType[type] ?? '').replace('EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_', '').toLowerCase();
    const failure = event.childWorkflowExecutionFailedEventAttributes?.failure;
    return entry(
      `child.${outcome === 'canceled' ? 'cancelled' : outcome.replace('timed_out', 'timedOut')}`,
      `child ${workflowId} ${outcome.replace('_', ' ')}`,
      {
        workflowId,
        ...(failure ? { failure: failureMessage(failure) } : {}),
      },
    );
  }
}

/** Search attributes are never encrypted: each is a JSON payload (a keyword list or a datetime). */
export function searchAttributeValue(payload: temporal.api.common.v1.IPayload | null | undefined): unknown {
  if (!payload?.data || payload.data.length === 0) return null;
  const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}
