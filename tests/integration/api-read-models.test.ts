// The read-model routes over HTTP against rows seeded into a read-model schema of the test's own:
// filters, sorts and keyset pages of the case list, case detail, dossiers redacted by need to know,
// operations, flight manifests with withheld seats, deadlines at risk and campaign statistics,
// and every malformed input answered as a 4xx problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../access/redact.ts';
import { caseRow, detailRow, dossierField, type ReadApi, readApi } from './api-read-support.ts';

let api: ReadApi;

const DAY = 86_400_000;
const at = (day: number, hour = 0) => new Date(Date.UTC(2025, 9, day, hour)).toISOString();
const fromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

async function get(url: string, caller: Parameters<ReadApi['bearer']>[0] = {}) {
  return api.app.inject({ method: 'GET', url, headers: await api.bearer(caller) });
}

/** Twenty-five victim cases over five days, five per day at the same instant (ties on every sort key). */
const pageCases = Array.from({ length: 25 }, (_, i) =>
  caseRow(`victim-page-${String(i).padStart(2, '0')}`, {
    opened_at: at(1 + (i % 5)),
    last_event_at: at(10 + (i % 5)),
    next_deadline_kind: i % 3 === 0 ? null : 'rescue',
    next_deadline_at: i % 3 === 0 ? null : at(20 + (i % 4)),
    operation_id: 'operation-page',
  }),
);

