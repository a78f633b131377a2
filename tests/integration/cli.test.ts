// The `taskforce` command as a new user meets it, run as a process against a real API on a free
// port: it finds the API the way the stack's settings say, prints its version, prints JSON a
// script can parse, exits with a code per class of outcome, takes command bodies from a file or
// standard input, and reads the read models and the audit trail.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { readEnvFile } from '../../cli/env-file.ts';
import { EXIT, EXIT_CODE_MEANINGS } from '../../cli/exit-codes.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { caseApiForSuite, runCli } from './api-cases-support.ts';
import { caseRow, detailRow, dossierField, type ReadApi, readApi } from './api-read-support.ts';

const operator: Caller = { userId: 'kim', agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL' };
const auditor: Caller = { userId: `auditor-${randomUUID().slice(0, 8)}`, agency: 'MOJ', role: 'auditor', clearance: 'CONFIDENTIAL' };

/** A port nothing listens on: one the system handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

/** Each run starts Node and loads the CLI through tsx: seconds apiece on a busy machine. */
const CLI_TESTS = { timeout: 240_000 };

describe('taskforce, anywhere', CLI_TESTS, () => {
  it('prints the package version with --version, and the exit codes at the end of --help', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    const epilogue = help.stdout.slice(help.stdout.indexOf('Exit codes:'));
    expect(epilogue.split('\n').slice(1, -1)).toEqual(EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${code}  ${meaning}`));
  });

  it('exits 2 on a usage error, and 6 when nothing answers at the API port', async () => {
    const unknown = await runCli(['read', 'cases', '--colour', 'blue'], { token: 'any' });
    expect(unknown.code).toBe(EXIT.badInput);
    expect(unknown.stderr).toMatch(/^error: unknown option '--colour'/);
    const port = await closedPort();
    const down = await runCli(['read', 'statistics'], { token: 'any', env: { TASKFORCE_API_PORT: String(port) } });
    expect(down.code).toBe(EXIT.unavailable);
    expect(down.stderr).toMatch(new RegExp(`^taskforce: cannot reach the API at http://127\\.0\\.0\\.1:${port} `));
    const noToken = await runCli(['read', 'statistics'], { env: { TASKFORCE_API_PORT: String(port) } });
    expect(noToken.code).toBe(EXIT.notAllowed);
    expect(noToken.stderr).toMatch(
      /^taskforce: no token: sign in with `taskforce login --user <name>`, or pass --token or set TASKFORCE_TOKEN/,
    );
  });
});

describe('taskforce --json beyond the API', CLI_TESTS, () => {
  it('secrets init and rotate answer with the file and the variables, never a value; stack up with the services, its progress on stderr', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'cli-json-'));
    try {
      const file = path.join(folder, '.env.production');
      const init = await runCli(['secrets', 'init', '--file', file, '--json']);
      expect(init.code).toBe(EXIT.ok);
      const written = json(init.stdout);
      expect(written.file).toBe(file);
      expect(written.variables).toEqual(expect.arrayContaining(['TASKFORCE_PAYLOAD_KEYS', 'TASKFORCE_TOKEN_SECRET']));
      const rotate = await runCli(['secrets', 'rotate', 'TASKFORCE_TOKEN_SECRET', '--file', file, '--json']);
      expect(rotate.code).toBe(EXIT.ok);
      expect(json(rotate.stdout)).toMatchObject({ file, rotated: 'TASKFORCE_TOKEN_SECRET' });
      const values = Object.values(readEnvFile(file));
      for (const value of values) expect(`${init.stdout}${rotate.stdout}`).not.toContain(value);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    // The test stack is up already: up is idempotent, and answers what runs.
    const up = await runCli(['stack', 'up', '--profile', 'test', '--json']);
    expect(up.code).toBe(EXIT.ok);
    const stack = json(up.stdout);
    expect(stack.profile).toBe('test');
    expect((stack.services as { service: string; healthy: boolean }[]).map((s) => s.service)).toEqual(
      expect.arrayContaining(['postgres', 'kafka', 'temporal']),
    );
    expect(up.stderr).toMatch(/postgres on 127\.0\.0\.1:\d+ ready/);
  });
});

