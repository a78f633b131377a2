// VictimCaseWorkflow on real Temporal servers with the real event store: the whole lifecycle
// through Updates, illegal commands rejected while the case keeps running, and the durable
// welfare and rescue clocks on the time-skipping server.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { victimStateQuery, victimUpdates } from '../../workflows/victim/messages.ts';
import { devServerHarness, timeSkippingHarness, type WorkflowHarness } from '../support/temporal.ts';

const actor = { agency: 'MOFA', role: 'operator', userId: 'consul-1' } as const;
const DAY = 86_400_000;
/** Facts are dated from the test's start: the clocks run from a fact's time, as in service. */
const at = new Date().toISOString();
const daysAfter = (days: number, base: number) => new Date(base + days * DAY).toISOString();

function report(caseId: string, occurredAt = at) {
  return {
    type: 'reportVictim' as const,
    actor,
    occurredAt,
    caseId,
    leadAgency: 'MOFA' as const,
    personName: 'Person B',
    reportedBy: 'call_centre' as const,
    hostCountry: 'KH',
    lastKnownLocation: 'Sihanoukville',
  };
}

async function storedTypes(harness: WorkflowHarness, caseId: string): Promise<{ type: string; stream_version: number }[]> {
  const { rows } = await harness.pool.query('select type, stream_version from events where stream_id = $1 order by stream_version', [
    caseId,
  ]);
  return rows;
}