beforeAll(async () => {
  api = await readApi();
  const filterCases = [
    caseRow('suspect-filter-a', { status: 'ARRESTED', lead_agency: 'NPA', operation_id: 'operation-kh-01', flight_id: 'flight-ke9690' }),
    caseRow('suspect-filter-b', { status: 'CLOSED', is_open: false, lead_agency: 'MOJ', next_deadline_kind: 'detention_limit' }),
    caseRow('victim-filter-c', { next_deadline_kind: 'rescue', next_deadline_at: at(3) }),
  ];
  const secretCase = caseRow('suspect-filter-secret', { classification: 'SECRET', lead_agency: 'NIS', operation_id: 'operation-kh-01' });
  const cases = [...pageCases, ...filterCases, secretCase];
  await api.insert('case_list', cases);
  await api.insert(
    'case_detail',
    cases.map((c) => detailRow(c, { screening: null })),
  );
  await api.insert('person_dossiers', [
    {
      case_id: 'victim-filter-c',
      kind: 'victim',
      classification: 'SECRET',
      updated_at: at(2),
      fields: {
        personName: dossierField('Lee Ji-woo', 'name', 'RESTRICTED', 'victim-filter-c'),
        lastKnownLocation: dossierField('Compound B, Sihanoukville', 'location', 'RESTRICTED', 'victim-filter-c'),
        'contact.phone': dossierField('+82-10-1234-5678', 'phone', 'CONFIDENTIAL', 'victim-filter-c'),
        compoundInformant: dossierField('informant Kestrel', 'statement', 'SECRET', 'operation-kh-01'),
      },
    },
  ]);
  await api.insert('operation_summaries', [
    {
      operation_id: 'operation-kh-01',
      code_name: 'Sihanoukville sweep',
      status: 'CONCLUDED',
      lead_agency: 'NPA',
      host_country: 'KH',
      partner_agencies: ['HOST_POLICE'],
      provinces: ['Preah Sihanouk'],
      classification: 'CONFIDENTIAL',
      planned_at: at(1),
      launched_at: at(2),
      ended_at: at(3),
      targets_raided: 3,
      suspects_detained: 57,
      victims_rescued: 4,
      pending_screening: 2,
      cases_opened: 59,
      stream_version: 9,
    },
  ]);
  await api.insert('flight_manifests', [
    {
      flight_id: 'flight-ke9690',
      flight_number: 'KE9690',
      origin: 'PNH',
      destination: 'ICN',
      status: 'DEPARTED',
      lead_agency: 'MOJ',
      host_country: 'KH',
      classification: 'RESTRICTED',
      capacity: 200,
      escort_ratio: 2,
      officers: 190,
      manifested: 3,
      planned_at: at(5),
      departed_at: at(23),
      landed_at: null,
      handed_over_at: null,
      stream_version: 12,
    },
  ]);
  await api.insert('flight_manifest_entries', [
    { flight_id: 'flight-ke9690', case_id: 'suspect-filter-a', seat: '12A', status: 'on_board', released_cause: null },
    { flight_id: 'flight-ke9690', case_id: 'suspect-filter-secret', seat: '12B', status: 'on_board', released_cause: null },
    { flight_id: 'flight-ke9690', case_id: 'suspect-filter-b', seat: null, status: 'released', released_cause: 'lost clearance' },
  ]);
  await api.insert('deadlines_at_risk', [
    {
      case_id: 'suspect-filter-a',
      deadline_kind: 'detention_warrant',
      kind: 'suspect',
      due_at: fromNow(0.5),
      escalated: true,
      lead_agency: 'NPA',
      classification: 'RESTRICTED',
    },
    {
      case_id: 'suspect-filter-a',
      deadline_kind: 'provisional_arrest',
      kind: 'suspect',
      due_at: fromNow(3),
      escalated: false,
      lead_agency: 'NPA',
      classification: 'RESTRICTED',
    },
    {
      case_id: 'victim-filter-c',
      deadline_kind: 'rescue',
      kind: 'victim',
      due_at: fromNow(-2),
      escalated: true,
      lead_agency: 'MOFA',
      classification: 'RESTRICTED',
    },
    {
      case_id: 'suspect-filter-secret',
      deadline_kind: 'detention_warrant',
      kind: 'suspect',
      due_at: fromNow(0.2),
      escalated: false,
      lead_agency: 'NIS',
      classification: 'SECRET',
    },
  ]);
  await api.insert('campaign_statistics', [
    { metric: 'reports', host_country: 'KH', bucket: '2024', value: 220 },
    { metric: 'reports', host_country: 'KH', bucket: '2023', value: 17 },
    { metric: 'returned', host_country: 'KH', bucket: 'flight-ke9690', value: 73 },
    { metric: 'rescued', host_country: 'PH', bucket: '', value: 4 },
    // A metric this code no longer counts is left out of the answer.
    { metric: 'retired_metric', host_country: 'KH', bucket: '', value: 9 },
  ]);
  const estimate = {
    measure: 'persons_held_in_compounds',
    method: "investigators' assessment",
    host_country: 'KH',
    classification: 'RESTRICTED',
    recorded_at: at(16),
  };
  await api.insert('estimates', [
    { ...estimate, operation_id: 'operation-est', seq: 0, figure: 2000, as_of: '2025-10-15', source_agency: 'NPA' },
    { ...estimate, operation_id: 'operation-est', seq: 1, figure: 1500, as_of: '2025-09-01', source_agency: 'NIS' },
    {
      ...estimate,
      operation_id: 'operation-secret',
      seq: 0,
      figure: 60,
      as_of: '2025-10-01',
      source_agency: 'NIS',
      classification: 'SECRET',
    },
  ]);
});

afterAll(async () => {
  await api?.close();
});

const ids = (body: { cases: { caseId: string }[] }) => body.cases.map((c) => c.caseId);

