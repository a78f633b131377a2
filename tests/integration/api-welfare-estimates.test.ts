// Through the HTTP API with a real worker: a screening records a welfare record (v2), sealed in the
// store but for the counted categories, shown in the case's state only to callers with need to
// know; and an estimate recorded on an operation with recordEstimate, refused to agencies that do
// not make estimates and for bad input.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../access/redact.ts';
import { isSealed } from '../../privacy/sealed-value.ts';
import { caseApiForSuite } from './api-cases-support.ts';

const consul = { agency: 'MOFA', role: 'operator', userId: 'consul-welfare' } as const;
const officer = { agency: 'NPA', role: 'operator', userId: 'korea-desk-estimates' } as const;
const opened: string[] = [];
// The victim's facts happen hours ago, in order: a report days old would have its welfare check come due.
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const WELFARE = { injury: 'serious', medicalNeed: 'urgent', reportedAbuse: ['beaten', 'confined'], note: 'Broken wrist, untreated.' };

const api = caseApiForSuite(opened);

async function command(caseId: string, name: string, payload: object, caller: object) {
  return api.app.inject({ method: 'POST', url: `/cases/${caseId}/commands/${name}`, headers: await api.bearer(caller), payload });
}

describe('the welfare record', () => {
  it('is recorded with the screening, sealed but for its counted categories, and shown only to callers with need to know', async () => {
    const caseId = `victim-${randomUUID()}`;
    opened.push(caseId);
    const report = {
      caseId,
      leadAgency: 'MOFA',
      personName: 'Person W',
      reportedBy: 'family',
      hostCountry: 'KH',
      occurredAt: hoursAgo(3),
    };
    expect(
      (await api.app.inject({ method: 'POST', url: '/cases/victim', headers: await api.bearer(consul), payload: report })).statusCode,
    ).toBe(201);
    expect((await command(caseId, 'recordRescue', { rescuedBy: 'HOST_POLICE', occurredAt: hoursAgo(2) }, consul)).statusCode).toBe(200);

    const badWelfare = await command(caseId, 'recordScreening', { outcome: 'victim', welfare: { ...WELFARE, injury: 'bad' } }, consul);
    expect(badWelfare.statusCode).toBe(400);
    const screened = await command(caseId, 'recordScreening', { outcome: 'victim', welfare: WELFARE, occurredAt: hoursAgo(1) }, consul);
    expect(screened.json()).toEqual({ streamVersion: 3, events: ['VictimScreened'] });

    const { rows } = await api.harness.pool.query<{ schema_version: number; data: { welfare: Record<string, unknown> } }>(
      `SELECT schema_version, data FROM events WHERE stream_id = $1 AND type = 'VictimScreened'`,
      [caseId],
    );
    expect(rows[0]!.schema_version).toBe(2);
    const stored = rows[0]!.data.welfare;
    expect(isSealed(stored.note)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('Broken wrist');
    expect(stored).toMatchObject({ injury: 'serious', medicalNeed: 'urgent', reportedAbuse: ['beaten', 'confined'] });

    const stateAs = async (caller: object) =>
      (await api.app.inject({ method: 'GET', url: `/cases/${caseId}/state`, headers: await api.bearer(caller) })).json();
    expect((await stateAs(consul)).welfare).toEqual({ injury: 'serious', medicalNeed: 'urgent', reportedAbuse: ['beaten', 'confined'] });
    // An analyst of the same agency, and an NPA officer not assigned to the case, have no need to know.
    const hidden = { injury: REDACTED, medicalNeed: REDACTED, reportedAbuse: REDACTED };
    expect((await stateAs({ ...consul, role: 'analyst' })).welfare).toEqual(hidden);
    expect((await stateAs(officer)).welfare).toEqual(hidden);
  });
});

describe('recordEstimate', () => {
  it('records an estimate on an operation as EstimateRecorded, for the agencies that make estimates only', async () => {
    const caseId = `operation-${randomUUID()}`;
    opened.push(caseId);
    const plan = { caseId, leadAgency: 'NPA', hostCountry: 'KH', codeName: 'Estimates', occurredAt: '2025-10-01T00:00:00Z' };
    expect(
      (await api.app.inject({ method: 'POST', url: '/cases/operation', headers: await api.bearer(officer), payload: plan })).statusCode,
    ).toBe(201);
    const estimate = {
      measure: 'persons_held_in_compounds',
      figure: 2000,
      asOf: '2025-10-15',
      sourceAgency: 'NPA',
      method: "investigators' assessment of 50+ compounds",
      occurredAt: '2025-10-16T00:00:00Z',
    };
    const recorded = await command(caseId, 'recordEstimate', estimate, officer);
    expect(recorded.json()).toEqual({ streamVersion: 2, events: ['EstimateRecorded'] });
    const { rows } = await api.harness.pool.query('SELECT data FROM events WHERE stream_id = $1 AND stream_version = 2', [caseId]);
    const { occurredAt: _at, ...fact } = estimate;
    expect(rows[0]!.data).toEqual({ operationId: caseId, ...fact });

    expect(
      (await command(caseId, 'recordEstimate', estimate, { agency: 'HOST_POLICE', role: 'operator', userId: 'hp-1' })).statusCode,
    ).toBe(403);
    expect((await command(caseId, 'recordEstimate', { ...estimate, figure: -1 }, officer)).statusCode).toBe(400);
    const early = await command(caseId, 'recordEstimate', { ...estimate, asOf: '2025-10-17' }, officer);
    expect(early.statusCode).toBeGreaterThanOrEqual(409);
    expect(early.json().detail).toMatch(/cannot be recorded on/);
  });
});
