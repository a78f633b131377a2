// Erasure over HTTP and from the CLI (which goes through the API), against the real test stack: a
// supervisor of an agency working victim cases erases a closed one (and only that); the dossier read
// model, which keeps the values sealed, reads "[ERASED]" from the moment the key is gone; every
// attempt is in the audit trail as its caller's.
import { randomUUID } from 'node:crypto';
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
import { runCli } from './api-cases-support.ts';
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
    temporal: settings.temporal,
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

  it('is for supervisors of MOFA and NPA only; an agency that does not work victim cases does not find the case', async () => {
    const story = await storyWithDossier();
    for (const caller of [
      { role: 'operator' },
      { role: 'auditor' },
      { role: 'supervisor', clearance: 'RESTRICTED' },
      { role: 'supervisor', agency: 'MOJ' },
    ] as const) {
      expectProblem(await erase(story.caseId, caller), 403);
    }
    expectProblem(await erase(story.caseId, { role: 'supervisor', agency: 'NIS', userId: 'nis-supervisor' }), 404);
    expect(personalValuesIn(story, (await dossier(story.caseId)).body)).toContain(story.personal.name);
    expect(await trail.query({ caseId: story.caseId, userId: 'consul-general' }, { limit: 10 })).toMatchObject({
      entries: Array.from({ length: 4 }, () => expect.objectContaining({ action: 'eraseCase', outcome: 'denied', status: 403 })),
    });
  });
});

describe('taskforce erase', () => {
  let apiUrl: string;
  beforeAll(async () => {
    apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  /** The CLI with a caller's token, and a database URL that leads nowhere: it must go through the API. */
  const cli = async (caller: Partial<Caller>, ...args: string[]) =>
    runCli(['erase', ...args], {
      apiUrl,
      token: (await bearer(caller)).authorization.slice('Bearer '.length),
      env: { DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/nowhere' },
    });

  // Four runs of the CLI, each starting Node and loading it through tsx: seconds apiece on a busy machine.
  it("erases a closed victim case through the API, as the token's caller, who is in the audit trail; refuses an open one with exit 5", async () => {
    const story = await storyWithDossier();
    const erased = await cli({}, story.caseId, '--ground', 'retention-ended');
    expect(erased).toMatchObject({ code: 0, stderr: '' });
    expect(erased.stdout).toMatch(
      new RegExp(
        `^erased ${story.caseId}: its personal values now read \\[ERASED\\] everywhere \\(by consul-general \\(MOFA\\), ground retention-ended`,
      ),
    );
    expect((await store.readStream(story.caseId))[0]!.data.personName).toBe(ERASED);

    const again = await cli({ userId: 'supervisor-2', agency: 'NPA' }, story.caseId, '--ground', 'court-order', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ caseId: story.caseId, erasedBy: { userId: 'consul-general' }, alreadyErased: true });

    const open = await storyWithDossier(false);
    const refused = await cli({ agency: 'NPA' }, open.caseId, '--ground', 'retention-ended');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/^taskforce: 409 Conflict: .*is FOLLOW_UP: only a closed case.* \(rule: case-must-be-closed\)\n$/);
    const operator = await cli({ role: 'operator' }, open.caseId, '--ground', 'retention-ended');
    expect(operator.code).toBe(3);

    const trailOf = async (caseId: string) =>
      (await trail.query({ caseId }, { limit: 5 })).entries
        .reverse()
        .map((e) => [e.method, e.action, e.userId, e.agency, e.role, e.status]);
    expect(await trailOf(story.caseId)).toEqual([
      ['POST', 'eraseCase', 'consul-general', 'MOFA', 'supervisor', 200],
      ['POST', 'eraseCase', 'supervisor-2', 'NPA', 'supervisor', 200],
    ]);
    expect(await trailOf(open.caseId)).toEqual([
      ['POST', 'eraseCase', 'consul-general', 'NPA', 'supervisor', 409],
      ['POST', 'eraseCase', 'consul-general', 'MOFA', 'operator', 403],
    ]);
  }, 240_000);
});