describe('GET /read/cases', () => {
  it('filters by kind, status, lead agency, operation, flight, open and deadline', async () => {
    const list = async (query: string) => ids((await get(`/read/cases?${query}&limit=100`)).json());
    expect(await list('kind=suspect')).toEqual(expect.arrayContaining(['suspect-filter-a', 'suspect-filter-b']));
    expect(await list('kind=suspect')).toHaveLength(2);
    expect(await list('status=ARRESTED')).toEqual(['suspect-filter-a']);
    expect(await list('leadAgency=MOJ')).toEqual(['suspect-filter-b']);
    expect(await list('operationId=operation-kh-01')).toEqual(['suspect-filter-a']);
    expect(await list('flightId=flight-ke9690')).toEqual(['suspect-filter-a']);
    expect(await list('open=false')).toEqual(['suspect-filter-b']);
    expect((await list('open=true')).length).toBe(27);
    expect(await list(`deadlineBefore=${encodeURIComponent(at(4))}`)).toEqual(['victim-filter-c']);
  });

  it('answers each entry with its deadline, links and the stream version it reflects', async () => {
    const [entry] = (await get('/read/cases?status=ARRESTED')).json().cases;
    expect(entry).toEqual({
      caseId: 'suspect-filter-a',
      kind: 'suspect',
      status: 'ARRESTED',
      open: true,
      leadAgency: 'NPA',
      hostCountry: 'KH',
      classification: 'RESTRICTED',
      operationId: 'operation-kh-01',
      flightId: 'flight-ke9690',
      openedAt: '2025-10-01T00:00:00.000Z',
      statusSince: '2025-10-01T00:00:00.000Z',
      lastEventAt: '2025-10-02T00:00:00.000Z',
      nextDeadline: null,
      streamVersion: 1,
    });
  });

  it('pages through every sort and order with ties, each row once, in the order of the sort key then case id', async () => {
    for (const sort of ['opened_at', 'last_event_at', 'next_deadline_at'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/read/cases?operationId=operation-page&sort=${sort}&order=${order}&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
          const response = await get(url);
          expect(response.statusCode).toBe(200);
          const body = response.json();
          expect(body.cases.length).toBeLessThanOrEqual(7);
          seen.push(...ids(body));
          cursor = body.nextCursor;
        } while (cursor);
        // Sort key, then case id, both in the order's direction; a case without a clock counts as infinitely far off.
        const direction = order === 'asc' ? 1 : -1;
        const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
        const keyOf = (c: Record<string, unknown>) => (c[sort] as string | null) ?? '\uffff';
        const expected = [...pageCases]
          .sort((a, b) => (compare(keyOf(a), keyOf(b)) || compare(a.case_id as string, b.case_id as string)) * direction)
          .map((c) => c.case_id);
        expect(seen, `${sort} ${order}`).toEqual(expected);
      }
    }
  });

  it('a row written between two pages neither repeats a row nor skips one that was there', async () => {
    const first = (await get('/read/cases?operationId=operation-page&sort=opened_at&order=asc&limit=10')).json();
    // Sorts before the cursor: it must not push an already-seen row onto the next page.
    const late = caseRow('victim-page-late', { opened_at: at(1), operation_id: 'operation-page' });
    await api.insert('case_list', [late]);
    const rest: string[] = [];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = (await get(`/read/cases?operationId=operation-page&sort=opened_at&order=asc&limit=10&cursor=${cursor}`)).json();
      rest.push(...ids(page));
      cursor = page.nextCursor;
    }
    const all = [...ids(first), ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((id) => id !== 'victim-page-late').sort()).toEqual(pageCases.map((c) => c.case_id).sort());
    await api.pool.query(`DELETE FROM case_list WHERE case_id = 'victim-page-late'`);
  });

  it('refuses a cursor of another sort, a forged cursor and a page over 100 rows with 400', async () => {
    const { nextCursor } = (await get('/read/cases?sort=opened_at&limit=1')).json();
    const other = await get(`/read/cases?sort=last_event_at&limit=1&cursor=${nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].path).toBe('query.cursor');
    const forged = Buffer.from(JSON.stringify(['cases:last_event_at:desc', '0000-99-99', 'x'])).toString('base64url');
    const forgedResponse = await get(`/read/cases?cursor=${forged}`);
    expect(forgedResponse.statusCode).toBe(400);
    expect(forgedResponse.headers['content-type']).toMatch(/problem\+json/);
    expect((await get('/read/cases?cursor=not-base64-json')).statusCode).toBe(400);
    expect((await get('/read/cases?limit=101')).statusCode).toBe(400);
  });

  it('refuses malformed filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['deadlineBefore=0000-01-01T00:00:00Z', 'query.deadlineBefore'],
      ['status=%00', 'query.status'],
      ['open=yes', 'query.open'],
      ['kind=ship', 'query.kind'],
      ['operationId=%E2%80%A8', 'query.operationId'],
    ]) {
      const response = await get(`/read/cases?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
  });

  it('leaves out SECRET rows for all but NIS, and kinds the agency does not see; naming such a kind is 403', async () => {
    const all = async (caller: Parameters<ReadApi['bearer']>[0]) => ids((await get('/read/cases?limit=100', caller)).json());
    expect(await all({ agency: 'NPA', clearance: 'SECRET' })).not.toContain('suspect-filter-secret');
    expect(await all({ agency: 'NIS', clearance: 'SECRET' })).toContain('suspect-filter-secret');
    expect(await all({ agency: 'NIS', clearance: 'CONFIDENTIAL' })).not.toContain('suspect-filter-secret');
    const hostPolice = await all({ agency: 'HOST_POLICE' });
    expect(hostPolice.some((id) => id.startsWith('victim-'))).toBe(false);
    expect(hostPolice).toContain('suspect-filter-a');
    expect((await get('/read/cases?kind=victim', { agency: 'HOST_POLICE' })).statusCode).toBe(403);
  });
});

