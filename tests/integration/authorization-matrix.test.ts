// The authorization matrix over HTTP: every route the built API declares (read from its OpenAPI
// document, so a new route is covered the day it lands) × every agency × role × clearance, against
// read-model rows seeded with personal data and SECRET intelligence. Expectations are computed
// here from the policy's tables (OPERATION_RULES, PERSONAL_DATA_ACCESS, ROLES_WITHOUT_PERSONAL_DATA,
// SECRET_READERS), not by calling the functions the routes call, and every response body is
// scanned for leaks: no personal value reaches a caller without its category (or below its
// classification), no SECRET row reaches a caller outside NIS.
//
// Depth of coverage, by route:
// - public routes: every caller and no token get the same answer, never 401/403;
// - the read-model routes and /me (EXERCISED below): allow / deny / redact, row by row;
// - every other route (live cases, history, streams, codec: they need a Temporal worker, a case
//   or a stream the seeding cannot give): the 401/403 part only. No token is 401 and every caller
//   the operation's rule refuses is 403, both decided before any body is read or Temporal asked;
//   callers the rule admits are not requested here (their own tests cover them).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { OPERATION_RULES, type Operation, PERSONAL_DATA_ACCESS, ROLES_WITHOUT_PERSONAL_DATA, SECRET_READERS } from '../../access/policy.ts';
import { REDACTED } from '../../access/redact.ts';
import { Agency, CLASSIFICATIONS, type Classification, Role } from '../../events/envelope.ts';
import type { PersonalDataCategory } from '../../events/personal-data.ts';
import type { CaseKind } from '../../workflows/kinds.ts';
import { caseRow, detailRow, dossierField, type ReadApi, readApi } from './api-read-support.ts';

const run = randomUUID().slice(0, 6);
const id = {
  victim: `victim-m${run}`,
  suspect: `suspect-m${run}`,
  secretSuspect: `suspect-s${run}`,
  operation: `operation-m${run}`,
  secretOperation: `operation-s${run}`,
  flight: `flight-m${run}`,
};
/** Rows only NIS with SECRET clearance may see: their ids must appear in no other caller's answer. */
const SECRET_IDS = [id.secretSuspect, id.secretOperation];

// ---- expectations from the policy tables --------------------------------------------------------

const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);
const hasKind = (caller: Caller, kind: CaseKind) => PERSONAL_DATA_ACCESS[caller.agency][kind] !== undefined;

function permitted(caller: Caller, operation: Operation): boolean {
  const rule = OPERATION_RULES[operation];
  if (!rule.roles.includes(caller.role) || rank(caller.clearance) < rank(rule.minClearance)) return false;
  return !rule.kindScoped || Object.keys(PERSONAL_DATA_ACCESS[caller.agency]).length > 0;
}

function sees(caller: Caller, kind: CaseKind, classification: Classification): boolean {
  if (!hasKind(caller, kind) || rank(classification) > rank(caller.clearance)) return false;
  return classification !== 'SECRET' || SECRET_READERS.includes(caller.agency);
}

/** Categories on a case the caller is not assigned to (read models know no assignment). */
function knows(caller: Caller, kind: CaseKind, category: PersonalDataCategory): boolean {
  if (ROLES_WITHOUT_PERSONAL_DATA.includes(caller.role)) return false;
  return PERSONAL_DATA_ACCESS[caller.agency][kind]?.categories.includes(category) ?? false;
}

// ---- seeded rows ---------------------------------------------------------------------------------

interface PersonalValue {
  value: string;
  kind: CaseKind;
  category: PersonalDataCategory;
  /** The fact's own classification and the classification of the case it is shown on. */
  classification: Classification;
  caseClassification: Classification;
  /** Dossier facts: the case and field the value is shown under. */
  dossier?: { caseId: string; field: string };
}

