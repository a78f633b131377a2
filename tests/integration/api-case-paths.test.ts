// The campaign's remaining paths, end to end through the HTTP API with a real worker on the test
// stack: a case's first answer shows its opening fact, contact lost and regained, a suspect
// screened as a victim moving to a linked victim case, a clearance withdrawn from a manifested
// suspect, a departure refused or corrected when a lost clearance races it, and flight commands
// answered without waiting on the cases on board.
import { randomUUID } from 'node:crypto';
import type { Caller as TokenCaller } from '../../access/caller.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseApi, caseApi, terminateCases } from './api-cases-support.ts';

const consul = { agency: 'MOFA', role: 'operator', userId: 'consul-7' } as const;
const police = { agency: 'NPA', role: 'operator', userId: 'korea-desk-7' } as const;
const policeSupervisor = { agency: 'NPA', role: 'supervisor', userId: 'korea-desk-chief' } as const;
const hostPolice = { agency: 'HOST_POLICE', role: 'liaison', userId: 'kh-police-7' } as const;
const immigration = { agency: 'HOST_IMMIGRATION', role: 'liaison', userId: 'kh-gdi-7' } as const;
const moj = { agency: 'MOJ', role: 'operator', userId: 'moj-desk-7' } as const;
const at = '2026-01-20T09:00:00.000Z';

type Caller = Pick<TokenCaller, 'agency' | 'role' | 'userId'>;
const opened: string[] = [];

describe('the campaign paths through the API', () => {
  let api: CaseApi;
  beforeAll(async () => {
    api = await caseApi();
  });
  afterAll(async () => {
    if (!api) return;
    await terminateCases(api.harness, opened);
    await api.close();
  });

  async function open(kind: string, body: Record<string, unknown>, caller: Caller) {
    opened.push(String(body.caseId));
    const response = await api.app.inject({ method: 'POST', url: `/cases/${kind}`, headers: await api.bearer(caller), payload: body });
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
    const { rows } = await api.harness.pool.query<{ type: string }>('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [
      streamId,
    ]);
    return rows.map((r) => r.type);
  }

  const victimReport = (caseId: string) => ({ caseId, leadAgency: 'MOFA', personName: 'Person P', reportedBy: 'family', hostCountry: 'KH' });
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
    const openings = [1, 2, 3].flatMap(() => openingOfEveryKind(randomUUID()));
    // Three of each kind at once, so the worker is busy while the answers are read.
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
    await ok(caseId, 'recordLocation', { location: 'compound K', confirmedBy: 'NPA', occurredAt: '2026-01-20T10:00:00Z' }, consul);
    expect(await ok(caseId, 'reportContactLost', { note: 'phone off', occurredAt: '2026-01-21T10:00:00Z' }, consul)).toEqual({
      streamVersion: 3,
      events: ['VictimContactLost'],
    });
    expect(await state(caseId, consul)).toMatchObject({ status: 'CONTACT_LOST', statusSince: '2026-01-21T10:00:00Z' });
    // A rescue request needs a located person: refused while contact is lost.
    const refused = await command(caseId, 'requestRescue', { requestedFrom: 'HOST_POLICE' }, consul);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ rule: 'requestRescue-requires-state' });

    await ok(caseId, 'recordContactRegained', { note: 'called the hotline', occurredAt: '2026-01-22T10:00:00Z' }, consul);
    expect(await state(caseId, consul)).toMatchObject({ status: 'REPORTED', statusSince: '2026-01-22T10:00:00Z' });
    const regainedTwice = await command(caseId, 'recordContactRegained', {}, consul);
    expect(regainedTwice.statusCode).toBe(409);

    await ok(caseId, 'reportContactLost', { occurredAt: '2026-01-23T10:00:00Z' }, consul);
    await ok(caseId, 'recordLocation', { location: 'compound L', confirmedBy: 'NIS', occurredAt: '2026-01-24T10:00:00Z' }, consul);
    expect(await state(caseId, consul)).toMatchObject({ status: 'LOCATED', rescueDeadline: '2026-02-07T10:00:00.000Z' });
    expect(await storedTypes(caseId)).toEqual([
      'VictimReported',
      'VictimLocated',
      'VictimContactLost',
      'VictimContactRegained',
      'VictimContactLost',
      'VictimLocated',
    ]);
  });
});
