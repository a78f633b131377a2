// The remote codec endpoint for the Temporal UI and CLI: a supervisor decrypts a payload the
// worker encrypted, redacted by its need to know on the case the payload names; a case it may not
// see is 404, a payload naming no case comes back still encrypted; anyone but a supervisor gets
// 403; encode and decode are inverse; a forged payload is 422; each decode is audited as a read of
// the case's personal data, and withheld (503) when that cannot be recorded; the UI's origin
// passes CORS, preflight included, and no other origin does.
import { randomUUID } from 'node:crypto';
import { payloadToJSON } from '@temporalio/common/lib/proto-utils.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../access/redact.ts';
import type { AuditRecord } from '../../audit/trail.ts';
import { loadSettings } from '../../infra/settings.ts';
import { type CaseApi, caseApi, TEMPORAL_UI_ORIGIN, terminateCases } from './api-cases-support.ts';

const supervisor = { agency: 'NPA', role: 'supervisor', clearance: 'CONFIDENTIAL' } as const;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

describe('codec endpoint', () => {
  let api: CaseApi;
  const caseId = `victim-${randomUUID()}`;
  let workerPayload: { metadata?: Record<string, string> | null; data?: string | null };

  beforeAll(async () => {
    api = await caseApi();
    const opened = await api.app.inject({
      method: 'POST',
      url: '/cases/victim',
      headers: await api.bearer({ agency: 'MOFA' }),
      payload: {
        caseId,
        leadAgency: 'MOFA',
        personName: 'Person C',
        reportedBy: 'family',
        hostCountry: 'KH',
        lastKnownLocation: 'Compound C',
        contactPhone: '+82 10 5555 0000',
      },
    });
    expect(opened.statusCode).toBe(201);
    // A command answers once the report before it is appended, so the activity is in history by then.
    const located = await api.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/commands/recordLocation`,
      headers: await api.bearer({ agency: 'MOFA' }),
      payload: { location: 'compound D', confirmedBy: 'NPA' },
    });
    expect(located.statusCode).toBe(200);
    // The appendEvents input is encoded by the worker (the workflow schedules the activity).
    const history = await api.harness.client.workflow.getHandle(caseId).fetchHistory();
    const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'appendEvents');
    workerPayload = payloadToJSON(scheduled!.activityTaskScheduledEventAttributes!.input!.payloads![0]!);
  });

  afterAll(async () => {
    if (!api) return;
    await terminateCases(api.harness, [caseId]);
    await api.close();
  });

  const post = async (direction: 'decode' | 'encode', payloads: unknown[], caller: object = supervisor) =>
    api.app.inject({
      method: 'POST',
      // As the Temporal UI calls it.
      url: `/codec/${direction}?preserveStorageRefs=true`,
      headers: { ...(await api.bearer(caller)), origin: TEMPORAL_UI_ORIGIN, 'x-namespace': 'default' },
      payload: { payloads },
    });

  type AppendInput = { streamId: string; events: { data: { personName: string; lastKnownLocation: string; contactPhone: string } }[] };
  const decodedInput = (response: { json(): { payloads: { metadata: { encoding: string }; data: string }[] } }) => {
    const [decoded] = response.json().payloads;
    expect(text(decoded!.metadata.encoding)).toBe('json/plain');
    return JSON.parse(text(decoded!.data)) as AppendInput;
  };

  it('lets a supervisor decrypt a payload of a case it sees, redacted by its need to know on that case', async () => {
    expect(text(workerPayload.metadata!.encoding!)).toBe('binary/encrypted');
    expect(text(workerPayload.data!)).not.toContain('Person C');
    const response = await post('decode', [workerPayload]);
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(TEMPORAL_UI_ORIGIN);
    const input = decodedInput(response);
    expect(input.streamId).toBe(caseId);
    // An NPA supervisor not assigned to the victim's case: the identity, not the whereabouts or the phone.
    expect(input.events[0]?.data).toMatchObject({ personName: 'Person C', lastKnownLocation: REDACTED, contactPhone: REDACTED });
    const consular = decodedInput(await post('decode', [workerPayload], { ...supervisor, agency: 'MOFA' }));
    expect(consular.events[0]?.data).toMatchObject({ lastKnownLocation: 'Compound C', contactPhone: '+82 10 5555 0000' });
  });

  it('answers 404 for a payload of a case the caller may not see, and 400 for payloads of two cases', async () => {
    for (const agency of ['HOST_POLICE', 'INTERPOL', 'NIS'] as const) {
      const response = await post('decode', [workerPayload], { ...supervisor, agency, clearance: 'SECRET' });
      expect(response.statusCode, agency).toBe(404);
      expect(response.body, agency).not.toContain('Person C');
    }
    const [other] = (await post('encode', [{ metadata: { encoding: b64('json/plain') }, data: b64('{"caseId":"victim-other"}') }])).json()
      .payloads;
    expect((await post('decode', [workerPayload, other])).statusCode).toBe(400);
  });

  it('gives back still encrypted a payload that names no case: nothing says whose it is', async () => {
    const [sealed] = (await post('encode', [{ metadata: { encoding: b64('json/plain') }, data: b64('{"personName":"Person D"}') }])).json()
      .payloads;
    const decoded = await post('decode', [sealed]);
    expect(decoded.statusCode).toBe(200);
    expect(decoded.json().payloads).toEqual([sealed]);
  });

  it('records each decode as a read of the case’s personal data, and withholds it (503) when that cannot be recorded', async () => {
    const userId = `codec-${randomUUID()}`;
    expect((await post('decode', [workerPayload], { ...supervisor, userId })).statusCode).toBe(200);
    const trail = await api.app.inject({ method: 'GET', url: `/audit?user=${userId}`, headers: await api.bearer(supervisor) });
    expect((trail.json() as { entries: AuditRecord[] }).entries).toEqual([
      expect.objectContaining({
        action: 'decodePayloads',
        access: 'personal-data',
        caseId,
        personalData: ['birthDate', 'name', 'passport', 'photo'],
        status: 200,
      }),
    ]);
    // Every transaction of this pool is read-only: the case's events can be read, the trail cannot be written.
    const readOnly = new pg.Pool({
      connectionString: loadSettings().databaseUrl,
      max: 1,
      options: '-c default_transaction_read_only=on',
    });
    const unrecorded = await api.appOn(readOnly);
    try {
      const response = await unrecorded.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: await api.bearer(supervisor),
        payload: { payloads: [workerPayload] },
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().payloads).toBeUndefined();
    } finally {
      await unrecorded.close();
      await readOnly.end();
    }
  });

  it('refuses everyone but supervisors, telling the UI why (CORS headers on the problem too)', async () => {
    for (const caller of [
      { agency: 'NPA', role: 'operator', clearance: 'SECRET' },
      { agency: 'NPA', role: 'auditor', clearance: 'SECRET' },
      { ...supervisor, clearance: 'RESTRICTED' },
    ]) {
      const response = await post('decode', [workerPayload], caller);
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['access-control-allow-origin']).toBe(TEMPORAL_UI_ORIGIN);
    }
    const anonymous = await api.app.inject({ method: 'POST', url: '/codec/decode', payload: { payloads: [workerPayload] } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('encodes as the workers do, and decoding gives the original back', async () => {
    const original = { metadata: { encoding: b64('json/plain') }, data: b64(`{"caseId":"${caseId}","personName":"Person D"}`) };
    const encoded = await post('encode', [original]);
    expect(encoded.statusCode).toBe(200);
    const [sealed] = encoded.json().payloads;
    expect(text(sealed.metadata.encoding)).toBe('binary/encrypted');
    expect(text(sealed.data)).not.toContain('Person D');
    const decoded = await post('decode', [sealed]);
    expect(decoded.json().payloads).toEqual([original]);
  });

  it('answers 422 for a forged payload and 400 for one that is not base64', async () => {
    const data = Buffer.from(workerPayload.data!, 'base64');
    data[data.length - 1]! ^= 1;
    const forged = await post('decode', [{ ...workerPayload, data: data.toString('base64') }]);
    expect(forged.statusCode).toBe(422);
    const garbage = await post('decode', [{ metadata: {}, data: 'not base64!' }]);
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().errors).toEqual([{ path: 'body.payloads.0.data', message: expect.any(String) }]);
  });

  it("answers the UI's preflight for its origin and no other", async () => {
    const preflight = (origin: string) =>
      api.app.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
      });
    const allowed = await preflight(TEMPORAL_UI_ORIGIN);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': TEMPORAL_UI_ORIGIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': expect.stringContaining('POST'),
      'access-control-allow-headers': expect.stringContaining('x-namespace'),
    });
    const other = await preflight('http://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets the Temporal UI authenticate with the cookie a supervisor set on /codec/login, on the codec routes only', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/codec/login' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain("fetch('session'");

    const session = await api.app.inject({ method: 'POST', url: '/codec/session', headers: await api.bearer(supervisor) });
    expect(session.statusCode).toBe(200);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(/^taskforce_codec_token=[\w.-]+; Path=\/codec; Max-Age=(29\d|300); HttpOnly; SameSite=Strict$/);
    expect(Date.parse(session.json().until)).toBeGreaterThan(Date.now());
    const sent = cookie.split(';')[0]!;

    const decoded = await api.app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { cookie: `other=1; ${sent}`, origin: TEMPORAL_UI_ORIGIN },
      payload: { payloads: [workerPayload] },
    });
    expect(decoded.statusCode).toBe(200);
    expect(text(decoded.json().payloads[0].metadata.encoding)).toBe('json/plain');
    // The cookie opens nothing else, and an operator cannot start a codec session.
    expect((await api.app.inject({ method: 'GET', url: '/me', headers: { cookie: sent } })).statusCode).toBe(401);
    const operator = await api.app.inject({ method: 'POST', url: '/codec/session', headers: await api.bearer({ role: 'operator' }) });
    expect(operator.statusCode).toBe(403);
    expect(operator.headers['set-cookie']).toBeUndefined();
  });
});