const personal = (
  kind: CaseKind,
  category: PersonalDataCategory,
  classification: Classification,
  caseClassification: Classification,
  dossier?: { caseId: string; field: string },
): PersonalValue => ({
  value: `${category}-${kind}-${classification}-${run}`,
  kind,
  category,
  classification,
  caseClassification,
  dossier,
});

const victimFact = (field: string, category: PersonalDataCategory, classification: Classification) =>
  personal('victim', category, classification, 'RESTRICTED', { caseId: id.victim, field });
const suspectFact = (field: string, category: PersonalDataCategory, classification: Classification) =>
  personal('suspect', category, classification, 'CONFIDENTIAL', { caseId: id.suspect, field });
const secretFact = (field: string, category: PersonalDataCategory) =>
  personal('suspect', category, 'SECRET', 'SECRET', { caseId: id.secretSuspect, field });

const PERSONAL: PersonalValue[] = [
  victimFact('personName', 'name', 'RESTRICTED'),
  victimFact('birthDate', 'birthDate', 'RESTRICTED'),
  victimFact('lastKnownLocation', 'location', 'RESTRICTED'),
  victimFact('contactPhone', 'phone', 'CONFIDENTIAL'),
  victimFact('family.contact', 'contact', 'RESTRICTED'),
  victimFact('statement', 'statement', 'CONFIDENTIAL'),
  victimFact('photoRef', 'photo', 'RESTRICTED'),
  victimFact('informantReport', 'statement', 'SECRET'),
  suspectFact('personName', 'name', 'RESTRICTED'),
  suspectFact('passportNumber', 'passport', 'CONFIDENTIAL'),
  suspectFact('lastKnownLocation', 'location', 'RESTRICTED'),
  suspectFact('phone', 'phone', 'CONFIDENTIAL'),
  suspectFact('compoundLocation', 'location', 'SECRET'),
  secretFact('personName', 'name'),
  secretFact('passportNumber', 'passport'),
];
/** Names waiting in an operation's state for their own case: redacted there by the state's marks. */
const PENDING = [personal('operation', 'name', 'RESTRICTED', 'RESTRICTED'), personal('operation', 'passport', 'RESTRICTED', 'RESTRICTED')];
const ALL_PERSONAL = [...PERSONAL, ...PENDING];

const soon = () => new Date(Date.now() + 43_200_000).toISOString();

