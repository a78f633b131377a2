// VictimCaseWorkflow on real Temporal servers with the real event store: the whole lifecycle
// through Updates, illegal commands rejected while the case keeps running, and the durable
// welfare and rescue clocks on the time-skipping server.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { victimStateQuery, victimUpdates } from '../../workflows/victim/messages.ts';
import { devServerHarness, timeSkippingHarness, type WorkflowHarness } from '../support/temporal.ts';

const actor = { agency: 'MOFA', role: 'operator', userId: 'consul-1' } as const;
const at = '2024-05-01T00:00:00.000Z';

function report(caseId: string) {
  return {
    type: 'reportVictim' as const,
    actor,
    occurredAt: at,
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
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId) }],
    });
    await harness.env!.sleep('15 days'); // two 7-day follow-up intervals
    expect((await handle.query(victimStateQuery)).welfareChecks).toBe(2);

    await handle.executeUpdate(victimUpdates.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: at, location: 'compound C', confirmedBy: 'NPA' }],
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
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [{ report: report(caseId) }],
    });
    await handle.executeUpdate(victimUpdates.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: at, location: 'compound F', confirmedBy: 'NPA' }],
    });
    await harness.env!.sleep('10 days');
    await handle.executeUpdate(victimUpdates.requestRescue, {
      args: [{ type: 'requestRescue', actor, occurredAt: at, requestedFrom: 'HOST_POLICE' }],
    });
    await harness.env!.sleep('5 days'); // 15 days after the location: past the 14-day deadline
    const state = await handle.query(victimStateQuery);
    expect(state.status).toBe('RESCUE_REQUESTED');
    expect(state.rescueEscalated).toBe(true);
    await handle.terminate('test done');
  });
});
