// Continue-as-new for real: the raid-to-handover scenario (a joint operation opening a suspect and
// a victim case, a charter flight taking the suspect home) on a Temporal server that suggests
// continue-as-new after 16 history events, against the same scenario on the stack's
// server, where no case continues. The cases must record exactly the same events either way, and
// the supervisor's history must show every run.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseClient } from '../../cases/client.ts';
import { caseHistory, type HistoryViewer } from '../../cases/history.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { SCENARIOS } from '../histories/scenarios.ts';
import { devServerHarness, shortHistoryHarness, type WorkflowHarness } from '../support/temporal.ts';

const seeEverything: HistoryViewer = { decodePayloads: true, redactPayload: (value) => value, viewEvent: (event) => event };
const raidToHandover = SCENARIOS.find((s) => s.name === 'raid-to-handover')!;

let shortHistory: WorkflowHarness;
let stackServer: WorkflowHarness;

beforeAll(async () => {
  // Both started at once; whichever starts is kept for afterAll to close even if the other fails.
  const [short, stack] = await Promise.allSettled([shortHistoryHarness(), devServerHarness()]);
  if (short.status === 'fulfilled') shortHistory = short.value;
  if (stack.status === 'fulfilled') stackServer = stack.value;
  for (const started of [short, stack]) if (started.status === 'rejected') throw started.reason;
});

afterAll(async () => {
  await shortHistory?.close();
  await stackServer?.close();
});

async function eventTypes(streamId: string): Promise<string[]> {
  const { rows } = await stackServer.pool.query<{ type: string; stream_version: number }>(
    'SELECT type, stream_version FROM events WHERE stream_id = $1 ORDER BY stream_version',
    [streamId],
  );
  expect(rows.map((r) => r.stream_version)).toEqual(rows.map((_, i) => i + 1));
  return rows.map((r) => r.type);
}