describe('GET /read/cases/{caseId}', () => {
  it('answers the case with when each event type first happened and its folded state', async () => {
    const response = await get('/read/cases/suspect-filter-a');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      caseId: 'suspect-filter-a',
      status: 'ARRESTED',
      firsts: { OpenedForTest: '2025-10-01T00:00:00.000Z' },
      state: { caseId: 'suspect-filter-a', status: 'ARRESTED' },
    });
  });

  it('is 404 for an unknown case, a SECRET case outside NIS and a kind the agency does not see', async () => {
    expect((await get('/read/cases/suspect-nobody')).statusCode).toBe(404);
    expect((await get('/read/cases/suspect-filter-secret', { agency: 'NPA', clearance: 'SECRET' })).statusCode).toBe(404);
    expect((await get('/read/cases/suspect-filter-secret', { agency: 'NIS', clearance: 'SECRET' })).statusCode).toBe(200);
    expect((await get('/read/cases/victim-filter-c', { agency: 'HOST_POLICE' })).statusCode).toBe(404);
    expect((await get('/read/cases/not%20an%20id')).statusCode).toBe(400);
  });
});

describe('GET /read/dossiers/{caseId}', () => {
  const dossier = async (caller: Parameters<ReadApi['bearer']>[0]) => (await get('/read/dossiers/victim-filter-c', caller)).json();
  const values = (body: { facts: Record<string, { field: string; value: unknown }[]> }) =>
    Object.fromEntries(Object.values(body.facts).flatMap((facts) => facts.map((f) => [f.field, f.value])));

  it('shows MOFA the victim in full up to its clearance, and leaves a SECRET fact out', async () => {
    const body = await dossier({ agency: 'MOFA', clearance: 'CONFIDENTIAL' });
    expect(values(body)).toEqual({
      personName: 'Lee Ji-woo',
      lastKnownLocation: 'Compound B, Sihanoukville',
      'contact.phone': '+82-10-1234-5678',
    });
    expect(body.classification).toBe('CONFIDENTIAL');
    expect(body.facts.location[0]).toMatchObject({ classification: 'RESTRICTED', source: { streamId: 'victim-filter-c' } });
  });

  it('redacts the victim location and phone for NPA officers, everything for auditors, and leaves out facts above the clearance', async () => {
    expect(values(await dossier({ agency: 'NPA' }))).toEqual({
      personName: 'Lee Ji-woo',
      lastKnownLocation: REDACTED,
      'contact.phone': REDACTED,
    });
    expect(values(await dossier({ agency: 'MOFA', role: 'auditor' }))).toEqual({
      personName: REDACTED,
      lastKnownLocation: REDACTED,
      'contact.phone': REDACTED,
    });
    expect(values(await dossier({ agency: 'MOFA', clearance: 'RESTRICTED' }))).toEqual({
      personName: 'Lee Ji-woo',
      lastKnownLocation: 'Compound B, Sihanoukville',
    });
  });

  it('is 404 for agencies without victim access and for unknown cases, and is never cached', async () => {
    expect((await get('/read/dossiers/victim-filter-c', { agency: 'NIS', clearance: 'SECRET' })).statusCode).toBe(404);
    expect((await get('/read/dossiers/victim-nobody', { agency: 'MOFA' })).statusCode).toBe(404);
    expect((await get('/read/dossiers/victim-filter-c', { agency: 'MOFA' })).headers['cache-control']).toBe('no-store');
  });
});