async function seed(api: ReadApi): Promise<void> {
  const cases = [
    caseRow(id.victim, { classification: 'RESTRICTED', operation_id: id.operation }),
    caseRow(id.suspect, { classification: 'CONFIDENTIAL', lead_agency: 'NPA', flight_id: id.flight }),
    caseRow(id.secretSuspect, { classification: 'SECRET', lead_agency: 'NIS' }),
    caseRow(id.operation, { classification: 'RESTRICTED', lead_agency: 'NPA', status: 'CONCLUDED', operation_id: id.operation }),
    caseRow(id.secretOperation, { classification: 'SECRET', lead_agency: 'NIS', status: 'PLANNED', operation_id: id.secretOperation }),
    caseRow(id.flight, { classification: 'RESTRICTED', lead_agency: 'MOJ', status: 'DEPARTED', flight_id: id.flight }),
  ];
  await api.insert('case_list', cases);
  await api.insert(
    'case_detail',
    cases.map((c) =>
      detailRow(
        c,
        c.case_id === id.operation ? { pendingHandOvers: [{ personName: PENDING[0]!.value, passportNumber: PENDING[1]!.value }] } : {},
      ),
    ),
  );
  const dossiers = new Map<string, Record<string, unknown>>();
  for (const fact of PERSONAL) {
    const { caseId, field } = fact.dossier!;
    const source = fact.classification === 'SECRET' ? id.secretOperation : caseId;
    dossiers.set(caseId, { ...dossiers.get(caseId), [field]: dossierField(fact.value, fact.category, fact.classification, source) });
  }
  await api.insert(
    'person_dossiers',
    [...dossiers].map(([caseId, fields]) => ({
      case_id: caseId,
      kind: caseId.startsWith('victim-') ? 'victim' : 'suspect',
      classification: 'SECRET',
      fields,
      updated_at: '2025-10-01T00:00:00Z',
    })),
  );
  const operation = (operationId: string, classification: Classification) => ({
    operation_id: operationId,
    code_name: `code ${operationId}`,
    status: 'CONCLUDED',
    lead_agency: 'NPA',
    host_country: 'KH',
    partner_agencies: ['HOST_POLICE'],
    provinces: ['Banteay Meanchey'],
    classification,
    planned_at: '2025-10-01T00:00:00Z',
    launched_at: null,
    ended_at: null,
    targets_raided: 1,
    suspects_detained: 2,
    victims_rescued: 1,
    pending_screening: 0,
    cases_opened: 3,
    stream_version: 4,
  });
  await api.insert('operation_summaries', [operation(id.operation, 'RESTRICTED'), operation(id.secretOperation, 'SECRET')]);
  await api.insert('flight_manifests', [
    {
      flight_id: id.flight,
      flight_number: 'KE9690',
      origin: 'PNH',
      destination: 'ICN',
      status: 'DEPARTED',
      lead_agency: 'MOJ',
      host_country: 'KH',
      classification: 'RESTRICTED',
      capacity: 100,
      escort_ratio: 2,
      officers: 4,
      manifested: 2,
      planned_at: '2025-10-01T00:00:00Z',
      departed_at: null,
      landed_at: null,
      handed_over_at: null,
      stream_version: 6,
    },
  ]);
  await api.insert('flight_manifest_entries', [
    { flight_id: id.flight, case_id: id.suspect, seat: '1A', status: 'on_board', released_cause: null },
    { flight_id: id.flight, case_id: id.secretSuspect, seat: '1B', status: 'on_board', released_cause: null },
  ]);
  const deadline = (caseId: string, kind: CaseKind, classification: Classification) => ({
    case_id: caseId,
    deadline_kind: kind === 'victim' ? 'rescue' : 'detention_warrant',
    kind,
    due_at: soon(),
    escalated: false,
    lead_agency: 'NPA',
    classification,
  });
  await api.insert('deadlines_at_risk', [
    deadline(id.victim, 'victim', 'RESTRICTED'),
    deadline(id.suspect, 'suspect', 'CONFIDENTIAL'),
    deadline(id.secretSuspect, 'suspect', 'SECRET'),
  ]);
  await api.insert('campaign_statistics', [{ metric: 'rescued', host_country: 'KH', bucket: '', value: 4 }]);
}

// ---- what each exercised route is asked, and what each caller must get -------------------------

interface Expected {
  status: number;
  /** Seeded rows the answer must hold, and those it must not (by the ids `rows` reads from it). */
  shows?: string[];
  hides?: string[];
}

interface Probe {
  url: string;
  expect(caller: Caller): Expected;
  /** The ids of the rows an answer holds (links to other rows are not rows). */
  rows?(body: Record<string, unknown>): string[];
}

type Body = Record<string, unknown>;
const idsOf = (list: string, key: string) => (body: Body) => (body[list] as Record<string, string>[]).map((row) => row[key]!);
const caseIdOf = (body: Body) => [body.caseId as string];

const CASES: { caseId: string; kind: CaseKind; classification: Classification }[] = [
  { caseId: id.victim, kind: 'victim', classification: 'RESTRICTED' },
  { caseId: id.suspect, kind: 'suspect', classification: 'CONFIDENTIAL' },
  { caseId: id.secretSuspect, kind: 'suspect', classification: 'SECRET' },
  { caseId: id.operation, kind: 'operation', classification: 'RESTRICTED' },
  { caseId: id.secretOperation, kind: 'operation', classification: 'SECRET' },
  { caseId: id.flight, kind: 'flight', classification: 'RESTRICTED' },
];
const classificationOf = (caseId: string) => CASES.find((c) => c.caseId === caseId)!.classification;

