// SuspectCaseWorkflow on real Temporal servers with the real event store: both legal routes end to
// end through Updates and the flight's signals, illegal commands rejected while the case keeps
// running, the raid signal applied once, a lost clearance told to the flight, and the legal clocks
// (provisional arrest, unanswered request, 48 hours, detention limit) on the time-skipping server.
import { randomUUID } from 'node:crypto';
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealRefusal } from '../../access/message-seal.ts';
import {
  boardedAndArrestedSignal,
  detainedInRaidSignal,
  joinManifestUpdate,
  landedSignal,
  leaveManifestUpdate,
  type SuspectCaseInput,
  suspectStateQuery,
  suspectUpdates as u,
} from '../../workflows/suspect/messages.ts';
import { devServerHarness, testSealKeys, timeSkippingHarness, type WorkflowHarness } from '../support/temporal.ts';

const actor = { agency: 'NPA', role: 'operator', userId: 'korea-desk-2' } as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Facts are dated from the test's start: the legal clocks run from a fact's time, as in service. */
const t0 = Date.now();
const later = (ms: number, base = t0) => new Date(base + ms).toISOString();
const at = later(0);
const boardedAt = later(8 * HOUR);
const landedAt = later(13.5 * HOUR);
const meta = (occurredAt = at) => ({ actor, occurredAt });

function identify(caseId: string, extra: Partial<SuspectCaseInput['identify']> = {}): SuspectCaseInput['identify'] {
  return { ...meta(), caseId, leadAgency: 'NPA', personName: 'Suspect B', hostCountry: 'KH', source: 'report', ...extra };
}

async function startCase(harness: WorkflowHarness, extra: Partial<SuspectCaseInput['identify']> = {}) {
  const caseId = `suspect-${randomUUID()}`;
  const handle = await harness.client.workflow.start('SuspectCaseWorkflow', {
    taskQueue: harness.taskQueue,
    workflowId: caseId,
    args: [{ identify: identify(caseId, extra) } satisfies SuspectCaseInput],
  });
  return { caseId, handle };
}

async function storedTypes(harness: WorkflowHarness, caseId: string): Promise<string[]> {
  const { rows } = await harness.pool.query<{ type: string; stream_version: number }>(
    'select type, stream_version from events where stream_id = $1 order by stream_version',
    [caseId],
  );
  // Exactly versions 1..n: a retried append stored nothing twice and skipped nothing.
  expect(rows.map((r) => r.stream_version)).toEqual(rows.map((_, i) => i + 1));
  return rows.map((r) => r.type);
}

async function statusOf(handle: WorkflowHandle): Promise<string> {
  return (await handle.query(suspectStateQuery)).status;
}

async function waitForStatus(handle: WorkflowHandle, status: string): Promise<void> {
  await expect.poll(() => statusOf(handle), { timeout: 20_000, interval: 100 }).toBe(status);
}

/** Deportation after a raid arrest, up to a travel document: the common way onto a charter. */
async function clearForTravelByDeportation(handle: WorkflowHandle, operationId: string): Promise<void> {
  await handle.signal(detainedInRaidSignal, { ...meta(), operationId, arrestedBy: 'HOST_POLICE' });
  await waitForStatus(handle, 'ARRESTED');
  await handle.executeUpdate(u.recordDetention, { args: [{ ...meta(), basis: 'immigration' }] });
  await handle.executeUpdate(u.orderDeportation, { args: [{ ...meta(), orderReference: 'GDI-2026-88' }] });
  await handle.executeUpdate(u.recordReEntryBlacklist, { args: [{ ...meta() }] });
  await handle.executeUpdate(u.issueTravelDocument, {
    args: [{ ...meta(), documentType: 'travel_certificate', documentNumber: 'TC7654321' }],
  });
}

async function searchAttribute(handle: WorkflowHandle, name: string): Promise<unknown> {
  const described = await handle.describe();
  return described.typedSearchAttributes.getAll().find((pair) => pair.key.name === name)?.value;
}