describe('taskforce read and audit', CLI_TESTS, () => {
  let api: ReadApi;
  let url: string;
  const caseId = `victim-cli-${randomUUID().slice(0, 8)}`;
  const operationId = `operation-cli-${randomUUID().slice(0, 8)}`;
  const flightId = `flight-cli-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    api = await readApi();
    const cases = [
      caseRow(caseId, { operation_id: operationId, flight_id: flightId, next_deadline_kind: 'rescue', next_deadline_at: new Date() }),
      caseRow(`suspect-cli-${randomUUID().slice(0, 8)}`, { operation_id: operationId, status: 'ARRESTED', lead_agency: 'NPA' }),
    ];
    await api.insert('case_list', cases);
    await api.insert(
      'case_detail',
      cases.map((c) => detailRow(c)),
    );
    await api.insert('person_dossiers', [
      {
        case_id: caseId,
        kind: 'victim',
        classification: 'RESTRICTED',
        updated_at: new Date(),
        fields: { personName: dossierField('Park Seo-yeon', 'name', 'RESTRICTED', caseId) },
      },
    ]);
    await api.insert('deadlines_at_risk', [
      {
        case_id: caseId,
        deadline_kind: 'rescue',
        kind: 'victim',
        due_at: new Date(),
        escalated: true,
        lead_agency: 'MOFA',
        classification: 'RESTRICTED',
      },
    ]);
    await api.insert('operation_summaries', [
      {
        operation_id: operationId,
        code_name: 'Poipet dawn',
        status: 'CONCLUDED',
        lead_agency: 'NPA',
        host_country: 'KH',
        partner_agencies: ['HOST_POLICE'],
        provinces: ['Banteay Meanchey'],
        classification: 'RESTRICTED',
        planned_at: new Date('2025-10-01T00:00:00Z'),
        launched_at: null,
        ended_at: null,
        targets_raided: 2,
        suspects_detained: 31,
        victims_rescued: 5,
        pending_screening: 0,
        cases_opened: 0,
        stream_version: 4,
      },
    ]);
    await api.insert('flight_manifests', [
      {
        flight_id: flightId,
        flight_number: 'KE9690',
        origin: 'PNH',
        destination: 'ICN',
        status: 'PLANNED',
        lead_agency: 'MOJ',
        host_country: 'KH',
        classification: 'RESTRICTED',
        capacity: 200,
        escort_ratio: 2,
        officers: null,
        manifested: 1,
        planned_at: new Date('2025-10-05T00:00:00Z'),
        departed_at: null,
        landed_at: null,
        handed_over_at: null,
        stream_version: 2,
      },
    ]);
    await api.insert('flight_manifest_entries', [
      { flight_id: flightId, case_id: caseId, seat: '31C', status: 'manifested', released_cause: null },
    ]);
    await api.insert('campaign_statistics', [{ metric: 'rescued', host_country: 'KH', bucket: '', value: 5 }]);
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
  });

  /** The CLI as a caller, at the API's URL. */
  const cli = async (caller: Caller, args: string[]) => runCli(args, { apiUrl: url, token: await api.token(caller) });

  it('finds the API by TASKFORCE_API_PORT without TASKFORCE_API_URL, and by --profile before TASKFORCE_API_URL', async () => {
    const port = new URL(url).port;
    const token = await api.token(operator);
    const byPort = await runCli(['read', 'statistics', '--json'], { token, env: { TASKFORCE_API_PORT: port } });
    expect(byPort.code).toBe(0);
    expect(json(byPort.stdout).counters).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'rescued', value: 5 })]));
    const elsewhere = `http://127.0.0.1:${await closedPort()}`;
    const byProfile = await runCli(['read', 'statistics', '--json', '--profile', 'dev'], {
      apiUrl: elsewhere,
      token,
      env: { TASKFORCE_API_PORT: port },
    });
    expect(byProfile.code).toBe(0);
    const byUrl = await runCli(['read', 'statistics'], { apiUrl: elsewhere, token, env: { TASKFORCE_API_PORT: port } });
    expect(byUrl.code).toBe(EXIT.unavailable);
  });

  it('lists cases, deadlines, operations, flights and statistics as columns, and as JSON with --json', async () => {
    const [table, firstPage, escalated, unescalated, operations, operation, flights, manifest, statistics] = await Promise.all(
      [
        ['read', 'cases', '--operation-id', operationId, '--kind', 'victim'],
        ['read', 'cases', '--operation-id', operationId, '--limit', '1'],
        ['read', 'deadlines', '--escalated', '--kind', 'victim', '--json'],
        ['read', 'deadlines', '--no-escalated', '--json'],
        ['read', 'operations', '--host-country', 'KH'],
        ['read', 'operation', operationId, '--json'],
        ['read', 'flights', '--json'],
        ['read', 'manifest', flightId],
        ['read', 'statistics', '--metric', 'rescued'],
      ].map((args) => cli(operator, args)),
    );
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const [header, row, ...rest] = table!.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^CASE\s+KIND\s+STATUS\s+OPEN\s+LEAD\s+COUNTRY\s+NEXT DEADLINE\s+LAST EVENT \(UTC\)$/);
    expect(row).toMatch(new RegExp(`^${caseId}\\s+victim\\s+REPORTED\\s+yes\\s+MOFA\\s+KH\\s+rescue \\d{4}-`));
    expect(rest).toEqual([]);

    const cursor = firstPage!.stdout.match(/\nmore: --cursor (\S+)\n$/)?.[1];
    expect(cursor).toBeDefined();
    const secondPage = await cli(operator, ['read', 'cases', '--operation-id', operationId, '--limit', '1', '--cursor', cursor!, '--json']);
    expect(json(secondPage.stdout)).toMatchObject({ cases: [expect.any(Object)], nextCursor: null });

    expect(json(escalated!.stdout).deadlines).toEqual([expect.objectContaining({ caseId, deadline: 'rescue', escalated: true })]);
    expect(json(unescalated!.stdout).deadlines).toEqual([]);
    expect(operations!.stdout).toMatch(
      new RegExp(
        `^OPERATION\\s+CODE NAME.*\\n${operationId}\\s+Poipet dawn\\s+CONCLUDED\\s+NPA\\s+KH\\s+2\\s+31\\s+5\\s+2025-10-01 00:00:00\\n`,
      ),
    );
    expect(json(operation!.stdout)).toMatchObject({ operationId, victimsRescued: 5 });
    expect(json(flights!.stdout).flights).toEqual([expect.objectContaining({ flightId, capacity: 200, manifested: 1 })]);
    expect(manifest!.stdout).toMatch(
      new RegExp(
        `^${flightId} KE9690 PNH→ICN: PLANNED\\n1 of 200 seats taken\\n\\nCASE\\s+SEAT\\s+STATUS\\s+RELEASED BECAUSE\\n${caseId}\\s+31C\\s+manifested\\s+-\\n$`,
      ),
    );
    expect(statistics!.stdout).toMatch(/^METRIC\s+COUNTRY\s+BUCKET\s+VALUE\s+SOURCE\s+COUNTED BY\nrescued\s+KH\s+-\s+5\s+NPA\s+/);
  });

  it('reads one case and a dossier as JSON; an unknown case exits 4, a bad filter 2, a refused caller 3', async () => {
    const [detail, dossier, missing, badFilter, noFlights, forged] = await Promise.all([
      cli(operator, ['read', 'case', caseId]),
      cli({ ...operator, agency: 'MOFA' }, ['read', 'dossier', caseId, '--json']),
      cli(operator, ['read', 'case', `victim-cli-missing-${randomUUID()}`]),
      cli(operator, ['read', 'cases', '--limit', '0']),
      cli({ ...operator, agency: 'NIS' }, ['read', 'flights', '--json']),
      runCli(['read', 'statistics'], { apiUrl: url, token: 'not-a-token' }),
    ]);
    expect(json(detail.stdout)).toMatchObject({ caseId, kind: 'victim', firsts: expect.any(Object) });
    expect(json(dossier.stdout)).toMatchObject({ caseId, facts: { name: [expect.objectContaining({ value: 'Park Seo-yeon' })] } });

    expect(missing).toMatchObject({ code: EXIT.notFound, stdout: '' });
    expect(missing.stderr).toMatch(/^taskforce: 404 Not Found: case victim-cli-missing-\S+ was not found\n$/);
    expect(badFilter.code).toBe(EXIT.badInput);
    expect(badFilter.stderr).toMatch(/^taskforce: 400 Bad Request: .*\n {2}query\.limit: /);
    expect(noFlights).toMatchObject({ code: EXIT.notAllowed, stdout: '' });
    expect(noFlights.stderr).toMatch(/^taskforce: 403 Forbidden: /);
    expect(forged.code).toBe(EXIT.notAllowed);
    expect(forged.stderr).toMatch(/^taskforce: 401 /);
  });

  it('shows the audit trail to auditors, newest first, as columns and as JSON; it is 403 to an operator', async () => {
    // Two reads of the case by the operator, each recorded in the trail.
    await Promise.all([cli(operator, ['read', 'case', caseId]), cli(operator, ['read', 'dossier', caseId])]);
    const [entries, table, refused, badRange] = await Promise.all([
      cli(auditor, ['audit', '--case', caseId, '--user', 'kim', '--limit', '500', '--json']),
      cli(auditor, ['audit', '--case', caseId, '--limit', '1']),
      cli(operator, ['audit', '--json']),
      cli(auditor, ['audit', '--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z']),
    ]);
    expect(json(entries.stdout).entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: 'kim', action: 'getCaseReadModel', caseId, method: 'GET', status: 200 })]),
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^RECORDED \(UTC\)\s+USER\s+AGENCY\s+ROLE\s+ACTION\s+CASE\s+OUTCOME\s+STATUS\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+/,
    );
    expect(table.stdout).toMatch(/\nmore: --cursor \d+\n$/);
    expect(refused.code).toBe(EXIT.notAllowed);
    expect(badRange.code).toBe(EXIT.badInput);
  });
});

