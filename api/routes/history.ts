// GET /cases/{caseId}/history: the supervisor's view of one case (cases/history.ts): Temporal's
// history of every run merged with the domain events, and what the case waits for now.
// A case the caller may not see (a kind its agency does not work, or more secret than it may see)
// is 404, whatever the format. Payloads are decrypted only for callers the policy lets decode
// payloads (supervisors); decoded values and domain events are redacted by the caller's need to
// know (agency and role), and events above the caller's clearance are left out. `?format=temporal` returns one run's raw history in
// Temporal's JSON form, payloads still encrypted, so it can be replayed or loaded into tools.
// Like every case route, it sees only the cases its deployment's workers run (cases/client.ts).
import { z } from 'zod';
import type { Caller } from '../../access/caller.ts';
import { visibleCategories } from '../../access/need-to-know.ts';
import { redactPersonalFields } from '../../access/payload-redaction.ts';
import { maySeeRecord, mayUse } from '../../access/policy.ts';
import { redactEvent } from '../../access/redact.ts';
import { CaseClient } from '../../cases/client.ts';
import { type CaseHistory, caseHistory, type HistoryViewer, temporalHistoryJson } from '../../cases/history.ts';
import { VisibleCases } from '../../cases/visible-cases.ts';
import { eventDefinition } from '../../events/catalogue.ts';
import { Actor } from '../../events/envelope.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import type { CaseKind } from '../../workflows/kinds.ts';
import { authorizeCase } from '../auth/guard.ts';
import { type ApiPlugin, encryptingTemporal } from '../context.ts';
import { addRoute } from '../route.ts';
import { caseProblem, kindOfCase } from './cases.ts';

const TimelineEntryView = z.object({
  at: z.string().describe('workflow entries: Temporal event time; domain events: when the store recorded them'),
  source: z.enum(['workflow', 'event']),
  kind: z.string().describe('update.accepted, update.rejected, timer.started, activity.failed, run.continuedAsNew … or the event type'),
  actor: Actor.optional(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const CaseHistoryView = z.object({
  caseId: z.string(),
  runs: z.array(
    z.object({
      runId: z.string(),
      workflowType: z.string().nullable(),
      status: z.string(),
      startedAt: z.string().nullable(),
      closedAt: z.string().nullable(),
    }),
  ),
  timeline: z.array(TimelineEntryView),
  waiting: z.object({
    workflowStatus: z.string(),
    caseStatus: z.string().nullable(),
    nextDeadline: z.string().nullable(),
    timers: z.array(z.object({ timerId: z.string(), firesAt: z.string(), length: z.string() })),
    activities: z.array(
      z.object({
        activityId: z.string(),
        type: z.string(),
        state: z.string(),
        attempt: z.number(),
        maximumAttempts: z.number(),
        scheduledAt: z.string().nullable(),
        lastStartedAt: z.string().nullable(),
        nextAttemptAt: z.string().nullable(),
        lastFailure: z.string().nullable(),
      }),
    ),
    children: z.array(z.object({ workflowId: z.string(), workflowType: z.string().nullable() })),
  }),
}) satisfies z.ZodType<CaseHistory>;

function viewerFor(caller: Caller, kind: CaseKind): HistoryViewer {
  const visible = visibleCategories(caller, kind, { assigned: false });
  return {
    decodePayloads: mayUse(caller, 'payload.decode').allowed,
    redactPayload: (value) => redactPersonalFields(value, visible),
    viewEvent: (event) =>
      maySeeRecord(caller, { kind: eventDefinition(event.type).kind, classification: event.classification })
        ? redactEvent(event, caller, { assigned: false })
        : null,
  };
}

export const historyRoutes: ApiPlugin = (app, context) => {
  if (!context.temporal) return;
  const { client, taskQueue } = encryptingTemporal(context.temporal);
  const visibleCases = new VisibleCases(new CaseClient(client, taskQueue), context.pool);
  const store = new EventStore(context.pool);

  addRoute(
    app,
    {
      method: 'GET',
      url: '/cases/:caseId/history',
      operationId: 'getCaseHistory',
      summary: "A case's whole history: Temporal's events of every run and the domain events in one timeline, and what it waits for now",
      description:
        "With format=temporal: the raw Temporal history of one run (the latest, or runId) in Temporal's JSON form, payloads encrypted, " +
        'for replay and Temporal tools.',
      tags: ['cases'],
      access: 'case.history',
      params: z.object({ caseId: z.string().min(1).max(200) }),
      query: z.object({
        format: z.enum(['timeline', 'temporal']).default('timeline'),
        runId: z.uuid().optional().describe('format=temporal: the run to export (default: the latest)'),
      }),
      response: z.union([CaseHistoryView, z.record(z.string(), z.unknown()).describe("Temporal's history JSON (format=temporal)")]),
    },
    async ({ params, query, caller }) => {
      const kind = kindOfCase(params.caseId);
      authorizeCase(caller, 'case.history', kind, params.caseId);
      try {
        await visibleCases.find(caller, params.caseId);
        if (query.format === 'temporal') {
          return JSON.parse(await temporalHistoryJson(client, params.caseId, query.runId)) as Record<string, unknown>;
        }
        return await caseHistory(client, store, params.caseId, viewerFor(caller, kind));
      } catch (error) {
        throw caseProblem(error);
      }
    },
  );
};