describe('SuspectCaseWorkflow on the dev server', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await devServerHarness();
  });
  afterAll(async () => harness?.close());

  it('deportation: from a raid arrest through a host hold, the charter and the 48 hours to prosecution', async () => {
    const operationId = `operation-${randomUUID()}`;
    const { caseId, handle } = await startCase(harness, { source: 'raid', operationId });

    // The operation's raid report is retried: the second signal changes nothing.
    await handle.signal(detainedInRaidSignal, { ...meta(), operationId, arrestedBy: 'HOST_POLICE' });
    await handle.signal(detainedInRaidSignal, { ...meta(), operationId, arrestedBy: 'HOST_POLICE' });
    await waitForStatus(handle, 'ARRESTED');
    await handle.executeUpdate(u.issueArrestWarrant, { args: [{ ...meta(), warrantNumber: 'W-2026-31', court: 'Seoul Central' }] });
    await handle.executeUpdate(u.recordDetention, { args: [{ ...meta(), basis: 'immigration' }] });
    await handle.executeUpdate(u.orderDeportation, { args: [{ ...meta(), orderReference: 'GDI-2026-88' }] });
    await handle.executeUpdate(u.recordReEntryBlacklist, { args: [{ ...meta(), blacklistReference: 'BL-88' }] });
    await handle.executeUpdate(u.placeHostCaseHold, { args: [{ ...meta(), hostCaseReference: 'PP-2026-5' }] });
    await handle.executeUpdate(u.releaseHostCaseHold, { args: [{ ...meta(), note: 'host case dismissed' }] });
    expect(await statusOf(handle)).toBe('RE_ENTRY_BLACKLISTED');
    await handle.executeUpdate(u.issueTravelDocument, {
      args: [{ ...meta(), documentType: 'travel_certificate', documentNumber: 'TC7654321' }],
    });

    // The flight's saga step, exactly as the flight sends it (no `type`).
    const flightId = `flight-${randomUUID()}`;
    const joined = await handle.executeUpdate(joinManifestUpdate, { args: [{ ...meta(), flightId, seat: '12C' }] });
    expect(joined.events).toEqual(['SuspectJoinedManifest']);
    expect(await searchAttribute(handle, 'FlightId')).toBe(flightId);
    expect(await searchAttribute(handle, 'OperationId')).toBe(operationId);
    expect(await searchAttribute(handle, 'CaseStatus')).toBe('MANIFESTED');

    await handle.signal(boardedAndArrestedSignal, { flightId, occurredAt: boardedAt, actor });
    await waitForStatus(handle, 'IN_TRANSIT');
    const state = await handle.query(suspectStateQuery);
    expect(state.detentionWarrantClock).toMatchObject({ startedAt: boardedAt, deadline: later(56 * HOUR) });
    expect(state.warrantNumber).toBe('W-2026-31');
    await handle.signal(landedSignal, { flightId, occurredAt: landedAt, actor });
    await waitForStatus(handle, 'LANDED');
    await handle.executeUpdate(u.requestDetentionWarrant, {
      args: [{ ...meta(later(34 * HOUR)), court: 'Suwon District Court' }],
    });
    await handle.executeUpdate(u.recordDetentionWarrantIssued, { args: [{ ...meta(later(44 * HOUR)), warrantNumber: 'DW-3' }] });
    await handle.executeUpdate(u.referToProsecution, {
      args: [{ ...meta(later(7 * DAY)), prosecutorsOffice: 'Suwon District Prosecutors', charges: ['fraud'] }],
    });
    await handle.executeUpdate(u.closeCase, { args: [{ ...meta(later(7 * DAY + HOUR)) }] });

    expect(await handle.result()).toEqual({ caseId, status: 'CLOSED', streamVersion: 16 });
    expect(await storedTypes(harness, caseId)).toEqual([
      'SuspectIdentified',
      'SuspectArrested',
      'ArrestWarrantIssued',
      'SuspectDetained',
      'DeportationOrdered',
      'ReEntryBlacklisted',
      'HostCaseHoldPlaced',
      'HostCaseHoldReleased',
      'SuspectTravelDocumentIssued',
      'SuspectJoinedManifest',
      'SuspectArrestedOnBoard',
      'SuspectLanded',
      'DetentionWarrantRequested',
      'SuspectDetainedInKorea',
      'SuspectReferredToProsecution',
      'SuspectCaseClosed',
    ]);
  });

  it('formal extradition: wanted, provisional arrest, request chased, both approvals, a flight left and another taken', async () => {
    const { caseId, handle } = await startCase(harness, { hostCountry: 'PH', passportNumber: 'M12345678' });
    await handle.executeUpdate(u.issueArrestWarrant, { args: [{ ...meta(), warrantNumber: 'W-2026-40', court: 'Seoul Central' }] });
    expect(await statusOf(handle)).toBe('WANTED');
    await handle.executeUpdate(u.requestRedNotice, { args: [{ ...meta(), requestReference: 'NCB-SEOUL-9' }] });
    await handle.executeUpdate(u.recordRedNoticePublished, { args: [{ ...meta(), noticeReference: 'A-99/1-2026' }] });
    await handle.executeUpdate(u.invalidatePassport, { args: [{ ...meta(), orderReference: 'MOFA-PP-3' }] });
    await handle.executeUpdate(u.recordArrest, { args: [{ ...meta(), arrestedBy: 'HOST_POLICE', location: 'Pasay' }] });
    await handle.executeUpdate(u.recordDetention, { args: [{ ...meta(), basis: 'provisional_arrest' }] });
    const detained = await handle.query(suspectStateQuery);
    expect(detained).toMatchObject({
      status: 'DETAINED',
      route: 'extradition',
      provisionalArrest: { deadline: later(20 * DAY) },
    });
    expect(await searchAttribute(handle, 'NextDeadline')).toEqual(new Date(later(15 * DAY)));

    await handle.executeUpdate(u.requestExtradition, { args: [{ ...meta(later(HOUR)), requestReference: 'MOJ-EXT-7' }] });
    await handle.executeUpdate(u.chaseRequest, { args: [{ ...meta(later(2 * HOUR)), chasedThrough: 'MOFA' }] });
    await handle.executeUpdate(u.recordHostCourtApproval, {
      args: [{ ...meta(later(3 * HOUR)), court: 'Manila RTC', decisionReference: 'RTC-1' }],
    });
    await handle.executeUpdate(u.recordHostExecutiveApproval, { args: [{ ...meta(later(4 * HOUR)), decisionReference: 'DOJ-2' }] });
    await handle.executeUpdate(u.issueTravelDocument, {
      args: [{ ...meta(later(5 * HOUR)), documentType: 'emergency_passport', documentNumber: 'EP1234567' }],
    });

    const firstFlight = `flight-${randomUUID()}`;
    const secondFlight = `flight-${randomUUID()}`;
    await handle.executeUpdate(joinManifestUpdate, { args: [{ ...meta(later(6 * HOUR)), flightId: firstFlight }] });
    const left = await handle.executeUpdate(leaveManifestUpdate, {
      args: [{ ...meta(later(6 * HOUR)), flightId: firstFlight, reason: 'flight cancelled' }],
    });
    expect(left.events).toEqual(['SuspectLeftManifest']);
    // The flight's compensation retried: accepted, nothing recorded twice.
    const again = await handle.executeUpdate(leaveManifestUpdate, {
      args: [{ ...meta(later(6 * HOUR)), flightId: firstFlight, reason: 'flight cancelled' }],
    });
    expect(again.events).toEqual([]);
    expect(await statusOf(handle)).toBe('TRAVEL_DOCUMENT_ISSUED');
    await handle.executeUpdate(joinManifestUpdate, { args: [{ ...meta(later(7 * HOUR)), flightId: secondFlight }] });
    expect(await searchAttribute(handle, 'FlightId')).toBe(secondFlight);

    await handle.signal(boardedAndArrestedSignal, { flightId: secondFlight, occurredAt: boardedAt, actor, warrantNumber: 'W-2026-40' });
    await handle.signal(landedSignal, { flightId: secondFlight, occurredAt: landedAt, actor });
    await waitForStatus(handle, 'LANDED');
    await handle.executeUpdate(u.requestDetentionWarrant, { args: [{ ...meta(later(32 * HOUR)), court: 'Seoul Central' }] });
    await handle.executeUpdate(u.recordDetentionWarrantIssued, { args: [{ ...meta(later(41 * HOUR)), warrantNumber: 'DW-9' }] });
    await handle.executeUpdate(u.extendDetention, { args: [{ ...meta(later(10 * DAY)) }] });
    await handle.executeUpdate(u.referToProsecution, {
      args: [{ ...meta(later(18 * DAY)), prosecutorsOffice: 'Seoul Central Prosecutors', charges: ['fraud', 'organised crime'] }],
    });
    await handle.executeUpdate(u.closeCase, { args: [{ ...meta(later(18 * DAY + HOUR)) }] });

    expect(await handle.result()).toMatchObject({ caseId, status: 'CLOSED' });
    expect(await storedTypes(harness, caseId)).toEqual([
      'SuspectIdentified',
      'ArrestWarrantIssued',
      'RedNoticeRequested',
      'RedNoticePublished',
      'PassportInvalidated',
      'SuspectArrested',
      'SuspectDetained',
      'ExtraditionRequested',
      'ExtraditionRequestChased',
      'HostCourtApprovedExtradition',
      'HostExecutiveApprovedExtradition',
      'SuspectTravelDocumentIssued',
      'SuspectJoinedManifest',
      'SuspectLeftManifest',
      'SuspectJoinedManifest',
      'SuspectArrestedOnBoard',
      'SuspectLanded',
      'DetentionWarrantRequested',
      'SuspectDetainedInKorea',
      'DetentionExtended',
      'SuspectReferredToProsecution',
      'SuspectCaseClosed',
    ]);
  });

  it('rejects illegal commands with a clear reason and keeps running', async () => {
    const { caseId, handle } = await startCase(harness);

    const early = handle.executeUpdate(joinManifestUpdate, { args: [{ ...meta(), flightId: 'flight-KE9690' }] });
    await expect(early).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(early).rejects.toMatchObject({
      cause: {
        type: 'DomainRuleError',
        message: expect.stringMatching(/not cleared to travel: joinManifest needs TRAVEL_DOCUMENT_ISSUED; it is IDENTIFIED/),
        details: [{ rule: 'join-manifest-requires-clearance' }],
      },
    });
    const skipped = handle.executeUpdate(u.recordHostCourtApproval, { args: [{ ...meta(), court: 'c', decisionReference: 'd' }] });
    await expect(skipped).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(
          /recordHostCourtApproval is allowed only when the suspect case is EXTRADITION_REQUESTED; it is IDENTIFIED/,
        ),
      },
    });
    const malformed = handle.executeUpdate(u.recordArrest, { args: [{ ...meta('yesterday'), arrestedBy: 'NOBODY' } as never] });
    await expect(malformed).rejects.toMatchObject({ cause: { type: 'InvalidCommand', message: expect.stringMatching(/occurredAt/) } });
    // A signal for another flight is a fact that does not apply: logged, nothing recorded.
    await handle.signal(landedSignal, { flightId: 'flight-OTHER', occurredAt: landedAt, actor });
    expect(await statusOf(handle)).toBe('IDENTIFIED');
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await handle.executeUpdate(u.dropCase, { args: [{ ...meta(), reason: 'screening found a victim only' }] });
    expect(await handle.result()).toMatchObject({ status: 'DROPPED', streamVersion: 2 });
    expect(await storedTypes(harness, caseId)).toEqual(['SuspectIdentified', 'SuspectCaseDropped']);
  });

  it('a case on a manifest that loses its clearance tells the flight, in a sealed signal, and is held', async () => {
    // The flight is a stand-in on a queue no worker polls: its history shows what the case sent it.
    const flightId = `flight-${randomUUID()}`;
    const flight = await harness.client.workflow.start('CharterFlightStandIn', {
      taskQueue: `unpolled-${randomUUID()}`,
      workflowId: flightId,
    });
    const { caseId, handle } = await startCase(harness, { source: 'raid' });
    await clearForTravelByDeportation(handle, `operation-${randomUUID()}`);
    await handle.executeUpdate(joinManifestUpdate, { args: [{ ...meta(), flightId, seat: '3A' }] });

    const held = await handle.executeUpdate(u.placeHostCaseHold, { args: [{ ...meta(), hostCaseReference: 'PP-2026-77' }] });
    expect(held.events).toEqual(['HostCaseHoldPlaced', 'SuspectLostTravelClearance']);
    expect(await handle.query(suspectStateQuery)).toMatchObject({ status: 'HELD_BY_HOST_CASE', flightId: null });
    expect(await searchAttribute(handle, 'FlightId')).toBeUndefined();

    const signalled = async () => {
      const history = await flight.fetchHistory();
      const event = history.events?.find((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'caseLostClearance');
      const input = event?.workflowExecutionSignaledEventAttributes?.input?.payloads;
      return input ? decodeArrayFromPayloads(harness.client.options.loadedDataConverter, input) : undefined;
    };
    const loss = { caseId, reason: 'host criminal case PP-2026-77 holds the suspect' };
    await expect.poll(signalled, { timeout: 20_000, interval: 200 }).toEqual([loss, expect.any(String)]);
    const [, seal] = (await signalled())!;
    expect(sealRefusal(testSealKeys, { caseId: flightId, name: 'caseLostClearance', content: loss }, seal)).toBeNull();

    const rejoin = handle.executeUpdate(joinManifestUpdate, { args: [{ ...meta(), flightId }] });
    await expect(rejoin).rejects.toMatchObject({ cause: { message: expect.stringMatching(/host criminal case PP-2026-77 holds it/) } });
    // The flight's compensation after the loss is accepted and changes nothing.
    const leave = await handle.executeUpdate(leaveManifestUpdate, { args: [{ ...meta(), flightId, reason: 'lost clearance' }] });
    expect(leave.events).toEqual([]);
    await handle.terminate('test done');
    await flight.terminate('test done');
  });
});

