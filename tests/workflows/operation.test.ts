// JointOperationWorkflow on the test stack's dev server with the real event store: a raid opens
// exactly one case per person found (a retried report opens nothing twice), conclusion waits for
// every hand-over, and illegal commands are rejected while the operation keeps running.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationStateQuery, operationUpdates } from '../../workflows/operation/messages.ts';
import { victimStateQuery } from '../../workflows/victim/messages.ts';
import { devServerHarness, type WorkflowHarness } from '../support/temporal.ts';

const actor = { agency: 'NPA', role: 'operator', userId: 'korea-desk-1' } as const;
/** Facts are dated from the test's start: the legal clocks run from a fact's time, as in service. */
const at = new Date().toISOString();

async function storedTypes(harness: WorkflowHarness, streamId: string): Promise<string[]> {
  const { rows } = await harness.pool.query('select type from events where stream_id = $1 order by stream_version', [streamId]);
  return rows.map((r: { type: string }) => r.type);
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function detention(personRef: string, role: 'suspect' | 'victim' | 'unknown_pending_screening') {
  return {
    type: 'recordDetention' as const,
    actor,
    occurredAt: at,
    personRef,
    targetRef: 'T1',
    personName: `Person ${personRef}`,
    role,
    hostCountry: 'KH',
  };
}

describe('JointOperationWorkflow on the dev server', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await devServerHarness();
  });
  afterAll(async () => harness?.close());

  async function startOperation() {
    const operationId = `operation-${randomUUID()}`;
    const handle = await harness.client.workflow.start('JointOperationWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: operationId,
      args: [
        {
          plan: {
            type: 'planOperation',
            actor,
            occurredAt: at,
            caseId: operationId,
            leadAgency: 'NPA',
            hostCountry: 'KH',
            codeName: 'Mondulkiri sweep',
          },
        },
      ],
    });
    return { operationId, handle };
  }

  it('a raid that detains 2 suspects and rescues 1 victim opens exactly those cases, once, and concludes', async () => {
    const { operationId, handle } = await startOperation();
    const u = operationUpdates;
    await handle.executeUpdate(u.launch, { args: [{ type: 'launch', actor, occurredAt: at }] });
    await handle.executeUpdate(u.recordRaid, {
      args: [{ type: 'recordRaid', actor, occurredAt: at, targetRef: 'T1', compound: 'Compound A', province: 'Mondulkiri' }],
    });
    for (const person of [detention('S1', 'suspect'), detention('S2', 'suspect'), detention('V1', 'victim')]) {
      await handle.executeUpdate(u.recordDetention, { args: [person] });
    }
    // The raid report is sent again: nothing new is recorded and no case is opened twice.
    const retried = await handle.executeUpdate(u.recordDetention, { args: [detention('S1', 'suspect')] });
    expect(retried.events).toEqual([]);

    const state = await eventually(
      () => handle.query(operationStateQuery),
      (s) => s.summary.casesOpened === 3,
    );
    expect(state.summary).toEqual({ targetsRaided: 1, suspectsDetained: 2, victimsRescued: 1, pendingScreening: 0, casesOpened: 3 });
    expect(state.pendingHandOvers).toEqual([]);

    const suspectIds = [`suspect-${operationId}-S1`, `suspect-${operationId}-S2`];
    const victimId = `victim-${operationId}-V1`;
    const victim = harness.client.workflow.getHandle(victimId);
    expect(
      (
        await eventually(
          () => victim.query(victimStateQuery),
          (s) => s.status === 'RESCUED',
        )
      ).status,
    ).toBe('RESCUED');
    expect(await storedTypes(harness, victimId)).toEqual(['VictimReported', 'VictimRescued']);
    for (const suspectId of suspectIds) {
      const types = await eventually(
        () => storedTypes(harness, suspectId),
        (t) => t.length >= 2,
      );
      expect(types[0]).toBe('SuspectIdentified');
      expect(types.filter((t) => t === 'SuspectIdentified')).toHaveLength(1);
    }

    const listed = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const execution of harness.client.workflow.list({ query: `OperationId = '${operationId}'` }))
          ids.push(execution.workflowId);
        return ids.sort();
      },
      (ids) => ids.length >= 4,
    );
    expect(listed).toEqual([operationId, ...suspectIds, victimId].sort());

    await handle.executeUpdate(u.conclude, { args: [{ type: 'conclude', actor, occurredAt: at }] });
    expect(await handle.result()).toMatchObject({ caseId: operationId, status: 'CONCLUDED', summary: state.summary });
    // Hand-overs interleave with the detentions as the workflow gets to them; each person has exactly one.
    const types = await storedTypes(harness, operationId);
    expect(types.slice(0, 3)).toEqual(['OperationPlanned', 'OperationLaunched', 'TargetRaided']);
    expect(types.at(-1)).toBe('OperationConcluded');
    expect(types.slice(3, -1).sort()).toEqual([
      'PersonDetained',
      'PersonDetained',
      'PersonHandedToCase',
      'PersonHandedToCase',
      'PersonHandedToCase',
      'PersonRescued',
    ]);
  });

  it('rejects a detention before any raid and a conflicting report, and keeps running', async () => {
    const { operationId, handle } = await startOperation();
    const u = operationUpdates;
    await handle.executeUpdate(u.launch, { args: [{ type: 'launch', actor, occurredAt: at }] });
    const early = handle.executeUpdate(u.recordDetention, { args: [detention('V1', 'victim')] });
    await expect(early).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(early).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(/recordDetention is allowed only when the joint operation is TARGET_RAIDED; it is LAUNCHED/),
      },
    });
    await handle.executeUpdate(u.recordRaid, {
      args: [{ type: 'recordRaid', actor, occurredAt: at, targetRef: 'T1', compound: 'Compound A', province: 'Mondulkiri' }],
    });
    await handle.executeUpdate(u.recordDetention, { args: [detention('V1', 'victim')] });
    await expect(handle.executeUpdate(u.recordDetention, { args: [detention('V1', 'suspect')] })).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/person V1 was already recorded as victim at T1/) },
    });

    const state = await handle.query(operationStateQuery);
    expect(state.status).toBe('TARGET_RAIDED');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await eventually(
      () => handle.query(operationStateQuery),
      (s) => s.summary.casesOpened === 1,
    );
    expect(await storedTypes(harness, operationId)).toEqual([
      'OperationPlanned',
      'OperationLaunched',
      'TargetRaided',
      'PersonRescued',
      'PersonHandedToCase',
    ]);
    await handle.executeUpdate(u.conclude, { args: [{ type: 'conclude', actor, occurredAt: at }] });
    await handle.result();
    await harness.client.workflow.getHandle(`victim-${operationId}-V1`).terminate('test done');
  });

  it('an operation called off before the raid is cancelled with its reason', async () => {
    const { operationId, handle } = await startOperation();
    await handle.executeUpdate(operationUpdates.cancel, { args: [{ type: 'cancel', actor, occurredAt: at, reason: 'target tipped off' }] });
    expect(await handle.result()).toMatchObject({ status: 'CANCELLED', streamVersion: 2 });
    expect(await storedTypes(harness, operationId)).toEqual(['OperationPlanned', 'OperationCancelled']);
  });
});
