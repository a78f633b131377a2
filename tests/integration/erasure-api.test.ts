// Erasure over HTTP and from the CLI, against the real test stack: a supervisor of an agency working
// victim cases erases a closed one (and only that); the dossier read model, which keeps the values
// sealed, reads "[ERASED]" from the moment the key is gone; every attempt is in the audit trail.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { AuditTrail } from '../../audit/trail.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { EVENT_COLUMNS, type EventRecord, toEnvelope } from '../../eventstore/stored-events.ts';
import { loadSettings } from '../../infra/settings.ts';
import { ERASED } from '../../privacy/sealed-value.ts';
import { personDossiersProjection } from '../../projections/person-dossier.ts';
import { type PersonalStory, personalStory, personalValuesIn } from './erasure-support.ts';

const settings = loadSettings();
const secret = new TextEncoder().encode(`erasure-api-test-${randomUUID()}`);
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
const store = new EventStore(pool);
const trail = new AuditTrail(pool);
let health: HealthChecker;
let app: FastifyInstance;

const bearer = async (caller: Partial<Caller>) => ({
  authorization: `Bearer ${await signToken(secret, { userId: 'consul-general', agency: 'MOFA', role: 'supervisor', clearance: 'CONFIDENTIAL', ...caller }, '5m')}`,
});

beforeAll(async () => {
  health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporalAddress: settings.temporalAddress,
    temporalNamespace: settings.temporalNamespace,
  });
  app = buildApi({ pool, health, tokens: createTokenVerifier(secret) });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await health?.close();
  await pool.end();
});

/** Appends the story and folds what the relay would publish (values sealed) into the dossier read model. */
async function storyWithDossier(closed = true): Promise<PersonalStory> {
  const story = personalStory();
  await store.append(story.caseId, 0, closed ? story.events : story.events.slice(0, -1));
  const { rows } = await pool.query<EventRecord>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
    story.caseId,
  ]);
  await personDossiersProjection.apply(pool, rows.map(toEnvelope));
  return story;
}

const erase = async (caseId: string, caller: Partial<Caller> = {}, ground = 'subject-request') =>
  app.inject({ method: 'POST', url: `/cases/${caseId}/erasure`, headers: await bearer(caller), payload: { ground } });

const dossier = async (caseId: string) =>
  app.inject({ method: 'GET', url: `/read/dossiers/${caseId}`, headers: await bearer({ role: 'operator', userId: 'consul-7' }) });

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as Record<string, unknown>;
}

describe('POST /cases/{caseId}/erasure', () => {
  it("erases a closed victim case: the dossier's values read [ERASED] from then on, the case's events stay, a repeat answers the first", async () => {
    const story = await storyWithDossier();
    const before = await dossier(story.caseId);
    expect(before.statusCode).toBe(200);
    expect(personalValuesIn(story, before.body).sort()).toEqual(Object.values(story.personal).sort());

    const response = await erase(story.caseId);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      caseId: story.caseId,
      erasedAt: expect.any(String),
      erasedBy: { agency: 'MOFA', role: 'supervisor', userId: 'consul-general' },
      ground: 'subject-request',
      alreadyErased: false,
    });

    const after = await dossier(story.caseId);
    expect(after.statusCode).toBe(200);
    expect(personalValuesIn(story, after.body)).toEqual([]);
    const facts = (after.json() as { facts: Record<string, { field: string; value: unknown }[]> }).facts;
    expect(facts.name).toEqual([expect.objectContaining({ field: 'personName', value: ERASED })]);
    expect(
      Object.values(facts)
        .flat()
        .map((fact) => fact.value),
    ).toEqual(
      Object.values(facts)
        .flat()
        .map(() => ERASED),
    );
    expect(await store.readStream(story.caseId)).toHaveLength(story.events.length);

    const again = await erase(story.caseId, { userId: 'another-supervisor', agency: 'NPA' }, 'court-order');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...(response.json() as object), alreadyErased: true });

    const { entries } = await trail.query({ caseId: story.caseId }, { limit: 10 });
    expect(entries.map((e) => [e.userId, e.action, e.access, e.status]).reverse()).toEqual([
      ['consul-7', 'getPersonDossier', 'personal-data', 200],
      ['consul-general', 'eraseCase', 'command', 200],
      ['consul-7', 'getPersonDossier', 'personal-data', 200],
      ['another-supervisor', 'eraseCase', 'command', 200],
    ]);
  });

  it('refuses an open case and a suspect case with a 409 problem naming the rule, and a case without events with 404', async () => {
    const open = await storyWithDossier(false);
    const refused = expectProblem(await erase(open.caseId), 409);
    expect(refused).toMatchObject({ status: 409, rule: 'case-must-be-closed', instance: `/cases/${open.caseId}/erasure` });
    expect(refused.detail).toMatch(/is FOLLOW_UP: only a closed case/);
    expect(personalValuesIn(open, (await dossier(open.caseId)).body)).toContain(open.personal.name);

    expect(expectProblem(await erase(`suspect-${randomUUID()}`, { agency: 'NPA' }), 409)).toMatchObject({ rule: 'victim-cases-only' });
    expectProblem(await erase(`victim-${randomUUID()}`), 404);
    expectProblem(await erase(`victim-${randomUUID()}`, {}, 'because'), 400);
  });

  it('is for supervisors of MOFA and NPA only', async () => {
    const story = await storyWithDossier();
    for (const caller of [
      { role: 'operator' },
      { role: 'auditor' },
      { role: 'supervisor', clearance: 'RESTRICTED' },
      { role: 'supervisor', agency: 'MOJ' },
      { role: 'supervisor', agency: 'NIS' },
    ] as const) {
      expectProblem(await erase(story.caseId, caller), 403);
    }
    expect(personalValuesIn(story, (await dossier(story.caseId)).body)).toContain(story.personal.name);
    expect(await trail.query({ caseId: story.caseId, userId: 'consul-general' }, { limit: 10 })).toMatchObject({
      entries: Array.from({ length: 5 }, () => expect.objectContaining({ action: 'eraseCase', outcome: 'denied', status: 403 })),
    });
  });
});

describe('taskforce erase', () => {
  const run = promisify(execFile);
  const root = path.resolve(import.meta.dirname, '../..');
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', path.join(root, 'cli/main.ts'), 'erase', ...args], { cwd: root });

  it('erases a closed victim case and records it in the audit trail; refuses an open one', async () => {
    const story = await storyWithDossier();
    const { stdout } = await cli(story.caseId, '--ground', 'retention-ended', '--by', 'consul-general', '--agency', 'MOFA');
    expect(stdout).toMatch(new RegExp(`^erased ${story.caseId}: its personal values now read \\[ERASED\\]`));
    expect((await store.readStream(story.caseId))[0]!.data.personName).toBe(ERASED);
    const open = await storyWithDossier(false);
    await expect(cli(open.caseId, '--ground', 'retention-ended', '--by', 'consul-general', '--agency', 'NPA')).rejects.toMatchObject({
      stderr: expect.stringMatching(/is FOLLOW_UP: only a closed case/),
    });
    const entries = [
      ...(await trail.query({ caseId: story.caseId }, { limit: 5 })).entries,
      ...(await trail.query({ caseId: open.caseId }, { limit: 5 })).entries,
    ];
    expect(entries.map((e) => [e.caseId, e.method, e.action, e.agency, e.status])).toEqual([
      [story.caseId, 'CLI', 'erase', 'MOFA', 200],
      [open.caseId, 'CLI', 'erase', 'NPA', 409],
    ]);
  });
});