/** A listing of `rows`: denied by the rule, or by naming a kind the agency lacks, else exactly the rows the caller sees. */
function listing(rows: typeof CASES, namedKind?: CaseKind): (caller: Caller) => Expected {
  return (caller) => {
    if (!permitted(caller, 'case.read') || (namedKind && !hasKind(caller, namedKind))) return { status: 403 };
    return {
      status: 200,
      shows: rows.filter((r) => sees(caller, r.kind, r.classification)).map((r) => r.caseId),
      hides: rows.filter((r) => !sees(caller, r.kind, r.classification)).map((r) => r.caseId),
    };
  };
}

/** One record: denied by the rule, 404 when the caller may not see it. */
function record(
  kind: CaseKind,
  caseId: string,
  classification: Classification,
  extra?: (caller: Caller) => Expected,
): (caller: Caller) => Expected {
  return (caller) => {
    if (!permitted(caller, 'case.read')) return { status: 403 };
    if (!sees(caller, kind, classification)) return { status: 404 };
    return extra?.(caller) ?? { status: 200, shows: [caseId] };
  };
}

const ofKind = (kind: CaseKind) => CASES.filter((c) => c.kind === kind);
const dossierKind = (caseId: string): CaseKind => (caseId.startsWith('victim-') ? 'victim' : 'suspect');
const WITH_DEADLINES = CASES.filter((c) => c.caseId === id.victim || c.kind === 'suspect');

const EXERCISED: Record<string, Probe[]> = {
  getSession: [{ url: '/me', expect: () => ({ status: 200 }) }],
  listCaseReadModels: [
    { url: '/read/cases?limit=100', expect: listing(CASES), rows: idsOf('cases', 'caseId') },
    ...(['victim', 'suspect', 'operation', 'flight'] as const).map((kind) => ({
      url: `/read/cases?kind=${kind}&limit=100`,
      expect: listing(ofKind(kind), kind),
      rows: idsOf('cases', 'caseId'),
    })),
  ],
  getCaseReadModel: CASES.map((c) => ({
    url: `/read/cases/${c.caseId}`,
    expect: record(c.kind, c.caseId, c.classification),
    rows: caseIdOf,
  })),
  getPersonDossier: [id.victim, id.suspect, id.secretSuspect].map((caseId) => ({
    url: `/read/dossiers/${caseId}`,
    expect: record(dossierKind(caseId), caseId, classificationOf(caseId)),
    rows: caseIdOf,
  })),
  listOperationSummaries: [
    { url: '/read/operations', expect: listing(ofKind('operation'), 'operation'), rows: idsOf('operations', 'operationId') },
  ],
  getOperationSummary: [id.operation, id.secretOperation].map((operationId) => ({
    url: `/read/operations/${operationId}`,
    expect: record('operation', operationId, classificationOf(operationId)),
    rows: (body: Body) => [body.operationId as string],
  })),
  listFlightSummaries: [{ url: '/read/flights', expect: listing(ofKind('flight'), 'flight'), rows: idsOf('flights', 'flightId') }],
  getFlightManifest: [
    {
      url: `/read/flights/${id.flight}/manifest`,
      // The flight's own row, then one row per seat of a case the caller sees.
      expect: record('flight', id.flight, 'RESTRICTED', (caller) => {
        const seats = [id.suspect, id.secretSuspect].map((caseId) => CASES.find((c) => c.caseId === caseId)!);
        return {
          status: 200,
          shows: [id.flight, ...seats.filter((c) => sees(caller, c.kind, c.classification)).map((c) => c.caseId)],
          hides: seats.filter((c) => !sees(caller, c.kind, c.classification)).map((c) => c.caseId),
        };
      }),
      rows: (body: Body) => [(body.flight as Body).flightId as string, ...idsOf('entries', 'caseId')(body)],
    },
  ],
  listDeadlinesAtRisk: [
    { url: '/read/deadlines', expect: listing(WITH_DEADLINES), rows: idsOf('deadlines', 'caseId') },
    {
      url: '/read/deadlines?kind=victim',
      expect: listing(
        ofKind('victim').filter((c) => c.caseId === id.victim),
        'victim',
      ),
      rows: idsOf('deadlines', 'caseId'),
    },
  ],
  getCampaignStatistics: [{ url: '/read/statistics', expect: (caller) => ({ status: permitted(caller, 'statistics.read') ? 200 : 403 }) }],
};

