// The operators' case routes over HTTP with a real worker: open, command, state, list and count;
// a problem document with its own status for each way a command fails; the policy's 403s; and an
// OpenAPI document that shows each command's body.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caseApiForSuite, runCli } from './api-cases-support.ts';

const consul = { agency: 'MOFA', role: 'operator', userId: 'consul-2' } as const;
const opened: string[] = [];

function report(caseId: string) {
  return { caseId, leadAgency: 'MOFA', personName: 'Person C', reportedBy: 'embassy', hostCountry: 'KH' };
}

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json() as Record<string, unknown>;
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^urn:taskforce:problem:/), detail: expect.any(String) });
  return problem;
}

describe('case routes', () => {
  const api = caseApiForSuite(opened);

  async function open(caseId: string, caller: object = consul) {
    opened.push(caseId);
    return api.app.inject({ method: 'POST', url: '/cases/victim', headers: await api.bearer(caller), payload: report(caseId) });
  }

  it('opens a case as the caller, runs a command, reads the state, and lists and counts it', async () => {
    const caseId = `victim-${randomUUID()}`;
    const created = await open(caseId);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ caseId });
    expect(created.headers.location).toBe(`/cases/${caseId}/state`);
    const locatedAt = new Date().toISOString();

    const located = await api.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/commands/recordLocation`,
      headers: await api.bearer(consul),
      payload: { location: 'compound D', confirmedBy: 'NPA', occurredAt: locatedAt },
    });
    expect(located.statusCode).toBe(200);
    expect(located.json()).toEqual({ streamVersion: 2, events: ['VictimLocated'] });

    const state = await api.app.inject({ method: 'GET', url: `/cases/${caseId}/state`, headers: await api.bearer() });
    expect(state.statusCode).toBe(200);
    expect(state.json()).toMatchObject({ caseId, status: 'LOCATED', leadAgency: 'MOFA', statusSince: locatedAt });
    // What this caller (an NPA operator) may give a located case now; an analyst may give nothing.
    expect((state.json() as { allowedCommands: string[] }).allowedCommands.sort()).toEqual(
      ['closeUnresolved', 'recordRescue', 'reportContactLost', 'requestRescue'].sort(),
    );
    const analystView = await api.app.inject({
      method: 'GET',
      url: `/cases/${caseId}/state`,
      headers: await api.bearer({ role: 'analyst' }),
    });
    expect(analystView.json()).toMatchObject({ status: 'LOCATED', allowedCommands: [] });

    // The events name the token's caller as the actor, whatever the body might have said.
    const { rows } = await api.harness.pool.query<{ actor: unknown }>(
      'SELECT actor FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [caseId],
    );
    expect(rows.map((r) => r.actor)).toEqual([
      { agency: 'MOFA', role: 'operator', userId: 'consul-2' },
      { agency: 'MOFA', role: 'operator', userId: 'consul-2' },
    ]);

    const headers = await api.bearer();
    const query = `kind=victim&status=LOCATED&leadAgency=MOFA&open=true`;
    await expect
      .poll(async () => (await api.app.inject({ method: 'GET', url: `/cases/count?${query}`, headers })).json().count, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await expect
      .poll(
        async () => {
          const page = await api.app.inject({ method: 'GET', url: `/cases?${query}&pageSize=500`, headers });
          return (page.json() as { cases: { caseId: string }[] }).cases.find((c) => c.caseId === caseId);
        },
        { timeout: 15_000 },
      )
      .toMatchObject({ caseId, kind: 'victim', status: 'LOCATED', leadAgency: 'MOFA', running: true, workflowType: 'VictimCaseWorkflow' });
  });

  it('lists and counts exactly the cases of an operation, a page at a time', async () => {
    const operationId = `operation-${randomUUID()}`;
    const ids = [`victim-${randomUUID()}`, `victim-${randomUUID()}`, `victim-${randomUUID()}`];
    for (const caseId of ids) {
      expect((await open(caseId)).statusCode).toBe(201);
      const rescued = await api.app.inject({
        method: 'POST',
        url: `/cases/${caseId}/commands/recordRescue`,
        headers: await api.bearer(consul),
        payload: { rescuedBy: 'HOST_POLICE', operationId },
      });
      expect(rescued.statusCode).toBe(200);
    }
    const headers = await api.bearer();
    const filter = `kind=victim&operationId=${operationId}&status=RESCUED`;
    await expect
      .poll(async () => (await api.app.inject({ method: 'GET', url: `/cases/count?${filter}`, headers })).json(), { timeout: 15_000 })
      .toEqual({ count: 3 });
    const first = (await api.app.inject({ method: 'GET', url: `/cases?${filter}&pageSize=2`, headers })).json();
    expect(first.cases).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await api.app.inject({ method: 'GET', url: `/cases?${filter}&pageSize=2&cursor=${encodeURIComponent(first.nextCursor)}`, headers })
    ).json();
    expect(second.nextCursor).toBeNull();
    expect([...first.cases, ...second.cases].map((c: { caseId: string }) => c.caseId).sort()).toEqual([...ids].sort());
  });

  it('answers each failure with its own status as a problem document', async () => {
    const caseId = `victim-${randomUUID()}`;
    expect((await open(caseId)).statusCode).toBe(201);
    const headers = await api.bearer(consul);
    const post = (url: string, payload: object) => api.app.inject({ method: 'POST', url, headers, payload });

    // A case id that exists: 409.
    expect(expectProblem(await open(caseId), 409).detail).toMatch(/already exists/);

    // An opening body that misses fields, adds unknown ones or names another kind: 400 by field.
    const badOpen = expectProblem(await post('/cases/victim', { caseId: `victim-${randomUUID()}`, hostCountry: 'KH', actor: consul }), 400);
    expect((badOpen.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(
      ['body', 'body.leadAgency', 'body.personName', 'body.reportedBy'].sort(),
    );
    const otherKind = expectProblem(await post('/cases/victim', report(`suspect-${randomUUID()}`)), 400);
    expect(otherKind.errors).toEqual([{ path: 'body.caseId', message: expect.stringMatching(/victim-<reference>/) }]);

    // A command body with a wrong and a missing field: 400 naming both.
    const badCommand = expectProblem(await post(`/cases/${caseId}/commands/recordLocation`, { confirmedBy: 'NOBODY' }), 400);
    expect((badCommand.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['body.confirmedBy', 'body.location']);

    // A command the kind does not have, a case that does not exist, an id no kind owns: 404.
    expect(expectProblem(await post(`/cases/${caseId}/commands/fly`, {}), 404).detail).toMatch(/has no command "fly"/);
    expectProblem(await post(`/cases/victim-${randomUUID()}/commands/closeCase`, {}), 404);
    expectProblem(await api.app.inject({ method: 'GET', url: `/cases/victim-${randomUUID()}/state`, headers }), 404);
    expectProblem(await api.app.inject({ method: 'GET', url: '/cases/passport-M123/state', headers }), 404);

    // A command the rules refuse: 409 naming the rule, and the case keeps running as it was.
    const refused = expectProblem(await post(`/cases/${caseId}/commands/closeCase`, {}), 409);
    expect(refused).toMatchObject({
      rule: 'closeCase-requires-state',
      command: 'closeCase',
      detail: expect.stringMatching(/it is REPORTED/),
    });
    const state = await api.app.inject({ method: 'GET', url: `/cases/${caseId}/state`, headers });
    expect(state.json()).toMatchObject({ status: 'REPORTED' });
    const described = await api.harness.client.workflow.getHandle(caseId).describe();
    expect(described.status.name).toBe('RUNNING');

    // A finished case, and the command that finished it sent again: 409, the case takes no commands.
    const closeUnresolved = { reason: 'no further leads', commandId: `close-${caseId}` };
    expect((await post(`/cases/${caseId}/commands/closeUnresolved`, closeUnresolved)).statusCode).toBe(200);
    await api.harness.client.workflow.getHandle(caseId).result();
    expect(expectProblem(await post(`/cases/${caseId}/commands/closeUnresolved`, closeUnresolved), 409)).toMatchObject({
      rule: 'case-is-finished',
      command: 'closeUnresolved',
      detail: `case ${caseId} is finished (COMPLETED) and takes no commands`,
    });

    // Something that cannot be a cursor: 400 on the cursor.
    const badCursor = expectProblem(await api.app.inject({ method: 'GET', url: '/cases?kind=victim&cursor=a%20b', headers }), 400);
    expect(badCursor.errors).toEqual([{ path: 'query.cursor', message: expect.any(String) }]);
  });

  it('refuses agencies and roles the policy does not let command or read a kind', async () => {
    const caseId = `victim-${randomUUID()}`;
    expect((await open(caseId)).statusCode).toBe(201);
    // NIS has no access to victim cases at all; MOJ reads operations but does not record them.
    const nis = expectProblem(await open(`victim-${randomUUID()}`, { agency: 'NIS', role: 'operator' }), 403);
    expect(nis).toMatchObject({ rule: 'command-permission', command: 'reportVictim', detail: expect.stringMatching(/MOFA or NPA/) });
    const moj = expectProblem(
      await api.app.inject({
        method: 'POST',
        url: '/cases/operation',
        headers: await api.bearer({ agency: 'MOJ', role: 'operator' }),
        payload: { caseId: `operation-${randomUUID()}`, leadAgency: 'NPA', hostCountry: 'KH', codeName: 'Dawn' },
      }),
      403,
    );
    expect(moj).toMatchObject({ rule: 'command-permission', command: 'planOperation' });
    // An analyst reads but never commands; NIS does not see a victim case at all.
    expectProblem(
      await api.app.inject({
        method: 'POST',
        url: `/cases/${caseId}/commands/closeCase`,
        headers: await api.bearer({ agency: 'MOFA', role: 'analyst' }),
        payload: {},
      }),
      403,
    );
    // A kind its agency does not work is a case it may not see: not found, as if it did not exist.
    expectProblem(
      await api.app.inject({ method: 'GET', url: `/cases/${caseId}/state`, headers: await api.bearer({ agency: 'NIS' }) }),
      404,
    );
    // NIS does not see every kind, so it lists one kind at a time.
    const unnamed = expectProblem(
      await api.app.inject({ method: 'GET', url: '/cases', headers: await api.bearer({ agency: 'NIS' }) }),
      400,
    );
    expect(unnamed.errors).toEqual([{ path: 'query.kind', message: expect.stringMatching(/suspect, operation/) }]);
    expectProblem(
      await api.app.inject({ method: 'GET', url: '/cases/count?kind=victim', headers: await api.bearer({ agency: 'NIS' }) }),
      403,
    );
    const suspects = await api.app.inject({
      method: 'GET',
      url: '/cases/count?kind=suspect',
      headers: await api.bearer({ agency: 'NIS' }),
    });
    expect(suspects.statusCode).toBe(200);
  });

  it("documents each opening command's body and every command's body in the OpenAPI document", async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const openVictim = document.paths['/cases/victim'].post;
    expect(openVictim.operationId).toBe('openVictimCase');
    const body = openVictim.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['caseId', 'personName', 'leadAgency']));
    expect(body.properties).not.toHaveProperty('actor');
    expect(body.properties).not.toHaveProperty('type');
    const command = document.paths['/cases/{caseId}/commands/{command}'].post;
    const titles = command.requestBody.content['application/json'].schema.oneOf.map((o: { title: string }) => o.title);
    expect(titles).toEqual(expect.arrayContaining(['victim.recordLocation', 'suspect.closeCase', 'victim.closeCase', 'flight.cancel']));
    expect(document.paths['/cases/{caseId}/state'].get['x-access']).toMatchObject({ operation: 'case.read' });
  });

  it('`taskforce case` opens, commands and lists through the API, and prints refusals readably', async () => {
    const caseId = `victim-${randomUUID()}`;
    opened.push(caseId);
    const env = { apiUrl: await api.url(), token: await api.token(consul) };
    const open = await runCli(['case', 'open', 'victim', '--body', JSON.stringify(report(caseId))], env);
    expect(open).toMatchObject({ code: 0, stdout: `${caseId}\n` });
    const command = await runCli(
      ['case', 'command', caseId, 'recordLocation', '--body', '{"location":"compound D","confirmedBy":"NPA"}'],
      env,
    );
    expect(command.code).toBe(0);
    expect(JSON.parse(command.stdout)).toEqual({ streamVersion: 2, events: ['VictimLocated'] });

    const refused = await runCli(['case', 'command', caseId, 'closeCase'], env);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/^taskforce: 409 Conflict: closeCase is allowed only when .* \(rule: closeCase-requires-state\)\n$/);
    // --data is the former name of --body, still read.
    const invalid = await runCli(['case', 'command', caseId, 'recordShelter', '--data', '{"shelter":""}'], env);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /^taskforce: 400 Bad Request: recordShelter: the command is not valid; see "errors"\n {2}body.shelter: /,
    );

    const headers = await api.bearer();
    // Visibility is eventually consistent: wait until this very case is listed as LOCATED.
    await expect
      .poll(
        async () => {
          const page = await api.app.inject({ method: 'GET', url: '/cases?kind=victim&status=LOCATED&pageSize=500', headers });
          return (page.json() as { cases: { caseId: string }[] }).cases.some((c) => c.caseId === caseId);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const list = await runCli(['case', 'list', '--kind', 'victim', '--status', 'LOCATED', '--page-size', '500'], env);
    expect(list.stdout.split('\n')[0]).toMatch(/^CASE\s+KIND\s+STATUS\s+LEAD\s+NEXT DEADLINE\s+RUNNING$/);
    expect(list.stdout).toMatch(new RegExp(`${caseId}\\s+victim\\s+LOCATED\\s+MOFA`));
  });
});