describe('VictimCaseWorkflow on the dev server', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await devServerHarness();
  });
  afterAll(async () => harness?.close());

  it('follows a person from report to closure, one event per accepted command', async () => {
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId) }],
    });
    const u = victimUpdates;
    await handle.executeUpdate(u.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: at, location: 'compound B', confirmedBy: 'NPA' }],
    });
    await handle.executeUpdate(u.requestRescue, { args: [{ type: 'requestRescue', actor, occurredAt: at, requestedFrom: 'HOST_POLICE' }] });
    await handle.executeUpdate(u.recordRescue, { args: [{ type: 'recordRescue', actor, occurredAt: at, rescuedBy: 'HOST_POLICE' }] });
    await handle.executeUpdate(u.recordShelter, { args: [{ type: 'recordShelter', actor, occurredAt: at, shelter: 'embassy shelter' }] });
    await handle.executeUpdate(u.recordScreening, { args: [{ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim' }] });
    await handle.executeUpdate(u.issueTravelDocument, {
      args: [{ type: 'issueTravelDocument', actor, occurredAt: at, documentType: 'travel_certificate', documentNumber: 'TC-1' }],
    });
    await handle.executeUpdate(u.recordRepatriation, { args: [{ type: 'recordRepatriation', actor, occurredAt: at }] });
    await handle.executeUpdate(u.startFollowUp, { args: [{ type: 'startFollowUp', actor, occurredAt: at }] });
    const closed = await handle.executeUpdate(u.closeCase, { args: [{ type: 'closeCase', actor, occurredAt: at }] });
    expect(closed).toEqual({ streamVersion: 10, events: ['VictimCaseClosed'] });

    expect(await handle.result()).toEqual({ caseId, status: 'CLOSED', streamVersion: 10 });
    expect((await storedTypes(harness, caseId)).map((r) => r.type)).toEqual([
      'VictimReported',
      'VictimLocated',
      'RescueRequested',
      'VictimRescued',
      'VictimSheltered',
      'VictimScreened',
      'VictimTravelDocumentIssued',
      'VictimRepatriated',
      'VictimFollowUpStarted',
      'VictimCaseClosed',
    ]);
  });

  it('rejects an illegal transition and a malformed payload, and keeps running', async () => {
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId) }],
    });
    const illegal = handle.executeUpdate(victimUpdates.recordScreening, {
      args: [{ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim' }],
    });
    await expect(illegal).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(illegal).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(/recordScreening is allowed only when the victim case is RESCUED or SHELTERED; it is REPORTED/),
      },
    });

    const malformed = handle.executeUpdate(victimUpdates.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: 'yesterday', location: '', confirmedBy: 'NOBODY' } as never],
    });
    await expect(malformed).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/occurredAt.*location.*confirmedBy|occurredAt/s) },
    });

    const state = await handle.query(victimStateQuery);
    expect(state.status).toBe('REPORTED');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await storedTypes(harness, caseId)).toEqual([{ type: 'VictimReported', stream_version: 1 }]);
    await handle.terminate('test done');
  });

  it('refuses a fact dated before the fact that put the case in its status, naming the rule', async () => {
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId) }],
    });
    const beforeReport = new Date(Date.parse(at) - DAY).toISOString();
    const located = handle.executeUpdate(victimUpdates.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: beforeReport, location: 'compound G', confirmedBy: 'NPA' }],
    });
    await expect(located).rejects.toMatchObject({
      cause: {
        type: 'DomainRuleError',
        details: [{ rule: 'occurred-after-earlier-facts' }],
        message: expect.stringMatching(new RegExp(`recordLocation is dated ${beforeReport}, before ${at}`)),
      },
    });
    expect(await storedTypes(harness, caseId)).toEqual([{ type: 'VictimReported', stream_version: 1 }]);
    await handle.terminate('test done');
  });

  it('screening a victim-offender opens the linked suspect case exactly once', async () => {
    const ref = randomUUID();
    const caseId = `victim-${ref}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId) }],
    });
    await handle.executeUpdate(victimUpdates.recordRescue, {
      args: [{ type: 'recordRescue', actor, occurredAt: at, rescuedBy: 'HOST_POLICE' }],
    });
    await handle.executeUpdate(victimUpdates.recordScreening, {
      args: [{ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim_offender' }],
    });
    const suspect = harness.client.workflow.getHandle(`suspect-${ref}`);
    await expect.poll(async () => (await suspect.describe().catch(() => undefined))?.type, { timeout: 20_000 }).toBe('SuspectCaseWorkflow');
    expect((await handle.query(victimStateQuery)).suspectCaseId).toBe(`suspect-${ref}`);
    await handle.terminate('test done');
    await suspect.terminate('test done').catch(() => undefined);
  });
});

describe('VictimCaseWorkflow clocks (time-skipping server)', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await timeSkippingHarness();
  });
  afterAll(async () => harness?.close());

  it('records a welfare check every follow-up interval while the person is not located, then escalates a missed rescue', async () => {
    const base = await harness.env!.currentTimeMs();
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId, daysAfter(0, base)) }],
    });
    await harness.env!.sleep('15 days'); // two 7-day follow-up intervals
    expect((await handle.query(victimStateQuery)).welfareChecks).toBe(2);

    await handle.executeUpdate(victimUpdates.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: daysAfter(15, base), location: 'compound C', confirmedBy: 'NPA' }],
    });
    await harness.env!.sleep('15 days'); // past the 14-day rescue deadline
    const state = await handle.query(victimStateQuery);
    expect(state.rescueEscalated).toBe(true);
    expect(state.status).toBe('LOCATED');
    expect((await storedTypes(harness, caseId)).map((r) => r.type)).toEqual([
      'VictimReported',
      'VictimWelfareCheckDue',
      'VictimWelfareCheckDue',
      'VictimLocated',
      'VictimRescueEscalated',
    ]);
    await handle.terminate('test done');
  });

  it('keeps the rescue clock running from the location when a rescue is requested', async () => {
    const base = await harness.env!.currentTimeMs();
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId, daysAfter(0, base)) }],
    });
    await handle.executeUpdate(victimUpdates.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: daysAfter(0, base), location: 'compound F', confirmedBy: 'NPA' }],
    });
    await harness.env!.sleep('10 days');
    await handle.executeUpdate(victimUpdates.requestRescue, {
      args: [{ type: 'requestRescue', actor, occurredAt: daysAfter(10, base), requestedFrom: 'HOST_POLICE' }],
    });
    await harness.env!.sleep('5 days'); // 15 days after the location: past the 14-day deadline
    const state = await handle.query(victimStateQuery);
    expect(state.status).toBe('RESCUE_REQUESTED');
    expect(state.rescueEscalated).toBe(true);
    await handle.terminate('test done');
  });

  it('a report entered 22 days after it was made records one overdue welfare check at once, counting the intervals missed', async () => {
    const base = await harness.env!.currentTimeMs();
    const caseId = `victim-${randomUUID()}`;
    await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId, daysAfter(-22, base)) }],
    });
    await expect
      .poll(async () => (await storedTypes(harness, caseId)).map((r) => r.type), { timeout: 20_000, interval: 200 })
      .toEqual(['VictimReported', 'VictimWelfareCheckDue']);
    const { rows } = await harness.pool.query<{ occurred_at: Date; data: { checkNumber: number } }>(
      "select occurred_at, data from events where stream_id = $1 and type = 'VictimWelfareCheckDue'",
      [caseId],
    );
    // Three 7-day intervals have passed: one check, dated at the third, numbered 3.
    expect(rows.map((r) => [r.occurred_at.toISOString(), r.data.checkNumber])).toEqual([[daysAfter(-1, base), 3]]);
    expect((await harness.env!.currentTimeMs()) - base).toBeLessThan(60_000);
    await harness.env!.sleep('7 days'); // the next check is due one interval after the last
    expect((await storedTypes(harness, caseId)).map((r) => r.type)).toEqual([
      'VictimReported',
      'VictimWelfareCheckDue',
      'VictimWelfareCheckDue',
    ]);
    await harness.client.workflow.getHandle(caseId).terminate('test done');
  });
});