describe('operations and flights', () => {
  it('lists operations with their raid counts and answers one; 403 to agencies without operations', async () => {
    const list = (await get('/read/operations')).json();
    expect(list.operations).toHaveLength(1);
    expect(list.operations[0]).toMatchObject({
      operationId: 'operation-kh-01',
      codeName: 'Sihanoukville sweep',
      suspectsDetained: 57,
      victimsRescued: 4,
      partnerAgencies: ['HOST_POLICE'],
      provinces: ['Preah Sihanouk'],
      plannedAt: '2025-10-01T00:00:00.000Z',
    });
    expect((await get('/read/operations/operation-kh-01')).json().targetsRaided).toBe(3);
    expect((await get('/read/operations/operation-kh-01', { clearance: 'RESTRICTED' })).statusCode).toBe(404);
    expect((await get('/read/operations', { agency: 'HOST_IMMIGRATION' })).statusCode).toBe(403);
    expect((await get('/read/operations?status=PLANNED')).json().operations).toEqual([]);
  });

  it('a manifest shows the seats of cases the caller sees and counts the rest as withheld', async () => {
    const npa = (await get('/read/flights/flight-ke9690/manifest', { agency: 'NPA', clearance: 'SECRET' })).json();
    expect(npa.flight).toMatchObject({ flightNumber: 'KE9690', manifested: 3, departedAt: '2025-10-23T00:00:00.000Z' });
    expect(npa.entries).toEqual([
      { caseId: 'suspect-filter-a', seat: '12A', status: 'on_board', releasedCause: null },
      { caseId: 'suspect-filter-b', seat: null, status: 'released', releasedCause: 'lost clearance' },
    ]);
    expect(npa.withheldEntries).toBe(1);
    const flights = (await get('/read/flights')).json().flights;
    expect(flights.map((f: { flightId: string }) => f.flightId)).toEqual(['flight-ke9690']);
    expect((await get('/read/flights/flight-nowhere/manifest')).statusCode).toBe(404);
    expect((await get('/read/flights', { agency: 'NIS' })).statusCode).toBe(403);
  });
});

