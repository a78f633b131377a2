// The audit trail over HTTP against the real test stack: every command, every read of personal
// data or of a history, and every refusal is in the trail with who, what, which case, when and the
// outcome; auditors (and supervisors) read it filtered and a page at a time, other roles get 403;
// a read whose entry cannot be written is not answered; and the application's database role can
// only add to the trail, never change or remove it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Caller } from '../../access/caller.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { AUDIT_TRAIL_SQL } from '../../audit/provision.ts';
import { type AuditRecord, AuditTrail } from '../../audit/trail.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { loadStackConfig } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
import { superuserUrl } from '../../stack/postgres.ts';
import { victimReported } from './agency-stream-support.ts';
import { caseApiForSuite } from './api-cases-support.ts';

const settings = loadSettings();
const secret = new TextEncoder().encode(`audit-test-${randomUUID()}`);
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
let health: HealthChecker;
let app: FastifyInstance;

const bearer = async (caller: Partial<Caller>) => ({
  authorization: `Bearer ${await signToken(secret, { userId: `u-${randomUUID()}`, agency: 'MOFA', role: 'operator', clearance: 'CONFIDENTIAL', ...caller }, '5m')}`,
});
const auditor = (caller: Partial<Caller> = {}) => bearer({ role: 'auditor', agency: 'MOJ', userId: 'auditor-1', ...caller });

function apiOn(db: pg.Pool): FastifyInstance {
  return buildApi({ pool: db, health, tokens: createTokenVerifier(secret) });
}

beforeAll(async () => {
  health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  app = apiOn(pool);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await health?.close();
  await pool.end();
});

