// When a fact happened, and where, through the HTTP API with a real worker: a fact dated beyond
// the future tolerance is 400 naming `occurredAt`; a command dated before the fact that put the
// case in its status is 409 with the rule; a host country the deadlines file does not name is 400
// naming `hostCountry`, and no case is started.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OCCURRED_AT_FUTURE_TOLERANCE_MS } from '../../workflows/case-kit/rules.ts';
import { caseApiForSuite } from './api-cases-support.ts';

const consul = { agency: 'MOFA', role: 'operator', userId: 'consul-7' } as const;
const officer = { agency: 'NPA', role: 'operator', userId: 'korea-desk-7' } as const;
const opened: string[] = [];
const iso = (ms: number) => new Date(ms).toISOString();

describe('occurredAt and host country checks', () => {
  const api = caseApiForSuite(opened);

  async function post(url: string, caller: object, payload: object) {
    return api.app.inject({ method: 'POST', url, headers: await api.bearer(caller), payload });
  }

  async function openVictim(occurredAt: string) {
    const caseId = `victim-${randomUUID()}`;
    opened.push(caseId);
    const report = { caseId, leadAgency: 'MOFA', personName: 'Person T', reportedBy: 'embassy', hostCountry: 'KH', occurredAt };
    return { caseId, response: await post('/cases/victim', consul, report) };
  }

  it('refuses a fact dated beyond the tolerance ahead of now, naming occurredAt, on an opening and on a command', async () => {
    const tooLate = iso(Date.now() + OCCURRED_AT_FUTURE_TOLERANCE_MS + 60_000);
    const refused = await openVictim(tooLate);
    expect(refused.response.statusCode).toBe(400);
    expect(refused.response.json()).toMatchObject({
      status: 400,
      errors: [{ path: 'body.occurredAt', message: expect.stringMatching(/at most 5 minutes ahead of now/) }],
    });
    const state = await api.app.inject({ method: 'GET', url: `/cases/${refused.caseId}/state`, headers: await api.bearer(consul) });
    expect(state.statusCode).toBe(404);

    // Within the tolerance (a clock a little fast) is accepted.
    const { caseId, response } = await openVictim(iso(Date.now() + 60_000));
    expect(response.statusCode).toBe(201);
    const located = await post(`/cases/${caseId}/commands/recordLocation`, consul, {
      location: 'compound T',
      confirmedBy: 'NPA',
      occurredAt: iso(Date.parse('2999-01-01T00:00:00Z')),
    });
    expect(located.statusCode).toBe(400);
    expect(located.json()).toMatchObject({ errors: [{ path: 'body.occurredAt' }] });
  });

  it('refuses a command dated before the fact that put the case in its status, with the rule in words', async () => {
    const reportedAt = iso(Date.now() - 3_600_000);
    const { caseId, response } = await openVictim(reportedAt);
    expect(response.statusCode).toBe(201);
    const before = iso(Date.parse(reportedAt) - 86_400_000);
    const located = await post(`/cases/${caseId}/commands/recordLocation`, consul, {
      location: 'compound T',
      confirmedBy: 'NPA',
      occurredAt: before,
    });
    expect(located.statusCode).toBe(409);
    expect(located.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(located.json()).toMatchObject({
      status: 409,
      rule: 'occurred-after-earlier-facts',
      command: 'recordLocation',
      detail: expect.stringMatching(
        new RegExp(`recordLocation is dated ${before}, before ${reportedAt}.*cannot have happened before the earlier facts`),
      ),
    });
    // The same fact dated after the report is recorded.
    const inOrder = await post(`/cases/${caseId}/commands/recordLocation`, consul, {
      location: 'compound T',
      confirmedBy: 'NPA',
      occurredAt: iso(Date.now()),
    });
    expect(inOrder.statusCode).toBe(200);
    expect(inOrder.json()).toEqual({ streamVersion: 2, events: ['VictimLocated'] });
  });

  it('refuses a suspect case in a host country the deadlines file does not name, and starts nothing', async () => {
    const caseId = `suspect-${randomUUID()}`;
    opened.push(caseId);
    const refused = await post('/cases/suspect', officer, {
      caseId,
      leadAgency: 'NPA',
      personName: 'Suspect T',
      hostCountry: 'ZZ',
      source: 'report',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      errors: [{ path: 'body.hostCountry', message: expect.stringMatching(/no treaty period for host country ZZ.*KH, PH, TH/) }],
    });
    const state = await api.app.inject({ method: 'GET', url: `/cases/${caseId}/state`, headers: await api.bearer(officer) });
    expect(state.statusCode).toBe(404);

    const known = await post('/cases/suspect', officer, {
      caseId,
      leadAgency: 'NPA',
      personName: 'Suspect T',
      hostCountry: 'PH',
      source: 'report',
    });
    expect(known.statusCode).toBe(201);
  });
});