describe('GET /read/deadlines', () => {
  it('lists the clocks due within the horizon, overdue first, and leaves out SECRET cases for all but NIS', async () => {
    const due = async (query: string, caller: Parameters<ReadApi['bearer']>[0] = {}) =>
      (await get(`/read/deadlines?${query}`, caller))
        .json()
        .deadlines.map((d: { caseId: string; deadline: string }) => `${d.caseId}/${d.deadline}`);
    expect(await due('')).toEqual(['victim-filter-c/rescue', 'suspect-filter-a/detention_warrant']);
    expect(await due('withinDays=5')).toEqual([
      'victim-filter-c/rescue',
      'suspect-filter-a/detention_warrant',
      'suspect-filter-a/provisional_arrest',
    ]);
    expect(await due('withinDays=0')).toEqual(['victim-filter-c/rescue']);
    expect(await due('withinDays=5&kind=suspect&escalated=false')).toEqual(['suspect-filter-a/provisional_arrest']);
    expect(await due('', { agency: 'NIS', clearance: 'SECRET' })).toEqual([
      'suspect-filter-secret/detention_warrant',
      'suspect-filter-a/detention_warrant',
    ]);
    const [overdue] = (await get('/read/deadlines')).json().deadlines;
    expect(overdue).toMatchObject({ overdue: true, escalated: true, kind: 'victim', leadAgency: 'MOFA' });
    expect((await get('/read/deadlines?withinDays=366')).statusCode).toBe(400);
  });

  it('pages with a cursor', async () => {
    const first = (await get('/read/deadlines?withinDays=5&limit=2')).json();
    expect(first.deadlines).toHaveLength(2);
    const second = (await get(`/read/deadlines?withinDays=5&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.deadlines.map((d: { deadline: string }) => d.deadline)).toEqual(['provisional_arrest']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('GET /read/statistics', () => {
  it('answers the counters with whose count they are, filtered by metric and host country', async () => {
    const all = (await get('/read/statistics', { clearance: 'PUBLIC', role: 'auditor' })).json();
    expect(all.counters).toEqual([
      { metric: 'reports', hostCountry: 'KH', bucket: '2023', value: 17, countedBy: 'taskforce events', sourceAgency: 'MOFA' },
      { metric: 'reports', hostCountry: 'KH', bucket: '2024', value: 220, countedBy: 'taskforce events', sourceAgency: 'MOFA' },
      { metric: 'rescued', hostCountry: 'PH', bucket: '', value: 4, countedBy: 'taskforce events', sourceAgency: 'NPA' },
      { metric: 'returned', hostCountry: 'KH', bucket: 'flight-ke9690', value: 73, countedBy: 'taskforce events', sourceAgency: 'NPA' },
    ]);
    // Every metric beside whose count it is, counted yet or not: MOFA's reports, the police's arrests.
    const sources = new Map(all.sources.map((s: { metric: string; sourceAgency: string }) => [s.metric, s.sourceAgency]));
    expect(sources.get('reports')).toBe('MOFA');
    expect(sources.get('arrested')).toBe('NPA');
    expect(sources.get('persons_returned')).toBe('MOFA');
    expect(sources.get('persons_injured')).toBe('MOFA');
    expect(all.note).toMatch(/estimates/);
    expect((await get('/read/statistics?metric=rescued&hostCountry=PH')).json().counters).toHaveLength(1);
    expect((await get('/read/statistics?metric=estimates')).statusCode).toBe(400);
  });
});

describe('GET /read/estimates', () => {
  it('lists recorded estimates, latest first, filtered, by the caller’s clearance, and never as counters', async () => {
    const list = (await get('/read/estimates')).json();
    expect(list.estimates).toEqual([
      {
        measure: 'persons_held_in_compounds',
        figure: 2000,
        asOf: '2025-10-15',
        sourceAgency: 'NPA',
        method: "investigators' assessment",
        operationId: 'operation-est',
        hostCountry: 'KH',
        classification: 'RESTRICTED',
        recordedAt: at(16),
      },
      expect.objectContaining({ figure: 1500, asOf: '2025-09-01', sourceAgency: 'NIS' }),
    ]);
    expect(list.note).toMatch(/not counts/);
    expect((await get('/read/estimates?sourceAgency=NIS')).json().estimates).toHaveLength(1);
    expect((await get('/read/estimates?measure=compounds_operating')).json().estimates).toHaveLength(0);
    // NIS with SECRET clearance sees its SECRET estimate too.
    expect((await get('/read/estimates', { agency: 'NIS', clearance: 'SECRET' })).json().estimates).toHaveLength(3);
    // An agency that does not work operations is refused; a bad filter is 400.
    expect((await get('/read/estimates', { agency: 'HOST_IMMIGRATION' })).statusCode).toBe(403);
    expect((await get('/read/estimates?measure=guess')).statusCode).toBe(400);
    const statistics = (await get('/read/statistics')).json();
    expect(statistics.counters.some((c: { value: number }) => c.value === 2000)).toBe(false);
  });
});

describe('the OpenAPI document', () => {
  it('marks every read-model operation as eventually consistent and the dossier values as personal data', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const reads = Object.entries(doc.paths).filter(([path]) => path.startsWith('/read/'));
    expect(reads.map(([path]) => path).sort()).toEqual([
      '/read/cases',
      '/read/cases/{caseId}',
      '/read/deadlines',
      '/read/dossiers/{caseId}',
      '/read/estimates',
      '/read/flights',
      '/read/flights/{flightId}/manifest',
      '/read/operations',
      '/read/operations/{operationId}',
      '/read/statistics',
    ]);
    for (const [, item] of reads) expect((item as { get: { summary: string } }).get.summary).toMatch(/read model, eventually consistent/);
    const dossier = doc.paths['/read/dossiers/{caseId}'].get.responses['200'].content['application/json'].schema;
    expect(dossier).toEqual({ $ref: '#/components/schemas/PersonDossier' });
    expect(JSON.stringify(doc.components.schemas.PersonDossier)).toContain('"x-personal-data":"location"');
  });
});
