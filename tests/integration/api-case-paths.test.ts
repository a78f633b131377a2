// The campaign's remaining paths, end to end through the HTTP API with a real worker on the test
// stack: a case's first answer shows its opening fact, contact lost and regained, a suspect
// screened as a victim moving to a linked victim case, a clearance withdrawn from a manifested
// suspect, a departure refused or corrected when a lost clearance races it, and flight commands
// answered without waiting on the cases on board.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Caller as TokenCaller } from '../../access/caller.ts';
import { caseApiForSuite } from './api-cases-support.ts';

const consul = { agency: 'MOFA', role: 'operator', userId: 'consul-7' } as const;
const police = { agency: 'NPA', role: 'operator', userId: 'korea-desk-7' } as const;
const policeSupervisor = { agency: 'NPA', role: 'supervisor', userId: 'korea-desk-chief' } as const;
const hostPolice = { agency: 'HOST_POLICE', role: 'liaison', userId: 'kh-police-7' } as const;
const immigration = { agency: 'HOST_IMMIGRATION', role: 'liaison', userId: 'kh-gdi-7' } as const;
const moj = { agency: 'MOJ', role: 'operator', userId: 'moj-desk-7' } as const;
// Facts are dated hours apart, in order, within the last day: none may predate its case's current
// status, and none is so old that a clock of its case (a welfare check, days on) comes due at once.
const base = Date.now() - 12 * 3_600_000;
const hour = (n: number) => `${new Date(base + n * 3_600_000).toISOString().slice(0, 19)}Z`;
const openedAt = hour(0);
const at = hour(1);

type Caller = Pick<TokenCaller, 'agency' | 'role' | 'userId'>;
const opened: string[] = [];