describe('continue-as-new', () => {
  it('leaves every case of a raid-to-handover scenario with the same events as without it, and its history shows every run', async () => {
    // Given the same scenario on a server that suggests continue-as-new early, and on one that does not
    const [continued, single] = await Promise.all([
      raidToHandover.run({ client: shortHistory.client, taskQueue: shortHistory.taskQueue }),
      raidToHandover.run({ client: stackServer.client, taskQueue: stackServer.taskQueue }),
    ]);

    const store = new EventStore(stackServer.pool);
    for (const [index, caseId] of continued.entries()) {
      // Then each case recorded the same events (an operation may interleave a hand-over to a case
      // and the next detention either way, with or without continue-as-new, so compare them sorted)
      expect((await eventTypes(caseId)).sort(), caseId).toEqual((await eventTypes(single[index]!)).sort());
      // And the supervisor's history holds every run, each continuing the one before
      const history = await caseHistory(shortHistory.client, store, caseId, seeEverything);
      const withoutContinuing = await caseHistory(stackServer.client, store, single[index]!, seeEverything);
      expect(withoutContinuing.runs, single[index]).toHaveLength(1);
      const domainEvents = history.timeline.filter((e) => e.source === 'event').map((e) => e.kind);
      expect(domainEvents, caseId).toEqual(await eventTypes(caseId));
      const continuedAsNew = history.timeline.filter((e) => e.kind === 'run.continuedAsNew');
      expect(continuedAsNew, caseId).toHaveLength(history.runs.length - 1);
    }
    // And every case did continue as new, at least once
    const runs = await Promise.all(
      continued.map(async (caseId) => (await caseHistory(shortHistory.client, store, caseId, seeEverything)).runs.length),
    );
    expect(
      runs.every((n) => n > 1),
      `runs of ${continued.join(', ')}: ${runs.join(', ')}`,
    ).toBe(true);
  }, 180_000);

  it('answers a command sent again with its id after the case continued as new, without applying it twice', async () => {
    // Given a victim case whose location was recorded under a command id
    const cases = new CaseClient(shortHistory.client, shortHistory.taskQueue);
    const caseId = `victim-${randomUUID()}`;
    const meta = {
      actor: { agency: 'MOFA' as const, role: 'operator' as const, userId: 'consul-4' },
      occurredAt: new Date().toISOString(),
    };
    await cases.open('victim', { caseId, leadAgency: 'MOFA', personName: 'Person R', reportedBy: 'family', hostCountry: 'KH' }, meta);
    const located = { location: 'compound F', confirmedBy: 'NPA' };
    const first = await cases.command(caseId, 'recordLocation', located, { ...meta, commandId: 'location-1' });
    const firstRun = (await shortHistory.client.workflow.getHandle(caseId).describe()).runId;
    // And a case that has since continued as new (it does so after the change that follows the suggestion)
    await cases.command(caseId, 'requestRescue', { requestedFrom: 'HOST_POLICE' }, meta);
    await cases.command(caseId, 'recordRescue', { rescuedBy: 'HOST_POLICE' }, meta);
    await expect
      .poll(async () => (await shortHistory.client.workflow.getHandle(caseId).describe()).runId, { timeout: 20_000 })
      .not.toBe(firstRun);
    // When the location command is sent again with its id
    const again = await cases.command(caseId, 'recordLocation', located, { ...meta, commandId: 'location-1' });
    // Then it answers as the first time and records nothing more
    expect(again).toEqual(first);
    expect(await eventTypes(caseId)).toEqual(['VictimReported', 'VictimLocated', 'RescueRequested', 'VictimRescued']);
    await shortHistory.client.workflow.getHandle(caseId).terminate('test done');
  });

  it('answers a flight command sent again with its id after the flight continued as new, without asking the case or recording again', async () => {
    // Given a suspect case cleared to travel, and a flight that manifested it under a command id
    const cases = new CaseClient(shortHistory.client, shortHistory.taskQueue);
    const npa = {
      actor: { agency: 'NPA' as const, role: 'operator' as const, userId: 'korea-desk-4' },
      occurredAt: new Date().toISOString(),
    };
    const moj = { ...npa, actor: { ...npa.actor, agency: 'MOJ' as const, userId: 'moj-desk-4' } };
    const suspectId = `suspect-${randomUUID()}`;
    await cases.open('suspect', { caseId: suspectId, leadAgency: 'NPA', personName: 'Person T', hostCountry: 'KH', source: 'raid' }, npa);
    for (const [name, payload] of [
      ['recordArrest', { arrestedBy: 'HOST_POLICE' }],
      ['recordDetention', { basis: 'immigration' }],
      ['orderDeportation', { orderReference: 'GDI-4' }],
      ['recordReEntryBlacklist', {}],
      ['issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-4' }],
    ] as const) {
      await cases.command(suspectId, name, payload, npa);
    }
    const flightId = `flight-${randomUUID()}`;
    await cases.open('flight', { caseId: flightId, leadAgency: 'MOJ', hostCountry: 'KH' }, moj);
    await cases.command(
      flightId,
      'openManifest',
      { flightNumber: 'KE9690', route: { origin: 'PNH', destination: 'ICN' }, capacity: 3 },
      moj,
    );
    const seat = { caseId: suspectId };
    const first = await cases.command(flightId, 'addToManifest', seat, { ...moj, commandId: 'seat-1' });
    const firstRun = (await shortHistory.client.workflow.getHandle(flightId).describe()).runId;
    // And a flight that has since continued as new
    await cases.command(flightId, 'lockManifest', {}, moj);
    await cases.command(flightId, 'assignEscorts', { officers: 2 }, moj);
    await expect
      .poll(async () => (await shortHistory.client.workflow.getHandle(flightId).describe()).runId, { timeout: 20_000 })
      .not.toBe(firstRun);
    // When the manifest command is sent again with its id
    const again = await cases.command(flightId, 'addToManifest', seat, { ...moj, commandId: 'seat-1' });
    // Then it answers as the first time, the case was asked once, and the flight recorded nothing more
    expect(again).toEqual(first);
    expect((await eventTypes(suspectId)).filter((type) => type === 'SuspectJoinedManifest')).toHaveLength(1);
    expect(await eventTypes(flightId)).toEqual(['FlightPlanned', 'ManifestOpened', 'CaseManifested', 'ManifestLocked', 'EscortsAssigned']);
    for (const id of [flightId, suspectId]) await shortHistory.client.workflow.getHandle(id).terminate('test done');
  });
});