describe('SuspectCaseWorkflow clocks (time-skipping server)', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await timeSkippingHarness();
  });
  afterAll(async () => harness?.close());

  /** When the test server's clock reads now: earlier tests moved it on. */
  const serverNow = () => harness.env!.currentTimeMs();

  async function occurredAtOf(caseId: string, type: string): Promise<string[]> {
    const { rows } = await harness.pool.query<{ occurred_at: Date }>(
      'select occurred_at from events where stream_id = $1 and type = $2 order by stream_version',
      [caseId, type],
    );
    return rows.map((row) => row.occurred_at.toISOString());
  }

  /** A manifested suspect, arrested on board `boarded` and landed 5.5 hours later. */
  async function boardedAndLanded(boarded: number) {
    const started = await startCase(harness, { source: 'raid' });
    await clearForTravelByDeportation(started.handle, `operation-${randomUUID()}`);
    const flightId = `flight-${randomUUID()}`;
    await started.handle.executeUpdate(joinManifestUpdate, { args: [{ ...meta(), flightId }] });
    await started.handle.signal(boardedAndArrestedSignal, { flightId, occurredAt: later(0, boarded), actor });
    await started.handle.signal(landedSignal, { flightId, occurredAt: later(5.5 * HOUR, boarded), actor });
    return { ...started, flightId };
  }

  it('escalates before a provisional arrest lapses, records the lapse, then reminds about an unanswered request', async () => {
    const base = await serverNow();
    const { caseId, handle } = await startCase(harness, { hostCountry: 'PH' }); // 20-day treaty period
    await handle.executeUpdate(u.issueArrestWarrant, { args: [{ ...meta(later(0, base)), warrantNumber: 'W-1', court: 'Seoul Central' }] });
    await handle.executeUpdate(u.recordArrest, { args: [{ ...meta(later(0, base)), arrestedBy: 'HOST_POLICE' }] });
    await handle.executeUpdate(u.recordDetention, { args: [{ ...meta(later(0, base)), basis: 'provisional_arrest' }] });

    await harness.env!.sleep('16 days'); // past the warning 5 days before the lapse
    expect((await handle.query(suspectStateQuery)).provisionalArrest).toMatchObject({ warned: true, lapsed: false });
    await harness.env!.sleep('5 days'); // past day 20
    const lapsed = await handle.query(suspectStateQuery);
    expect(lapsed).toMatchObject({ status: 'DETAINED', provisionalArrest: { warned: true, lapsed: true } });

    await handle.executeUpdate(u.requestExtradition, { args: [{ ...meta(later(21 * DAY, base)), requestReference: 'MOJ-EXT-8' }] });
    await harness.env!.sleep('31 days'); // one 30-day chase interval without an answer
    expect((await handle.query(suspectStateQuery)).awaitingAnswer).toMatchObject({ awaiting: 'host_court', reminders: 1 });
    expect(await storedTypes(harness, caseId)).toEqual([
      'SuspectIdentified',
      'ArrestWarrantIssued',
      'SuspectArrested',
      'SuspectDetained',
      'ProvisionalArrestLapseApproaching',
      'ProvisionalArrestLapsed',
      'ExtraditionRequested',
      'ExtraditionRequestUnanswered',
    ]);
    expect(await occurredAtOf(caseId, 'ProvisionalArrestLapsed')).toEqual([later(20 * DAY, base)]);
    await handle.terminate('test done');
  });

  it('a detention recorded 21 days after it happened gets its warning and then its lapse, in order, at once', async () => {
    const base = await serverNow();
    const detainedAt = later(-21 * DAY, base);
    const { caseId, handle } = await startCase(harness, { hostCountry: 'PH', ...meta(later(-30 * DAY, base)) }); // 20-day treaty period
    await handle.executeUpdate(u.recordArrest, { args: [{ ...meta(later(-22 * DAY, base)), arrestedBy: 'HOST_POLICE' }] });
    await handle.executeUpdate(u.recordDetention, { args: [{ ...meta(detainedAt), basis: 'provisional_arrest' }] });

    // No time is skipped: the steps have passed, so the timers fire as soon as the detention is recorded.
    await expect
      .poll(() => storedTypes(harness, caseId), { timeout: 20_000, interval: 200 })
      .toEqual(['SuspectIdentified', 'SuspectArrested', 'SuspectDetained', 'ProvisionalArrestLapseApproaching', 'ProvisionalArrestLapsed']);
    expect((await serverNow()) - base).toBeLessThan(60_000);
    expect(await occurredAtOf(caseId, 'ProvisionalArrestLapseApproaching')).toEqual([later(15 * DAY, Date.parse(detainedAt))]);
    expect(await occurredAtOf(caseId, 'ProvisionalArrestLapsed')).toEqual([later(20 * DAY, Date.parse(detainedAt))]);
    expect(await handle.query(suspectStateQuery)).toMatchObject({ status: 'DETAINED', provisionalArrest: { warned: true, lapsed: true } });
    await handle.terminate('test done');
  });

  it('an on-board arrest recorded 49 hours after it happened says at once that the suspect must be released', async () => {
    const base = await serverNow();
    const { caseId, handle } = await boardedAndLanded(base - 49 * HOUR);

    await expect
      .poll(async () => (await storedTypes(harness, caseId)).slice(-4), { timeout: 20_000, interval: 200 })
      .toEqual(['SuspectArrestedOnBoard', 'SuspectLanded', 'DetentionWarrantDeadlineApproaching', 'DetentionWarrantDeadlineLapsed']);
    expect((await serverNow()) - base).toBeLessThan(60_000);
    expect(await occurredAtOf(caseId, 'DetentionWarrantDeadlineLapsed')).toEqual([later(-HOUR, base)]);
    expect(await handle.query(suspectStateQuery)).toMatchObject({ status: 'LANDED', detentionWarrantClock: { lapsed: true } });
    // A request dated after the window is refused: the suspect must be released.
    const late = handle.executeUpdate(u.requestDetentionWarrant, { args: [{ ...meta(later(0, base)), court: 'Seoul Central' }] });
    await expect(late).rejects.toMatchObject({ cause: { message: expect.stringMatching(/48-hour window closed.*release the suspect/) } });
    await handle.terminate('test done');
  });

  it('the 48-hour clock from the on-board arrest escalates, then says the suspect must be released', async () => {
    const base = await serverNow();
    const { caseId, handle } = await boardedAndLanded(base);
    await waitForStatus(handle, 'LANDED');

    await harness.env!.sleep('37 hours'); // past the warning 12 hours before the deadline
    expect((await handle.query(suspectStateQuery)).detentionWarrantClock).toMatchObject({ warned: true, lapsed: false });
    await harness.env!.sleep('12 hours'); // past 48 hours
    expect((await handle.query(suspectStateQuery)).detentionWarrantClock).toMatchObject({ warned: true, lapsed: true });

    const late = handle.executeUpdate(u.requestDetentionWarrant, {
      args: [{ ...meta(later(48.5 * HOUR, base)), court: 'Seoul Central' }],
    });
    await expect(late).rejects.toMatchObject({ cause: { message: expect.stringMatching(/48-hour window closed.*release the suspect/) } });
    await handle.executeUpdate(u.recordRelease, {
      args: [{ ...meta(later(48.5 * HOUR, base)), releasedBy: 'NPA', reason: '48 hours lapsed' }],
    });
    expect(await statusOf(handle)).toBe('RELEASED');
    expect((await storedTypes(harness, caseId)).slice(-5)).toEqual([
      'SuspectArrestedOnBoard',
      'SuspectLanded',
      'DetentionWarrantDeadlineApproaching',
      'DetentionWarrantDeadlineLapsed',
      'SuspectReleased',
    ]);
    await handle.terminate('test done');
  });

  it('a detention warrant requested in time stops the 48-hour clock; detention then runs to its limit', async () => {
    const base = await serverNow();
    const { caseId, handle } = await boardedAndLanded(base);
    await waitForStatus(handle, 'LANDED');
    await handle.executeUpdate(u.requestDetentionWarrant, { args: [{ ...meta(later(19 * HOUR, base)), court: 'Seoul Central' }] });
    await handle.executeUpdate(u.recordDetentionWarrantIssued, { args: [{ ...meta(later(32 * HOUR, base)), warrantNumber: 'DW-1' }] });

    await harness.env!.sleep('12 days'); // past the 10-day detention
    expect((await handle.query(suspectStateQuery)).detention).toMatchObject({
      until: later(10 * DAY + 32 * HOUR, base),
      limitReached: true,
    });
    expect((await storedTypes(harness, caseId)).slice(-5)).toEqual([
      'SuspectArrestedOnBoard',
      'SuspectLanded',
      'DetentionWarrantRequested',
      'SuspectDetainedInKorea',
      'DetentionLimitReached',
    ]);
    await handle.terminate('test done');
  });
});