async function waitFor(done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function trailOf(query: Record<string, string>): Promise<AuditRecord[]> {
  const response = await app.inject({ method: 'GET', url: '/audit', query, headers: await auditor() });
  expect(response.statusCode).toBe(200);
  return (response.json() as { entries: AuditRecord[] }).entries;
}

describe('GET /audit', () => {
  it('answers 403 to operators, analysts and liaison officers, and records each refusal', async () => {
    for (const role of ['operator', 'analyst', 'liaison'] as const) {
      const userId = `curious-${role}-${randomUUID()}`;
      const response = await app.inject({ method: 'GET', url: '/audit', headers: await bearer({ role, userId, clearance: 'SECRET' }) });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await trailOf({ user: userId })).toEqual([
        expect.objectContaining({
          userId,
          role,
          agency: 'MOFA',
          operation: 'audit.read',
          action: 'getAuditTrail',
          access: 'audit',
          outcome: 'denied',
          status: 403,
        }),
      ]);
    }
  });

  it('filters by user, agency, case and time, newest first, a page at a time', async () => {
    const caseId = `victim-audit-${randomUUID()}`;
    const userId = `supervisor-${randomUUID()}`;
    const started = new Date();
    // Three refused erasures (the case does not exist: 404) by one supervisor, one by another agency's.
    for (let i = 0; i < 3; i++) {
      const response = await app.inject({
        method: 'POST',
        url: `/cases/${caseId}/erasure`,
        headers: await bearer({ role: 'supervisor', userId }),
        payload: { ground: 'subject-request' },
      });
      expect(response.statusCode).toBe(404);
    }
    await app.inject({
      method: 'POST',
      url: `/cases/${caseId}/erasure`,
      headers: await bearer({ role: 'supervisor', agency: 'NPA', userId: `npa-${userId}` }),
      payload: { ground: 'subject-request' },
    });

    const all = await trailOf({ case: caseId });
    expect(all.map((e) => [e.userId, e.agency, e.action, e.access, e.outcome, e.status])).toEqual([
      [`npa-${userId}`, 'NPA', 'eraseCase', 'command', 'allowed', 404],
      [userId, 'MOFA', 'eraseCase', 'command', 'allowed', 404],
      [userId, 'MOFA', 'eraseCase', 'command', 'allowed', 404],
      [userId, 'MOFA', 'eraseCase', 'command', 'allowed', 404],
    ]);
    expect(all.map((e) => Number(e.id))).toEqual(all.map((e) => Number(e.id)).sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ role: 'supervisor', operation: 'case.erase', method: 'POST', path: `/cases/${caseId}/erasure`, caseId });
    expect(Date.parse(all[0]!.recordedAt)).toBeGreaterThanOrEqual(started.getTime() - 1000);

    expect((await trailOf({ case: caseId, agency: 'NPA' })).map((e) => e.userId)).toEqual([`npa-${userId}`]);
    expect(await trailOf({ user: userId, case: caseId })).toHaveLength(3);
    expect(await trailOf({ case: caseId, to: started.toISOString() })).toEqual([]);
    expect(await trailOf({ case: caseId, from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const response = await app.inject({
        method: 'GET',
        url: '/audit',
        query: { case: caseId, limit: '3', ...(cursor ? { cursor } : {}) },
        headers: await bearer({ role: 'supervisor' }),
      });
      const page = response.json() as { entries: AuditRecord[]; nextCursor: string | null };
      pages.push(page.entries.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages.flat()).toEqual(all.map((e) => e.id));
  });

  it('orders by the number of the entry, not its text: entry 10 comes before entry 9, and pages follow it', async () => {
    // Ids of one digit count more than the other, inserted in a transaction that is rolled back (an identity
    // sequence does not move for OVERRIDING SYSTEM VALUE), so the shared trail keeps none of it.
    const superuser = new pg.Client({ connectionString: superuserUrl(loadStackConfig(), loadStackConfig().postgres.database) });
    await superuser.connect();
    try {
      await superuser.query('BEGIN');
      const caseId = `victim-audit-order-${randomUUID()}`;
      const [nine, ten] = ['900000000000000000', '1000000000000000000'];
      for (const id of [nine, ten]) {
        await superuser.query(
          `INSERT INTO audit.trail (id, operation, action, method, path, case_id, access, outcome, status)
           OVERRIDING SYSTEM VALUE VALUES ($1, 'case.read', 'getCaseState', 'GET', '/cases/x/state', $2, 'read', 'allowed', 200)`,
          [id, caseId],
        );
      }
      const trail = new AuditTrail(superuser);
      expect((await trail.query({ caseId }, { limit: 10 })).entries.map((e) => e.id)).toEqual([ten, nine]);
      const first = await trail.query({ caseId }, { limit: 1 });
      expect([first.entries[0]?.id, first.nextBefore]).toEqual([ten, ten]);
      expect((await trail.query({ caseId }, { limit: 1, before: ten })).entries.map((e) => e.id)).toEqual([nine]);
    } finally {
      await superuser.query('ROLLBACK');
      await superuser.end();
    }
  });

  it('refuses a malformed cursor and an empty time window with 400', async () => {
    expect((await app.inject({ method: 'GET', url: '/audit', query: { cursor: 'x' }, headers: await auditor() })).statusCode).toBe(400);
    const at = new Date().toISOString();
    expect((await app.inject({ method: 'GET', url: '/audit', query: { from: at, to: at }, headers: await auditor() })).statusCode).toBe(
      400,
    );
  });

  it('records its own readers', async () => {
    const userId = `auditor-${randomUUID()}`;
    await app.inject({ method: 'GET', url: '/audit', query: { case: 'victim-nothing' }, headers: await auditor({ userId }) });
    expect(await trailOf({ user: userId })).toEqual([
      expect.objectContaining({ access: 'audit', outcome: 'allowed', status: 200, agency: 'MOJ', role: 'auditor', path: '/audit' }),
    ]);
  });
});

describe('what the trail records', () => {
  const opened: string[] = [];
  const cases = caseApiForSuite(opened);

  it('every command, and every read of a case by a caller who may see its personal data, with the categories shown', async () => {
    const caseId = `victim-${randomUUID()}`;
    opened.push(caseId);
    const consul = { agency: 'MOFA', role: 'operator', userId: `consul-${randomUUID()}` } as const;
    const report = { caseId, leadAgency: 'MOFA', personName: 'Audited Person', reportedBy: 'embassy', hostCountry: 'KH' };
    expect(
      (await cases.app.inject({ method: 'POST', url: '/cases/victim', headers: await cases.bearer(consul), payload: report })).statusCode,
    ).toBe(201);
    const command = await cases.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/commands/recordLocation`,
      headers: await cases.bearer(consul),
      payload: { location: 'compound D', confirmedBy: 'NPA' },
    });
    expect(command.statusCode).toBe(200);
    const refused = await cases.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/commands/closeCase`,
      headers: await cases.bearer(consul),
      payload: {},
    });
    expect(refused.statusCode).toBe(409);
    const state = await cases.app.inject({ method: 'GET', url: `/cases/${caseId}/state`, headers: await cases.bearer(consul) });
    expect(state.json()).toMatchObject({ caseId });
    // An auditor sees no personal data: there is no read of personal data to record.
    await cases.app.inject({
      method: 'GET',
      url: `/cases/${caseId}/state`,
      headers: await cases.bearer({ role: 'auditor', agency: 'MOJ' }),
    });
    const forbidden = await cases.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/commands/requestRescue`,
      headers: await cases.bearer({ role: 'analyst', agency: 'MOFA', userId: 'analyst-9' }),
      payload: { requestedFrom: 'HOST_POLICE' },
    });
    expect(forbidden.statusCode).toBe(403);

    const trail = (await trailOf({ case: caseId })).reverse();
    expect(trail.map((e) => [e.userId, e.action, e.access, e.outcome, e.status, e.personalData])).toEqual([
      [consul.userId, 'openVictimCase', 'command', 'allowed', 201, []],
      [consul.userId, 'commandCase', 'command', 'allowed', 200, []],
      [consul.userId, 'commandCase', 'command', 'allowed', 409, []],
      [
        consul.userId,
        'getCaseState',
        'personal-data',
        'allowed',
        200,
        ['birthDate', 'contact', 'location', 'name', 'passport', 'phone', 'photo', 'statement', 'welfare'],
      ],
      ['analyst-9', 'commandCase', 'command', 'denied', 403, []],
    ]);
    expect(trail[1]).toMatchObject({ path: `/cases/${caseId}/commands/recordLocation`, operation: 'case.command', caseId });
  });

  it('a read refused with 404 for a case that exists is recorded; a 404 for an id nobody used is not', async () => {
    const caseId = `victim-${randomUUID()}`;
    await new EventStore(pool).append(caseId, 0, [victimReported(caseId)]);
    // NIS works no victim cases: the case is hidden from it, so its read is answered 404.
    const nis = await bearer({ agency: 'NIS', role: 'operator', userId: `nis-${randomUUID()}` });
    const refused = await app.inject({ url: `/read/cases/${caseId}`, headers: nis });
    expect(refused.statusCode).toBe(404);
    const unknownId = `victim-${randomUUID()}`;
    const missed = await app.inject({ url: `/read/cases/${unknownId}`, headers: nis });
    expect(missed.statusCode).toBe(404);
    expect(await trailOf({ case: caseId })).toEqual([expect.objectContaining({ agency: 'NIS', outcome: 'denied', status: 404, caseId })]);
    expect(await trailOf({ case: unknownId })).toEqual([]);
  });

  it('a request without a valid token: no row, one more authentication failure in the metrics', async () => {
    const caseId = `victim-${randomUUID()}`;
    const failures = async () =>
      Number(/^taskforce_authentication_failures_total (\d+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1]);
    const before = await failures();
    const response = await app.inject({ method: 'POST', url: `/cases/${caseId}/erasure`, payload: { ground: 'court-order' } });
    expect(response.statusCode).toBe(401);
    expect(await failures()).toBe(before + 1);
    expect(await trailOf({ case: caseId })).toEqual([]);
  });

  it('an event stream, which carries personal data of every kind the caller sees', async () => {
    const userId = `consul-${randomUUID()}`;
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const abort = new AbortController();
    const response = await fetch(`${url}/streams/events`, { headers: await bearer({ userId }), signal: abort.signal });
    expect(response.status).toBe(200);
    await response.body!.getReader().read();
    abort.abort();
    await waitFor(async () => (await trailOf({ user: userId })).length > 0);
    expect(await trailOf({ user: userId })).toEqual([
      expect.objectContaining({
        action: 'streamEvents',
        operation: 'event.stream',
        access: 'personal-data',
        caseId: null,
        status: 200,
        personalData: ['birthDate', 'contact', 'location', 'name', 'passport', 'phone', 'photo', 'statement', 'welfare'],
      }),
    ]);
  });

  it('withholds a read of personal data whose entry cannot be written (503), and keeps nothing from it', async () => {
    // Every transaction of this pool is read-only: the dossier can be read, the trail cannot be written.
    const readOnly = new pg.Pool({ connectionString: settings.databaseUrl, max: 1, options: '-c default_transaction_read_only=on' });
    const api = apiOn(readOnly);
    try {
      const caseId = `victim-audit-${randomUUID()}`;
      await pool.query(
        `INSERT INTO person_dossiers (case_id, kind, classification, fields, updated_at)
         VALUES ($1, 'victim', 'RESTRICTED', $2, now())`,
        [
          caseId,
          JSON.stringify({
            personName: {
              value: 'Withheld Person',
              category: 'name',
              classification: 'RESTRICTED',
              eventType: 'VictimReported',
              streamId: caseId,
              streamVersion: 1,
              at: '2024-05-01T00:00:00.000Z',
            },
          }),
        ],
      );
      const consul = await bearer({ userId: `consul-${randomUUID()}` });
      const response = await api.inject({ method: 'GET', url: `/read/dossiers/${caseId}`, headers: consul });
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).not.toContain('Withheld Person');
      // The same read through a writable pool is answered, and recorded.
      const answered = await app.inject({ method: 'GET', url: `/read/dossiers/${caseId}`, headers: consul });
      expect(answered.statusCode).toBe(200);
      expect(answered.body).toContain('Withheld Person');
      expect(await trailOf({ case: caseId })).toEqual([
        expect.objectContaining({ action: 'getPersonDossier', access: 'personal-data', status: 200 }),
      ]);
    } finally {
      await api.close();
      await readOnly.end();
    }
  });
});

describe('the audit.trail table', () => {
  it("refuses the application's role any UPDATE, DELETE or TRUNCATE with a permission error, and any change of ownership or triggers", async () => {
    for (const statement of [
      "UPDATE audit.trail SET outcome = 'allowed' WHERE outcome = 'denied'",
      'DELETE FROM audit.trail',
      'TRUNCATE audit.trail',
    ]) {
      await expect(pool.query(statement), statement).rejects.toMatchObject({ code: '42501', message: 'permission denied for table trail' });
    }
    await expect(pool.query('ALTER TABLE audit.trail DISABLE TRIGGER trail_append_only')).rejects.toMatchObject({ code: '42501' });
    await expect(pool.query('DROP TABLE audit.trail')).rejects.toMatchObject({ code: '42501' });
    await expect(pool.query('DROP SCHEMA audit CASCADE')).rejects.toMatchObject({ code: '42501' });
    await expect(pool.query('SET ROLE taskforce_audit')).rejects.toMatchObject({ code: '42501' });
    // Nor can it choose an entry's time or place.
    await expect(
      pool.query(
        "INSERT INTO audit.trail (recorded_at, operation, action, method, path, access, outcome, status) VALUES ('2000-01-01', 'x', 'x', 'GET', '/x', 'read', 'denied', 403)",
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('is provisioned in docker-compose by the same superuser step as in the local stack', () => {
    const compose = parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docker-compose.yml'), 'utf8')) as {
      services: { migrate: { command: string[]; environment: Record<string, string> } };
    };
    expect(compose.services.migrate.command.join(' ')).toContain('cli/main.ts migrate --provision');
    expect(compose.services.migrate.environment.DATABASE_SUPERUSER_URL).toMatch(/^postgres:\/\/postgres:/);
    expect(path.resolve(import.meta.dirname, '../../audit/trail.sql')).toBe(AUDIT_TRAIL_SQL);
  });

  it("refuses even the trail's own role, by trigger", async () => {
    const superuser = new pg.Client({ connectionString: superuserUrl(loadStackConfig(), loadStackConfig().postgres.database) });
    await superuser.connect();
    try {
      await superuser.query('BEGIN');
      await superuser.query('SET LOCAL ROLE taskforce_audit');
      await expect(superuser.query('DELETE FROM audit.trail WHERE false')).rejects.toThrow(
        'the audit trail is append-only (DELETE refused)',
      );
      await superuser.query('ROLLBACK');
    } finally {
      await superuser.end();
    }
  });
});