// ---- the matrix ----------------------------------------------------------------------------------

interface RouteOp {
  method: string;
  path: string;
  operationId: string;
  access: 'public' | Operation;
}

const CALLERS: Caller[] = Agency.options.flatMap((agency) =>
  Role.options.flatMap((role) =>
    CLASSIFICATIONS.map((clearance) => ({ userId: `${agency}-${role}-${clearance}`, agency, role, clearance })),
  ),
);

/** Public routes do not look at the token: every agency × role once, the clearance varying with them. */
const ONE_CLEARANCE_EACH = CALLERS.filter(
  (caller, i) => CLASSIFICATIONS.indexOf(caller.clearance) === Math.floor(i / CLASSIFICATIONS.length) % CLASSIFICATIONS.length,
);

let api: ReadApi;
let routes: RouteOp[];
const tokens = new Map<Caller, string>();

beforeAll(async () => {
  api = await readApi({ temporal: true });
  await seed(api);
  const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { operationId: string; 'x-access': 'public' | { operation: Operation } }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      access: op['x-access'] === 'public' ? 'public' : op['x-access'].operation,
    })),
  );
  for (const caller of CALLERS) tokens.set(caller, await api.token(caller));
}, 30_000);

afterAll(async () => {
  await api?.close();
});

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

const who = (caller: Caller) => `${caller.agency}/${caller.role}/${caller.clearance}`;

/** No personal value the caller may not know, and no SECRET row outside NIS, in `body`. */
function expectNoLeak(caller: Caller, url: string, body: string): void {
  for (const p of ALL_PERSONAL) {
    const mayKnow =
      knows(caller, p.kind, p.category) && sees(caller, p.kind, p.classification) && sees(caller, p.kind, p.caseClassification);
    if (!mayKnow) expect(body.includes(p.value), `${who(caller)} ${url} leaks ${p.category} (${p.classification})`).toBe(false);
  }
  if (!(SECRET_READERS.includes(caller.agency) && caller.clearance === 'SECRET')) {
    // An id the caller named in its request may come back in the problem's instance and detail: that discloses nothing.
    for (const secretId of SECRET_IDS.filter((secret) => !url.includes(secret))) {
      expect(body.includes(secretId), `${who(caller)} ${url} shows SECRET ${secretId}`).toBe(false);
    }
  }
}

/** Each fact of a dossier the caller may see is there, redacted exactly when the caller lacks its category. */
function expectDossierRedaction(caller: Caller, caseId: string, body: { facts: Record<string, { field: string; value: unknown }[]> }) {
  const shown = new Map(Object.values(body.facts).flatMap((facts) => facts.map((f) => [f.field, f.value] as const)));
  for (const p of PERSONAL.filter((v) => v.dossier?.caseId === caseId)) {
    const field = p.dossier!.field;
    const label = `${who(caller)} dossier ${caseId} ${field}`;
    if (!sees(caller, p.kind, p.classification)) expect(shown.has(field), label).toBe(false);
    else expect(shown.get(field), label).toBe(knows(caller, p.kind, p.category) ? p.value : REDACTED);
  }
}