describe('the campaign paths through the API', () => {
  const api = caseApiForSuite(opened);

  async function open(kind: string, body: Record<string, unknown>, caller: Caller) {
    opened.push(String(body.caseId));
    const response = await api.app.inject({
      method: 'POST',
      url: `/cases/${kind}`,
      headers: await api.bearer(caller),
      payload: { occurredAt: openedAt, ...body },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response;
  }

  async function command(caseId: string, name: string, body: Record<string, unknown>, caller: Caller) {
    return api.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/commands/${name}`,
      headers: await api.bearer(caller),
      payload: { occurredAt: at, ...body },
    });
  }

  async function ok(caseId: string, name: string, body: Record<string, unknown>, caller: Caller) {
    const response = await command(caseId, name, body, caller);
    expect(response.statusCode, `${name}: ${response.body}`).toBe(200);
    return response.json() as { streamVersion: number; events: string[] };
  }

  async function state(caseId: string, caller: Caller = policeSupervisor) {
    const response = await api.app.inject({ method: 'GET', url: `/cases/${caseId}/state`, headers: await api.bearer(caller) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Record<string, unknown> & { status: string };
  }

  async function storedTypes(streamId: string): Promise<string[]> {
    const { rows } = await api.harness.pool.query<{ type: string }>(
      'SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [streamId],
    );
    return rows.map((r) => r.type);
  }

  const victimReport = (caseId: string) => ({
    caseId,
    leadAgency: 'MOFA',
    personName: 'Person P',
    reportedBy: 'family',
    hostCountry: 'KH',
  });
  const suspectIdentification = (caseId: string) => ({
    caseId,
    leadAgency: 'NPA',
    personName: 'Person Q',
    birthDate: '1998-04-02',
    hostCountry: 'KH',
    source: 'raid',
  });

  /** A suspect case arrested and detained by the host; `cleared` takes it on to a travel certificate. */
  async function suspect(cleared: boolean) {
    const caseId = `suspect-${randomUUID()}`;
    await open('suspect', suspectIdentification(caseId), police);
    await ok(caseId, 'recordArrest', { arrestedBy: 'HOST_POLICE' }, hostPolice);
    await ok(caseId, 'recordDetention', { basis: 'immigration' }, hostPolice);
    if (cleared) {
      await ok(caseId, 'orderDeportation', { orderReference: 'GDI-7' }, immigration);
      await ok(caseId, 'recordReEntryBlacklist', {}, immigration);
      await ok(caseId, 'issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-7' }, consul);
    }
    return caseId;
  }

  /** A flight with `suspects` manifested, locked and escorted, ready to depart. */
  async function readyFlight(suspects: readonly string[]) {
    const flightId = `flight-${randomUUID()}`;
    await open('flight', { caseId: flightId, leadAgency: 'MOJ', hostCountry: 'KH' }, moj);
    const manifest = { flightNumber: 'KE9690', route: { origin: 'PNH', destination: 'ICN' }, capacity: 80 };
    await ok(flightId, 'openManifest', manifest, moj);
    for (const caseId of suspects) await ok(flightId, 'addToManifest', { caseId }, moj);
    await ok(flightId, 'lockManifest', {}, moj);
    await ok(flightId, 'assignEscorts', { officers: 2 * suspects.length }, moj);
    return flightId;
  }

  it("a case's first answer shows its opening fact, for every kind", async () => {
    const openings = openingOfEveryKind(randomUUID());
    // One of each kind at once, so the worker is busy while the answers are read.
    await Promise.all(
      openings.map(async ({ kind, caller, body, status }) => {
        await open(kind, body, caller);
        // The very next request, with no wait in between, reads the opened state.
        expect(await state(body.caseId, caller)).toMatchObject({ caseId: body.caseId, status });
      }),
    );
  });

  function openingOfEveryKind(ref: string) {
    return [
      { kind: 'victim', caller: consul, body: victimReport(`victim-${ref}`), status: 'REPORTED' },
      { kind: 'suspect', caller: police, body: suspectIdentification(`suspect-${ref}`), status: 'IDENTIFIED' },
      {
        kind: 'operation',
        caller: police,
        body: { caseId: `operation-${ref}`, leadAgency: 'NPA', hostCountry: 'KH', codeName: 'Paths' },
        status: 'PLANNED',
      },
      { kind: 'flight', caller: moj, body: { caseId: `flight-${ref}`, leadAgency: 'MOJ', hostCountry: 'KH' }, status: 'PLANNED' },
    ];
  }

  it('contact lost, then regained: the case goes missing again, then reported, then located again', async () => {
    const caseId = `victim-${randomUUID()}`;
    await open('victim', victimReport(caseId), consul);
    await ok(caseId, 'recordLocation', { location: 'compound K', confirmedBy: 'NPA', occurredAt: hour(2) }, consul);
    expect(await ok(caseId, 'reportContactLost', { note: 'phone off', occurredAt: hour(3) }, consul)).toEqual({
      streamVersion: 3,
      events: ['VictimContactLost'],
    });
    expect(await state(caseId, consul)).toMatchObject({ status: 'CONTACT_LOST', statusSince: hour(3) });
    // A rescue request needs a located person: refused while contact is lost.
    const refused = await command(caseId, 'requestRescue', { requestedFrom: 'HOST_POLICE', occurredAt: hour(3) }, consul);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ rule: 'requestRescue-requires-state' });

    await ok(caseId, 'recordContactRegained', { note: 'called the hotline', occurredAt: hour(4) }, consul);
    expect(await state(caseId, consul)).toMatchObject({ status: 'REPORTED', statusSince: hour(4) });
    const regainedTwice = await command(caseId, 'recordContactRegained', { occurredAt: hour(4) }, consul);
    expect(regainedTwice.statusCode).toBe(409);

    await ok(caseId, 'reportContactLost', { occurredAt: hour(5) }, consul);
    await ok(caseId, 'recordLocation', { location: 'compound L', confirmedBy: 'NIS', occurredAt: hour(6) }, consul);
    expect(await state(caseId, consul)).toMatchObject({
      status: 'LOCATED',
      rescueDeadline: new Date(Date.parse(hour(6)) + 14 * 86_400_000).toISOString(),
    });
    expect(await storedTypes(caseId)).toEqual([
      'VictimReported',
      'VictimLocated',
      'VictimContactLost',
      'VictimContactRegained',
      'VictimContactLost',
      'VictimLocated',
    ]);
  });

  it('a suspect screened as a victim moves to a victim case: the suspect case ends naming it, the victim case opens naming the suspect case', async () => {
    const suspectId = await suspect(false);
    const victimId = `victim-${suspectId.slice('suspect-'.length)}`;
    // The host police may not record a screening outcome; the Korean police may.
    const forbidden = await command(suspectId, 'recordScreenedAsVictim', {}, hostPolice);
    expect(forbidden.statusCode).toBe(403);
    const answer = await ok(suspectId, 'recordScreenedAsVictim', { note: 'lured by a fake job offer', occurredAt: hour(2) }, police);
    expect(answer.events).toEqual(['SuspectScreenedAsVictim']);
    expect(await state(suspectId)).toMatchObject({ status: 'SCREENED_AS_VICTIM', victimCaseId: victimId });
    const { rows: ended } = await api.harness.pool.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM events WHERE stream_id = $1 AND type = 'SuspectScreenedAsVictim'",
      [suspectId],
    );
    expect(ended[0]?.data).toEqual({ caseId: suspectId, victimCaseId: victimId, note: 'lured by a fake job offer' });

    // The victim case is opened by the suspect case's workflow and names it from its first fact.
    await expect
      .poll(
        async () =>
          (await api.app.inject({ method: 'GET', url: `/cases/${victimId}/state`, headers: await api.bearer(consul) })).statusCode,
        {
          timeout: 20_000,
        },
      )
      .toBe(200);
    opened.push(victimId);
    expect(await state(victimId, consul)).toMatchObject({
      caseId: victimId,
      status: 'REPORTED',
      leadAgency: 'MOFA',
      linkedSuspectCaseId: suspectId,
      statusSince: hour(2),
    });
    const { rows: opening } = await api.harness.pool.query<{ type: string; data: Record<string, unknown> }>(
      'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [victimId],
    );
    expect(opening.map((r) => r.type)).toEqual(['VictimReported']);
    expect(opening[0]?.data).toMatchObject({
      caseId: victimId,
      reportedBy: 'screening',
      hostCountry: 'KH',
      linkedSuspectCaseId: suspectId,
    });
    // The suspect case is finished: it takes no command, the victim case goes on.
    expect((await command(suspectId, 'recordRelease', { releasedBy: 'NPA', reason: 'victim' }, police)).statusCode).toBe(409);
    await ok(victimId, 'recordRescue', { rescuedBy: 'HOST_POLICE', occurredAt: hour(3) }, consul);
    // Screening this person as a victim-offender now would reopen the closed suspect case: refused with the rule.
    const reopened = await command(victimId, 'recordScreening', { outcome: 'victim_offender', occurredAt: hour(3) }, consul);
    expect(reopened.statusCode).toBe(409);
    expect(reopened.json()).toMatchObject({ rule: 'screened-from-suspect-case' });
  });

  it('a clearance withdrawn from a manifested suspect releases its seat on the flight, as a host hold does', async () => {
    const [kept, withdrawn] = await Promise.all([suspect(true), suspect(true)]);
    const flightId = await readyFlight([kept, withdrawn]);
    const badReason = await command(withdrawn, 'withdrawClearance', { reason: 'bad_weather' }, consul);
    expect(badReason.statusCode).toBe(400);
    const notAllowed = await command(withdrawn, 'withdrawClearance', { reason: 'court_order' }, hostPolice);
    expect(notAllowed.statusCode).toBe(403);
    expect(
      await ok(withdrawn, 'withdrawClearance', { reason: 'travel_document_revoked', note: 'certificate reported stolen' }, consul),
    ).toMatchObject({ events: ['TravelClearanceWithdrawn', 'SuspectLostTravelClearance'] });
    expect(await state(withdrawn)).toMatchObject({ status: 'CLEARANCE_WITHDRAWN', flightId: null });
    await expect.poll(async () => (await state(flightId, moj)).manifest, { timeout: 20_000 }).toEqual([{ caseId: kept }]);
    const { rows } = await api.harness.pool.query<{ type: string; data: Record<string, unknown> }>(
      "SELECT type, data FROM events WHERE stream_id = $1 AND type IN ('SeatReleased', 'EscortsReplanned') ORDER BY stream_version",
      [flightId],
    );
    expect(rows.map((r) => r.type)).toEqual(['SeatReleased', 'EscortsReplanned']);
    expect(rows[0]?.data).toMatchObject({
      caseId: withdrawn,
      cause: 'lost_clearance',
      reason: 'clearance withdrawn (travel document revoked): certificate reported stolen',
    });
    // A new travel document clears the person again.
    await ok(withdrawn, 'issueTravelDocument', { documentType: 'emergency_passport', documentNumber: 'EP-8' }, consul);
    expect(await state(withdrawn)).toMatchObject({ status: 'TRAVEL_DOCUMENT_ISSUED' });
  });

  it('depart answers once the departure is recorded, and the cases on board are told after', async () => {
    const suspects = await Promise.all(Array.from({ length: 8 }, () => suspect(true)));
    const flightId = await readyFlight(suspects);
    const started = performance.now();
    expect(await ok(flightId, 'depart', {}, moj)).toMatchObject({ events: ['FlightDeparted'] });
    const departMs = performance.now() - started;
    console.info(`depart of a flight of ${suspects.length}: answered in ${departMs.toFixed(0)} ms`);
    for (const caseId of suspects) await expect.poll(async () => (await state(caseId)).status, { timeout: 20_000 }).toBe('IN_TRANSIT');

    // In the flight's history the Update's answer comes before the first case is told.
    const history = await api.harness.client.workflow.getHandle(flightId).fetchHistory();
    const events = history.events ?? [];
    const departId = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'depart')
      ?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    const departAnswered = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === departId);
    // The telling activities are scheduled with the answer (one workflow task), and not one has
    // finished before it: the Update did not wait on a case.
    const tellings = new Set(
      events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'tellCase').map((e) => String(e.eventId)),
    );
    const firstTold = events.findIndex((e) => tellings.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)));
    expect(departId).toEqual(expect.any(String));
    expect(departAnswered).toBeGreaterThan(0);
    expect(tellings.size).toBe(suspects.length);
    expect(firstTold).toBeGreaterThan(departAnswered);
  });

  it('a lost clearance racing the departure never counts a person who did not board, whichever arrives first', async () => {
    // The departure follows the withdrawal by 0, 30 and 150 ms: the notice reaches the flight
    // before the departure, while it is decided, or after it was recorded.
    for (const delayMs of [0, 30, 150]) {
      const [first, racing, last] = await Promise.all([suspect(true), suspect(true), suspect(true)]);
      const flightId = await readyFlight([first, racing, last]);
      const withdrawal = ok(racing, 'withdrawClearance', { reason: 'court_order', note: `race ${delayMs}` }, consul);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      let departure = await command(flightId, 'depart', {}, moj);
      if (departure.statusCode === 409) {
        // Refused while the notice was pending: the rule says why; departing again succeeds.
        expect(departure.json()).toMatchObject({ rule: 'depart-with-lost-clearance' });
        departure = await command(flightId, 'depart', {}, moj);
      }
      expect(departure.statusCode, departure.body).toBe(200);
      await withdrawal;

      const boarded = [first, last].sort();
      await expect.poll(async () => ((await state(flightId, moj)).onBoard as string[]).sort(), { timeout: 20_000 }).toEqual(boarded);
      for (const caseId of boarded) await expect.poll(async () => (await state(caseId)).status, { timeout: 20_000 }).toBe('IN_TRANSIT');
      expect(await state(racing)).toMatchObject({ status: 'CLEARANCE_WITHDRAWN' });
      const types = await storedTypes(flightId);
      // Either the seat was released before the departure, or the departure listed the case and
      // the flight then recorded that it never boarded.
      const order = types.indexOf('SeatReleased') >= 0 ? 'released before departure' : 'not boarded after departure';
      console.info(`race at ${delayMs} ms: ${order}`);
      expect(types.includes('SeatReleased') !== types.includes('CaseNotBoarded')).toBe(true);

      expect(await ok(flightId, 'land', {}, moj)).toMatchObject({ events: ['FlightLanded'] });
      const { rows } = await api.harness.pool.query<{ data: { caseIds: string[] } }>(
        "SELECT data FROM events WHERE stream_id = $1 AND type = 'FlightLanded'",
        [flightId],
      );
      expect(rows[0]?.data.caseIds.sort()).toEqual(boarded);
      for (const caseId of boarded) await expect.poll(async () => (await state(caseId)).status, { timeout: 20_000 }).toBe('LANDED');
    }
  });
});
