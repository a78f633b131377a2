// The operator client on a real server: opening, commanding, reading, listing and counting
// cases, and a typed error for each way a command can go wrong.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseClient } from '../../cases/client.ts';
import {
  CaseAlreadyExistsError,
  CaseNotFoundError,
  CommandRejectedError,
  InvalidCommandError,
  UnknownCommandError,
} from '../../cases/errors.ts';
import { devServerHarness, type WorkflowHarness } from '../support/temporal.ts';

// Dated now: the clocks run from a fact's time, so an old date would escalate at once.
const meta = { actor: { agency: 'MOFA', role: 'operator', userId: 'consul-2' } as const, occurredAt: new Date().toISOString() };

function report(caseId: string) {
  return { caseId, leadAgency: 'MOFA', personName: 'Person C', reportedBy: 'embassy', hostCountry: 'KH' };
}

describe('CaseClient', () => {
  let harness: WorkflowHarness;
  let cases: CaseClient;
  beforeAll(async () => {
    harness = await devServerHarness();
    cases = new CaseClient(harness.client, harness.taskQueue);
  });
  afterAll(async () => harness?.close());

  it('opens a case, runs a command and reads the state back', async () => {
    const caseId = `victim-${randomUUID()}`;
    expect(await cases.open('victim', report(caseId), meta)).toEqual({ caseId });
    const result = await cases.command(caseId, 'recordLocation', { location: 'compound D', confirmedBy: 'NPA' }, meta);
    expect(result).toEqual({ streamVersion: 2, events: ['VictimLocated'] });
    expect(await cases.state(caseId)).toMatchObject({ caseId, status: 'LOCATED', leadAgency: 'MOFA' });
    await harness.client.workflow.getHandle(caseId).terminate('test done');
  });

  it('applies a retried command once when it carries the same command id', async () => {
    const caseId = `victim-${randomUUID()}`;
    await cases.open('victim', report(caseId), meta);
    const retried = { ...meta, commandId: randomUUID() };
    const first = await cases.command(caseId, 'recordLocation', { location: 'compound E', confirmedBy: 'NPA' }, retried);
    const again = await cases.command(caseId, 'recordLocation', { location: 'compound E', confirmedBy: 'NPA' }, retried);
    expect(again).toEqual(first);
    const { rows } = await harness.pool.query('select type from events where stream_id = $1 order by stream_version', [caseId]);
    expect(rows.map((r) => r.type)).toEqual(['VictimReported', 'VictimLocated']);
    await harness.client.workflow.getHandle(caseId).terminate('test done');
  });

  it('gives each failure its own typed error', async () => {
    const caseId = `victim-${randomUUID()}`;
    await cases.open('victim', report(caseId), meta);
    await expect(cases.open('victim', report(caseId), meta)).rejects.toBeInstanceOf(CaseAlreadyExistsError);
    await expect(cases.open('victim', report(`suspect-${randomUUID()}`), meta)).rejects.toMatchObject({
      name: 'InvalidCommandError',
      issues: [{ path: 'caseId' }],
    });
    await expect(cases.command(caseId, 'recordLocation', { confirmedBy: 'NOBODY' }, meta)).rejects.toSatisfy(
      (e: unknown) => e instanceof InvalidCommandError && e.issues.map((i) => i.path).join() === 'location,confirmedBy',
    );
    await expect(cases.command(caseId, 'fly', {}, meta)).rejects.toBeInstanceOf(UnknownCommandError);
    await expect(cases.command(caseId, 'closeCase', {}, meta)).rejects.toSatisfy(
      (e: unknown) => e instanceof CommandRejectedError && e.rule === 'closeCase-requires-state' && /it is REPORTED/.test(e.message),
    );
    await expect(cases.state(`victim-${randomUUID()}`)).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(cases.command('not a case id', 'closeCase', {}, meta)).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(await cases.state(caseId)).toMatchObject({ status: 'REPORTED' });
    await harness.client.workflow.getHandle(caseId).terminate('test done');
  });

  it('lists and counts cases by search attributes, a page at a time', async () => {
    const operationId = `operation-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const caseId = `victim-${randomUUID()}`;
      ids.push(caseId);
      await cases.open('victim', report(caseId), meta);
      await cases.command(caseId, 'recordRescue', { rescuedBy: 'HOST_POLICE', operationId }, meta);
    }
    const filter = { kind: 'victim' as const, operationId, status: 'RESCUED' };
    // Visibility is eventually consistent: wait until the index has caught up.
    await expect.poll(() => cases.count(filter), { timeout: 15_000 }).toBe(3);
    const first = await cases.list(filter, { pageSize: 2 });
    expect(first.cases).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await cases.list(filter, { pageSize: 2, cursor: first.nextCursor! });
    expect([...first.cases, ...second.cases].map((c) => c.caseId).sort()).toEqual([...ids].sort());
    expect(first.cases[0]).toMatchObject({ kind: 'victim', status: 'RESCUED', leadAgency: 'MOFA', operationId, running: true });
    for (const id of ids) await harness.client.workflow.getHandle(id).terminate('test done');
  });
});