describe('authorization matrix', () => {
  it('enumerates the routes from the built API, and exercises every read-model route row by row', () => {
    expect(routes.length).toBeGreaterThan(10);
    const reads = routes.filter((r) => r.path.startsWith('/read/'));
    expect(reads.length).toBeGreaterThanOrEqual(9);
    for (const route of reads) expect(Object.keys(EXERCISED), `${route.operationId} has no probe`).toContain(route.operationId);
  });

  it('public routes answer every caller, and no token, alike and never 401/403', async () => {
    const publicRoutes = routes.filter((r) => r.access === 'public');
    expect(publicRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/health', '/metrics', '/openapi.json', '/docs']));
    for (const route of publicRoutes) {
      const anonymous = await api.app.inject({ method: route.method as 'GET', url: route.path });
      expect([401, 403], route.path).not.toContain(anonymous.statusCode);
      expect(anonymous.statusCode, route.path).toBeLessThan(500 + (route.path === '/health' ? 4 : 0));
      await inBatches(ONE_CLEARANCE_EACH, 20, async (caller) => {
        const response = await api.app.inject({
          method: route.method as 'GET',
          url: route.path,
          headers: { authorization: `Bearer ${tokens.get(caller)}` },
        });
        expect(response.statusCode, `${who(caller)} ${route.path}`).toBe(anonymous.statusCode);
        expectNoLeak(caller, route.path, response.body);
      });
    }
  });

  it('read-model routes and /me: allow, deny (403), hide (404, left out of lists) and redact for every agency × role × clearance', async () => {
    const probes = Object.entries(EXERCISED).flatMap(([operationId, list]) => {
      const route = routes.find((r) => r.operationId === operationId);
      expect(route, `${operationId} is not in the API`).toBeDefined();
      return list.map((probe) => ({ route: route!, probe }));
    });
    let checked = 0;
    for (const { route, probe } of probes) {
      await inBatches(CALLERS, 20, async (caller) => {
        const response = await api.app.inject({
          method: 'GET',
          url: probe.url,
          headers: { authorization: `Bearer ${tokens.get(caller)}` },
        });
        const expected = probe.expect(caller);
        const label = `${who(caller)} ${probe.url}`;
        expect(response.statusCode, label).toBe(expected.status);
        if (expected.status === 200 && probe.rows) {
          const rows = probe.rows(response.json());
          for (const shown of expected.shows ?? []) expect(rows, `${label} should show ${shown}`).toContain(shown);
          for (const hidden of expected.hides ?? []) expect(rows, `${label} should hide ${hidden}`).not.toContain(hidden);
        }
        if (route.operationId === 'getPersonDossier' && response.statusCode === 200) {
          expectDossierRedaction(caller, probe.url.split('/').at(-1)!, response.json());
        }
        expectNoLeak(caller, probe.url, response.body);
        checked++;
      });
    }
    expect(checked).toBe(probes.length * CALLERS.length);
  }, 60_000);

  it('every other route: no token is 401, every caller its rule refuses is 403 (see the header for why no more)', async () => {
    const others = routes.filter((r) => r.access !== 'public' && !(r.operationId in EXERCISED));
    expect(others.length).toBeGreaterThan(0);
    for (const route of others) {
      const url = route.path.replace(/\{[^}]+\}/g, `victim-m${run}`);
      const method = route.method as 'GET' | 'POST';
      const anonymous = await api.app.inject({ method, url });
      expect(anonymous.statusCode, `${route.operationId} without a token`).toBe(401);
      const refused = CALLERS.filter((caller) => !permitted(caller, route.access as Operation));
      await inBatches(refused, 20, async (caller) => {
        const response = await api.app.inject({ method, url, headers: { authorization: `Bearer ${tokens.get(caller)}` } });
        expect(response.statusCode, `${who(caller)} ${route.operationId}`).toBe(403);
        expectNoLeak(caller, url, response.body);
      });
    }
  });
});
