// A supervisor's history of a case over HTTP with a real worker: accepted and rejected updates,
// timers, activities and the domain events in one time-ordered timeline, what the case waits for
// now, redaction by the caller's access, and a Temporal-format export that replays.
import { randomUUID } from 'node:crypto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../access/redact.ts';
import { WORKFLOWS_PATH } from '../../app/case-worker.ts';
import type { CaseHistory, TimelineEntry } from '../../cases/history.ts';
import { testDataConverter } from '../support/temporal.ts';
import { waitUntil } from '../support/wait-until.ts';
import { type CaseApi, caseApi, runCli, terminateCases } from './api-cases-support.ts';

const consul = { agency: 'MOFA', role: 'operator', userId: 'consul-2' } as const;
const supervisor = { agency: 'MOJ', role: 'supervisor', userId: 'prosecutor-9', clearance: 'CONFIDENTIAL' } as const;
// Reported an hour ago: the welfare check (days later by the case's clock) is still to come, so its
// timer runs until the location cancels it; a report long past would have it fire at once.
const reportedAt = `${new Date(Date.now() - 3_600_000).toISOString().slice(0, 19)}Z`;

describe('case history', () => {
  let api: CaseApi;
  const caseId = `victim-${randomUUID()}`;

  beforeAll(async () => {
    api = await caseApi();
    const headers = await api.bearer(consul);
    const opened = await api.app.inject({
      method: 'POST',
      url: '/cases/victim',
      headers,
      payload: {
        caseId,
        leadAgency: 'MOFA',
        personName: 'Person C',
        reportedBy: 'family',
        hostCountry: 'KH',
        contactPhone: '+82-10-0000-0000',
        occurredAt: reportedAt,
      },
    });
    expect(opened.statusCode).toBe(201);
    // Both commands must be accepted, then closing a located case breaks a rule and its handler
    // rejects it: an accepted and a rejected update in history. The validator lets a command
    // through to its handler only while another is still running, so hold the location's append
    // (an uncommitted row at the version it writes) until Temporal has accepted both.
    await waitUntil('the report is stored', async () => (await eventsOf(caseId)) === 1);
    const held = await api.harness.pool.connect();
    try {
      await held.query('BEGIN');
      await held.query(
        `INSERT INTO events (event_id, stream_id, stream_version, case_kind, type, schema_version, occurred_at, actor, classification, correlation_id, data)
         VALUES ($1, $2, 2, 'victim', 'VictimLocated', 1, now(), '{"agency":"MOFA","role":"operator","userId":"u"}', 'RESTRICTED', 'c', '{}')`,
        [randomUUID(), caseId],
      );
      const located = api.app.inject({
        method: 'POST',
        url: `/cases/${caseId}/commands/recordLocation`,
        headers,
        payload: { location: 'compound D', confirmedBy: 'NPA' },
      });
      await waitUntil('recordLocation is accepted', async () => (await acceptedUpdates(caseId)).join() === 'recordLocation');
      const closed = api.app.inject({ method: 'POST', url: `/cases/${caseId}/commands/closeCase`, headers, payload: {} });
      await waitUntil('closeCase is accepted', async () => (await acceptedUpdates(caseId)).join() === 'recordLocation,closeCase');
      await held.query('ROLLBACK');
      expect((await located).statusCode).toBe(200);
      expect((await closed).statusCode).toBe(409);
    } finally {
      // A wait that timed out must not leave the row holding back every append and relay.
      await held.query('ROLLBACK').catch(() => undefined);
      held.release();
    }
  });

  async function eventsOf(streamId: string): Promise<number> {
    const { rows } = await api.harness.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId]);
    return rows[0]!.n;
  }

  async function acceptedUpdates(workflowId: string): Promise<string[]> {
    const history = await api.harness.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).flatMap((e) => {
      const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
      return name ? [name] : [];
    });
  }

  afterAll(async () => {
    if (!api) return;
    await terminateCases(api.harness, [caseId]);
    await api.close();
  });

  const history = async (caller: object, query = '') =>
    api.app.inject({ method: 'GET', url: `/cases/${caseId}/history${query}`, headers: await api.bearer(caller) });

  it('merges updates, timers, activities and domain events into one timeline in time order', async () => {
    const response = await history(supervisor);
    expect(response.statusCode).toBe(200);
    const body = response.json() as CaseHistory;
    const { timeline } = body;
    const times = timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const find = (predicate: (e: TimelineEntry) => boolean) => {
      const index = timeline.findIndex(predicate);
      expect(
        index,
        JSON.stringify(
          timeline.map((e) => `${e.kind} ${e.summary}`),
          null,
          1,
        ),
      ).toBeGreaterThanOrEqual(0);
      return index;
    };
    const started = find((e) => e.kind === 'run.started');
    expect(timeline[started]).toMatchObject({
      source: 'workflow',
      actor: consul,
      summary: expect.stringMatching(/VictimCaseWorkflow run started/),
    });
    const firstAppend = find((e) => e.kind === 'activity.scheduled' && e.details.type === 'appendEvents');
    const reported = find((e) => e.source === 'event' && e.kind === 'VictimReported');
    const acceptedLocation = find((e) => e.kind === 'update.accepted' && e.details.update === 'recordLocation');
    const completedLocation = find((e) => e.kind === 'update.completed' && e.details.update === 'recordLocation');
    const located = find((e) => e.source === 'event' && e.kind === 'VictimLocated');
    const acceptedClose = find((e) => e.kind === 'update.accepted' && e.details.update === 'closeCase');
    const rejectedClose = find((e) => e.kind === 'update.rejected');
    const welfareTimer = find((e) => e.kind === 'timer.started');
    const cancelled = find((e) => e.kind === 'timer.cancelled');
    find((e) => e.kind === 'activity.completed' && e.details.type === 'resolveVictimDeadlines');
    find((e) => e.kind === 'searchAttributes.upserted' && (e.details.searchAttributes as Record<string, unknown>).CaseStatus === 'LOCATED');

    expect(started).toBeLessThan(firstAppend);
    expect(firstAppend).toBeLessThan(reported);
    expect(acceptedLocation).toBeLessThan(located);
    expect(located).toBeLessThan(completedLocation);
    expect(acceptedClose).toBeLessThan(rejectedClose);
    expect(welfareTimer).toBeLessThan(cancelled);
    expect(timeline[acceptedLocation]).toMatchObject({ actor: consul, summary: 'recordLocation accepted' });
    expect(timeline[completedLocation]?.summary).toBe('recordLocation completed: recorded VictimLocated');
    expect(timeline[rejectedClose]).toMatchObject({
      summary: expect.stringMatching(/^closeCase rejected by closeCase-requires-state: closeCase is allowed only when/),
      details: { update: 'closeCase', rule: 'closeCase-requires-state' },
    });
    expect(timeline[reported]).toMatchObject({
      actor: consul,
      details: { streamVersion: 1, occurredAt: expect.stringMatching(new RegExp(`^${reportedAt.slice(0, 19)}`)) },
    });

    // Located, the case now counts down to the rescue escalation: one running timer, the deadline.
    expect(body.runs).toEqual([expect.objectContaining({ status: 'RUNNING', workflowType: 'VictimCaseWorkflow', closedAt: null })]);
    expect(body.waiting).toMatchObject({ workflowStatus: 'RUNNING', caseStatus: 'LOCATED', activities: [], children: [] });
    expect(body.waiting.timers).toHaveLength(1);
    expect(body.waiting.nextDeadline).toEqual(expect.any(String));
  });

  it("decrypts payloads for a supervisor and redacts what the supervisor's agency may not see", async () => {
    const { timeline } = (await history(supervisor)).json() as CaseHistory;
    // MOJ sees a victim's name but never the family's phone number: in the decoded workflow input and in the event.
    const input = timeline.find((e) => e.kind === 'run.started')?.details.input as [{ report: Record<string, unknown> }];
    expect(input[0].report).toMatchObject({ personName: 'Person C', contactPhone: REDACTED });
    const reported = timeline.find((e) => e.kind === 'VictimReported')?.details.data as Record<string, unknown>;
    expect(reported).toMatchObject({ personName: 'Person C', contactPhone: REDACTED });
    const location = timeline.find((e) => e.kind === 'update.accepted' && e.details.update === 'recordLocation');
    // The command, then the seal the API made for it (it verifies for this command only).
    expect(location?.details.args).toEqual([expect.objectContaining({ location: REDACTED, confirmedBy: 'NPA' }), expect.any(String)]);
  });

  it('shows an auditor the shape of the case: payloads stay encrypted, no personal field shows', async () => {
    const response = await history({ agency: 'MOFA', role: 'auditor', clearance: 'CONFIDENTIAL' });
    expect(response.statusCode).toBe(200);
    const { timeline } = response.json() as CaseHistory;
    // The opening and its seal.
    expect(timeline.find((e) => e.kind === 'run.started')?.details.input).toEqual(['[encrypted]', '[encrypted]']);
    expect(timeline.find((e) => e.kind === 'VictimReported')?.details.data).toMatchObject({ personName: REDACTED, reportedBy: 'family' });
    expect(JSON.stringify(timeline)).not.toContain('Person C');
  });

  it('is refused to operators and to too low a clearance, and not found by agencies without the kind', async () => {
    expect((await history(consul)).statusCode).toBe(403);
    expect((await history({ ...supervisor, clearance: 'RESTRICTED' })).statusCode).toBe(403);
    expect((await history({ ...supervisor, agency: 'NIS' })).statusCode).toBe(404);
    const missing = await api.app.inject({
      method: 'GET',
      url: `/cases/victim-${randomUUID()}/history`,
      headers: await api.bearer(supervisor),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('exports the raw Temporal history, still encrypted, and the export replays against the current code', async () => {
    const response = await history(supervisor, '?format=temporal');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(Buffer.from('Person C').toString('base64').slice(0, 8));
    expect(response.body).toContain(Buffer.from('binary/encrypted').toString('base64'));
    const exported = historyFromJSON(response.json());
    expect(exported.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name).toBe('VictimCaseWorkflow');
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: WORKFLOWS_PATH, replayName: 'history-export-replay', dataConverter: testDataConverter },
      [{ workflowId: caseId, history: exported }],
    )) {
      results.push({ workflowId: result.workflowId, error: result.error?.message });
    }
    expect(results).toEqual([{ workflowId: caseId, error: undefined }]);
  }, 120_000);

  it('`taskforce history` prints the timeline in aligned columns and what the case waits for', async () => {
    const result = await runCli(['history', caseId], { apiUrl: await api.url(), token: await api.token(supervisor) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const headerAt = lines.findIndex((line) => line.startsWith('TIME (UTC)'));
    const header = lines[headerAt]!;
    expect(header).toMatch(/^TIME \(UTC\)\s+SOURCE\s+WHAT\s+WHO$/);
    const rows = lines.slice(headerAt + 1, lines.indexOf('', headerAt));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.slice(0, 23)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
      expect(row.slice(header.indexOf('SOURCE'))).toMatch(/^(workflow|event) /);
    }
    const who = header.indexOf('WHO');
    const accepted = rows.find((row) => row.includes('recordLocation accepted'));
    expect(accepted?.slice(who)).toBe('MOFA operator consul-2');
    expect(rows.some((row) => row.slice(header.indexOf('WHAT')).startsWith('closeCase rejected by closeCase-requires-state: '))).toBe(true);
    expect(rows.some((row) => row.includes('VictimLocated #2'))).toBe(true);
    expect(result.stdout).toMatch(/Waiting for now\n {2}case status {5}LOCATED \(workflow RUNNING\)\n {2}next deadline {3}\d{4}-/);
    expect(result.stdout).toMatch(/\n {2}timer \S+\s+fires \d{4}-/);
  });

  it('`taskforce history` prints a refusal as a problem and exits 3', async () => {
    const result = await runCli(['history', caseId], { apiUrl: await api.url(), token: await api.token(consul) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^taskforce: 403 Forbidden: the operator role may not use case.history/);
  });
});
