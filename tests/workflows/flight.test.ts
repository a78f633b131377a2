// CharterFlightWorkflow on the test stack's dev server with real SuspectCase workflows and the real
// event store: cleared suspects join, an uncleared one is refused (and keeps running), the flight
// departs and lands and every case on board follows; a case losing clearance before departure is
// compensated (seat released, escorts re-planned).
import { randomUUID } from 'node:crypto';
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flightStateQuery, flightUpdates } from '../../workflows/flight/messages.ts';
import { suspectStateQuery, suspectUpdates } from '../../workflows/suspect/messages.ts';
import { devServerHarness, type WorkflowHarness } from '../support/temporal.ts';

const moj = { agency: 'MOJ', role: 'operator', userId: 'moj-desk-1' } as const;
const npa = { agency: 'NPA', role: 'operator', userId: 'korea-desk-1' } as const;
const HOUR = 3_600_000;
/** Facts are dated from the test's start: the legal clocks run from a fact's time, as in service. */
const t0 = Date.now();
const later = (ms: number) => new Date(t0 + ms).toISOString();
const at = later(0);

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

describe('CharterFlightWorkflow on the dev server', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await devServerHarness();
  });
  afterAll(async () => harness?.close());

  const suspectStatus = async (handle: WorkflowHandle) => (await handle.query(suspectStateQuery)).status;

  /** A suspect case identified in a raid, and, when `cleared`, deported with a travel certificate. */
  async function suspect(cleared: boolean) {
    const caseId = `suspect-${randomUUID()}`;
    const handle = await harness.client.workflow.start('SuspectCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [
        {
          identify: {
            type: 'identifySuspect',
            caseId,
            actor: npa,
            occurredAt: at,
            leadAgency: 'NPA',
            personName: 'Person S',
            hostCountry: 'KH',
            source: 'raid',
          },
        },
      ],
    });
    const s = suspectUpdates;
    const meta = { actor: npa, occurredAt: at };
    await handle.executeUpdate(s.recordArrest, { args: [{ ...meta, arrestedBy: 'HOST_POLICE' }] });
    await handle.executeUpdate(s.recordDetention, { args: [{ ...meta, basis: 'immigration' }] });
    if (cleared) {
      await handle.executeUpdate(s.orderDeportation, { args: [{ ...meta, orderReference: 'GDI-1' }] });
      await handle.executeUpdate(s.recordReEntryBlacklist, { args: [meta] });
      await handle.executeUpdate(s.issueTravelDocument, {
        args: [{ ...meta, documentType: 'travel_certificate', documentNumber: 'TC-1' }],
      });
    }
    return { caseId, handle };
  }

  async function startFlight() {
    const flightId = `flight-${randomUUID()}`;
    const handle = await harness.client.workflow.start('CharterFlightWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: flightId,
      args: [{ plan: { type: 'planFlight', actor: moj, occurredAt: at, caseId: flightId, leadAgency: 'MOJ', hostCountry: 'KH' } }],
    });
    await handle.executeUpdate(flightUpdates.openManifest, {
      args: [
        {
          type: 'openManifest',
          actor: moj,
          occurredAt: at,
          flightNumber: 'KE9690',
          route: { origin: 'PNH', destination: 'ICN' },
          capacity: 3,
        },
      ],
    });
    return { flightId, handle };
  }

  it('manifests cleared suspects, refuses one who is not cleared, departs, lands, and every case follows', async () => {
    const { flightId, handle } = await startFlight();
    const [a, b, notCleared] = await Promise.all([suspect(true), suspect(true), suspect(false)]);
    const cleared = [a, b];
    const u = flightUpdates;

    for (const { caseId } of cleared)
      await handle.executeUpdate(u.addToManifest, { args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId }] });
    const refused = handle.executeUpdate(u.addToManifest, {
      args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId: notCleared.caseId }],
    });
    await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({
      cause: { message: expect.stringMatching(new RegExp(`${notCleared.caseId} cannot join ${flightId}: .*not cleared to travel`)) },
    });
    expect((await notCleared.handle.describe()).status.name).toBe('RUNNING');
    expect(await suspectStatus(notCleared.handle)).toBe('DETAINED');
    for (const { handle: s } of cleared) expect(await suspectStatus(s)).toBe('MANIFESTED');

    await handle.executeUpdate(u.lockManifest, { args: [{ type: 'lockManifest', actor: moj, occurredAt: at }] });
    await expect(
      handle.executeUpdate(u.assignEscorts, { args: [{ type: 'assignEscorts', actor: moj, occurredAt: at, officers: 3 }] }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/2 manifested case\(s\) at 2 officer\(s\) each need 4 escort officers; 3 assigned/) },
    });
    await handle.executeUpdate(u.assignEscorts, { args: [{ type: 'assignEscorts', actor: moj, occurredAt: at, officers: 4 }] });
    await handle.executeUpdate(u.depart, { args: [{ type: 'depart', actor: npa, occurredAt: later(16 * HOUR) }] });
    await handle.executeUpdate(u.land, { args: [{ type: 'land', actor: npa, occurredAt: later(22 * HOUR) }] });
    for (const { handle: s } of cleared)
      expect(
        await eventually(
          () => suspectStatus(s),
          (status) => status === 'LANDED',
        ),
      ).toBe('LANDED');
    await handle.executeUpdate(u.completeHandover, {
      args: [{ type: 'completeHandover', actor: npa, occurredAt: later(23 * HOUR) }],
    });

    expect(await handle.result()).toEqual({
      caseId: flightId,
      status: 'HANDOVER_COMPLETE',
      onBoard: cleared.map((c) => c.caseId),
      streamVersion: 9,
    });
    expect(await storedTypes(harness, flightId)).toEqual([
      'FlightPlanned',
      'ManifestOpened',
      'CaseManifested',
      'CaseManifested',
      'ManifestLocked',
      'EscortsAssigned',
      'FlightDeparted',
      'FlightLanded',
      'HandoverCompleted',
    ]);
    for (const { caseId } of cleared) {
      const types = await storedTypes(harness, caseId);
      expect(types.filter((t) => t === 'SuspectJoinedManifest')).toHaveLength(1);
      expect(types.slice(-3)).toEqual(['SuspectJoinedManifest', 'SuspectArrestedOnBoard', 'SuspectLanded']);
    }
    for (const s of [...cleared, notCleared]) await s.handle.terminate('test done');
  });

  it('a case losing its clearance before departure is removed: seat released, escorts re-planned', async () => {
    const { flightId, handle } = await startFlight();
    const [a, b] = await Promise.all([suspect(true), suspect(true)]);
    const u = flightUpdates;
    for (const { caseId } of [a, b])
      await handle.executeUpdate(u.addToManifest, { args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId }] });
    await handle.executeUpdate(u.lockManifest, { args: [{ type: 'lockManifest', actor: moj, occurredAt: at }] });
    await handle.executeUpdate(u.assignEscorts, { args: [{ type: 'assignEscorts', actor: moj, occurredAt: at, officers: 4 }] });

    // A host court opens a criminal case against B: B may not travel, and tells the flight.
    await b.handle.executeUpdate(suspectUpdates.placeHostCaseHold, {
      args: [{ actor: npa, occurredAt: at, hostCaseReference: 'KH-COURT-7' }],
    });
    const state = await eventually(
      () => handle.query(flightStateQuery),
      (s) => s.manifest.length === 1,
    );
    expect(state.manifest.map((e) => e.caseId)).toEqual([a.caseId]);
    expect(state.status).toBe('ESCORTS_ASSIGNED');
    expect((await storedTypes(harness, flightId)).slice(-2)).toEqual(['SeatReleased', 'EscortsReplanned']);
    const { rows } = await harness.pool.query(
      "select data from events where stream_id = $1 and type in ('SeatReleased', 'EscortsReplanned') order by stream_version",
      [flightId],
    );
    expect(rows[0].data).toMatchObject({ caseId: b.caseId, cause: 'lost_clearance' });
    expect(rows[1].data).toEqual({ flightId, officers: 4, manifested: 1, officersRequired: 2, surplusOfficers: 2 });

    await handle.executeUpdate(u.depart, { args: [{ type: 'depart', actor: npa, occurredAt: at }] });
    expect(
      await eventually(
        () => suspectStatus(a.handle),
        (s) => s === 'IN_TRANSIT',
      ),
    ).toBe('IN_TRANSIT');
    expect(await suspectStatus(b.handle)).toBe('HELD_BY_HOST_CASE');
    await handle.terminate('test done');
    for (const s of [a, b]) await s.handle.terminate('test done');
  });

  it('an operator removal tells the case to leave; a cancelled flight releases every case', async () => {
    const { flightId, handle } = await startFlight();
    const [a, b] = await Promise.all([suspect(true), suspect(true)]);
    const u = flightUpdates;
    for (const { caseId } of [a, b])
      await handle.executeUpdate(u.addToManifest, { args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId }] });
    await expect(
      handle.executeUpdate(u.addToManifest, { args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId: a.caseId }] }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/is already on the manifest/) } });

    await handle.executeUpdate(u.removeFromManifest, {
      args: [{ type: 'removeFromManifest', actor: moj, occurredAt: at, caseId: a.caseId, reason: 'travel certificate to be re-issued' }],
    });
    expect(await suspectStatus(a.handle)).toBe('TRAVEL_DOCUMENT_ISSUED');
    await handle.executeUpdate(u.cancel, { args: [{ type: 'cancel', actor: moj, occurredAt: at, reason: 'aircraft unavailable' }] });
    expect(await suspectStatus(b.handle)).toBe('TRAVEL_DOCUMENT_ISSUED');
    expect(await handle.result()).toMatchObject({ status: 'CANCELLED' });
    expect(await storedTypes(harness, flightId)).toEqual([
      'FlightPlanned',
      'ManifestOpened',
      'CaseManifested',
      'CaseManifested',
      'SeatReleased',
      'FlightCancelled',
    ]);
    for (const s of [a, b]) await s.handle.terminate('test done');
  });

  it('a start that carries state no previous run of the flight handed over is refused, and records nothing', async () => {
    // A real continued run is tests/workflows/continue-as-new.test.ts: there the flight carries its
    // manifest into the next run and lands. Here a client hands a new run the state itself.
    const { flightId, handle } = await startFlight();
    const a = await suspect(true);
    const added = await handle.executeUpdate(flightUpdates.addToManifest, {
      args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId: a.caseId }],
    });
    const state = await handle.query(flightStateQuery);
    await handle.terminate('the forger takes over');
    const plan = {
      type: 'planFlight' as const,
      actor: moj,
      occurredAt: at,
      caseId: flightId,
      leadAgency: 'MOJ' as const,
      hostCountry: 'KH',
    };
    const forged = await harness.client.workflow.start('CharterFlightWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: flightId,
      args: [{ plan, carried: { state, streamVersion: added.streamVersion } }],
    });
    await expect(forged.result()).rejects.toMatchObject({ cause: { type: 'StartRefused' } });
    expect(await storedTypes(harness, flightId)).toEqual(['FlightPlanned', 'ManifestOpened', 'CaseManifested']);
    await a.handle.terminate('test done');
  });

  it('asking a case that does not exist is refused, and the flight keeps running', async () => {
    const { handle } = await startFlight();
    const missing = `suspect-${randomUUID()}`;
    await expect(
      handle.executeUpdate(flightUpdates.addToManifest, { args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId: missing }] }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(new RegExp(`${missing} is not a running case`)) } });
    await expect(
      handle.executeUpdate(flightUpdates.addToManifest, {
        args: [{ type: 'addToManifest', actor: moj, occurredAt: at, caseId: 'victim-1' }],
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/only a suspect case/) } });
    const state = await handle.query(flightStateQuery);
    expect(state).toMatchObject({ status: 'MANIFEST_OPEN', manifest: [] });
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('test done');
  });
});