describe('taskforce case: bodies from a file and standard input', CLI_TESTS, () => {
  let folder: string;
  const consul: Partial<Caller> = { agency: 'MOFA', role: 'operator', userId: 'consul-cli' };
  const opened: string[] = [];
  const api = caseApiForSuite(opened);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'taskforce-cli-'));
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('opens a case with --body @file, commands it with --body -, and exits 5 when it exists, 2 on invalid JSON naming the file', async () => {
    const caseId = `victim-${randomUUID()}`;
    opened.push(caseId);
    const run = { apiUrl: await api.url(), token: await api.token(consul) };
    const file = path.join(folder, 'report.json');
    await writeFile(file, JSON.stringify({ caseId, leadAgency: 'MOFA', personName: 'Person F', reportedBy: 'family', hostCountry: 'KH' }));

    const open = await runCli(['case', 'open', 'victim', '--body', `@${file}`, '--json'], run);
    expect(open).toMatchObject({ code: 0, stderr: '' });
    expect(json(open.stdout)).toEqual({ caseId });

    const located = await runCli(['case', 'command', caseId, 'recordLocation', '--body', '-'], {
      ...run,
      stdin: '{"location":"compound F","confirmedBy":"NPA"}\n',
    });
    expect(located).toMatchObject({ code: 0, stderr: '' });
    expect(json(located.stdout)).toEqual({ streamVersion: 2, events: ['VictimLocated'] });

    const again = await runCli(['case', 'open', 'victim', '--body', `@${file}`], run);
    expect(again).toMatchObject({ code: EXIT.refused, stdout: '' });
    expect(again.stderr).toMatch(/^taskforce: 409 Conflict: /);

    const broken = path.join(folder, 'broken.json');
    await writeFile(broken, '{"location": "compound F",');
    const invalid = await runCli(['case', 'command', caseId, 'recordLocation', '--body', `@${broken}`], run);
    expect(invalid).toMatchObject({ code: EXIT.badInput, stdout: '' });
    expect(invalid.stderr).toMatch(new RegExp(`^taskforce: ${broken.replaceAll('.', '\\.')} is not valid JSON: `));
    const fromStdin = await runCli(['case', 'command', caseId, 'recordLocation', '--body', '-'], { ...run, stdin: 'compound F' });
    expect(fromStdin.code).toBe(EXIT.badInput);
    expect(fromStdin.stderr).toMatch(/^taskforce: standard input is not valid JSON: /);
    const absent = await runCli(['case', 'open', 'victim', '--body', `@${path.join(folder, 'absent.json')}`], run);
    expect(absent.code).toBe(EXIT.badInput);
    expect(absent.stderr).toMatch(/^taskforce: cannot read the body from .*absent\.json: ENOENT/);

    const state = await runCli(['case', 'state', caseId, '--json'], run);
    expect(json(state.stdout)).toMatchObject({ caseId, status: 'LOCATED' });
  });
});
