// The authorization matrix: every route the built API declares (read from its OpenAPI document,
// so a new route is covered the day it lands), the event stream, the agency topics and every
// command of every case kind × every agency × role × clearance, against cases of every
// classification. Each cell asserts allow, deny (403, or 404 / left out for a case the caller may
// not see) or redact, and every answer is scanned for leaks: no personal value reaches a caller
// without its category, or from a case or event above what it may see, and no SECRET case id
// reaches a caller outside NIS. The counts are printed at the end.
//
// Expectations are computed here from the policy's tables (OPERATION_RULES, PERSONAL_DATA_TABLE,
// COMMAND_PERMISSIONS, SECRET_READERS), not by calling the functions the routes call.
//
// Two APIs: the read-model routes over rows seeded in a schema of this test's own (readApi), and
// the live routes (state, lists, counts, history, codec, commands, audit, the SSE stream) over a
// real worker and cases opened through the API (caseApi): a RESTRICTED and a CONFIDENTIAL victim,
// a CONFIDENTIAL suspect and a SECRET one identified from intelligence, an operation and a flight.
// Commands are sent with a body the command refuses (400): a caller the gate lets through reaches
// that check, one it refuses does not, and no case is changed; an opening command names a case
// that exists (409). The agency topics are checked on the router's routing of the same events.
//
// Other routes (session cookies, encode, erasure) get the 401/403 part only: no token is 401 and
// every caller the operation's rule refuses is 403, both decided before any body is read.
import { randomUUID } from 'node:crypto';
import { payloadToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { COMMAND_PERMISSIONS } from '../../access/command-permissions.ts';
import { PERSONAL_DATA_TABLE } from '../../access/need-to-know.ts';
import { OPERATION_RULES, type Operation, SECRET_READERS } from '../../access/policy.ts';
import { REDACTED } from '../../access/redact.ts';
import { Agency, CLASSIFICATIONS, type Classification, type EventEnvelope, Role } from '../../events/envelope.ts';
import type { PersonalDataCategory } from '../../events/personal-data.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { routeEvents } from '../../streams/agency-router.ts';
import { comparePositions, parsePositionId } from '../../streams/stream-position.ts';
import { CASE_KIND_SPECS, type CaseKind, CaseKind as CaseKinds } from '../../workflows/kinds.ts';
import { waitUntil } from '../support/wait-until.ts';
import { type CaseApi, caseApi, terminateCases } from './api-cases-support.ts';
import { caseRow, detailRow, dossierField, type ReadApi, readApi } from './api-read-support.ts';
import { SseClient } from './sse-client.ts';

// Heartbeats often enough that every stream's last id passes the seeded events soon.
process.env.TASKFORCE_SSE_HEARTBEAT_MS = '100';

const run = randomUUID().slice(0, 6);

// ---- expectations from the policy tables --------------------------------------------------------

const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);
const worksKind = (caller: Caller, kind: CaseKind) => PERSONAL_DATA_TABLE[kind][caller.agency] !== undefined;

function permitted(caller: Caller, operation: Operation): boolean {
  const rule = OPERATION_RULES[operation];
  if (!rule.roles.includes(caller.role) || rank(caller.clearance) < rank(rule.minClearance)) return false;
  return !rule.kindScoped || CaseKinds.options.some((kind) => worksKind(caller, kind));
}

function sees(caller: Caller, kind: CaseKind, classification: Classification): boolean {
  if (!worksKind(caller, kind) || rank(classification) > rank(caller.clearance)) return false;
  return classification !== 'SECRET' || SECRET_READERS.includes(caller.agency);
}

/** Categories on a case the caller is not assigned to (nothing here knows an assignment). */
function knows(caller: Caller, kind: CaseKind, category: PersonalDataCategory): boolean {
  return PERSONAL_DATA_TABLE[kind][caller.agency]?.[caller.role].categories.includes(category) ?? false;
}

function mayGive(caller: Caller, kind: CaseKind, command: string): boolean {
  const permission = COMMAND_PERMISSIONS[kind][command]!;
  return permission.agencies.includes(caller.agency) && permission.roles.includes(caller.role);
}

// ---- the tally ------------------------------------------------------------------------------------

type Outcome = 'allow' | 'deny' | 'redact';
const tally = new Map<string, Record<Outcome, number>>();

function count(surface: string, outcome: Outcome, cells = 1): void {
  const counts = tally.get(surface) ?? { allow: 0, deny: 0, redact: 0 };
  counts[outcome] += cells;
  tally.set(surface, counts);
}

/** allow, or redact when the caller lacks one of the categories of the personal values the answer is about. */
const shownAs = (values: readonly PersonalValue[], knowsValue: (p: PersonalValue) => boolean): Outcome =>
  values.some((p) => !knowsValue(p)) ? 'redact' : 'allow';

// ---- callers ----------------------------------------------------------------------------------------

const CALLERS: Caller[] = Agency.options.flatMap((agency) =>
  Role.options.flatMap((role) =>
    CLASSIFICATIONS.map((clearance) => ({ userId: `${agency}-${role}-${clearance}-${run}`, agency, role, clearance })),
  ),
);

/** Public routes do not look at the token: every agency × role once, the clearance varying with them. */
const ONE_CLEARANCE_EACH = CALLERS.filter(
  (caller, i) => CLASSIFICATIONS.indexOf(caller.clearance) === Math.floor(i / CLASSIFICATIONS.length) % CLASSIFICATIONS.length,
);

const who = (caller: Caller) => `${caller.agency}/${caller.role}/${caller.clearance}`;

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

// ---- personal values, and the leak scan ------------------------------------------------------------

interface PersonalValue {
  value: string;
  kind: CaseKind;
  category: PersonalDataCategory;
  /** The classification of the event that recorded it, and of its case (the highest of the case's events). */
  classification: Classification;
  caseClassification: Classification;
  /** The case's classification as of the event that recorded it (what a stream judges it by). */
  asOf: Classification;
  caseId: string;
}

const personal = (
  caseId: string,
  kind: CaseKind,
  category: PersonalDataCategory,
  classification: Classification,
  caseClassification: Classification,
  asOf: Classification = classification,
  value = `${category}-${caseId}`,
): PersonalValue => ({ value, kind, category, classification, caseClassification, asOf, caseId });

const everyValue: PersonalValue[] = [];
const secretIds: string[] = [];

/** May the caller know this value where a case is judged as it is now (routes), or as of the event (streams)? */
function mayKnow(caller: Caller, p: PersonalValue, judgedBy: 'case' | 'asOf' = 'case'): boolean {
  const caseClassification = judgedBy === 'case' ? p.caseClassification : p.asOf;
  return knows(caller, p.kind, p.category) && sees(caller, p.kind, p.classification) && sees(caller, p.kind, caseClassification);
}

function expectNoLeak(caller: Caller, label: string, body: string, judgedBy: 'case' | 'asOf' = 'case'): void {
  for (const p of everyValue) {
    if (!mayKnow(caller, p, judgedBy))
      expect(body.includes(p.value), `${who(caller)} ${label} leaks ${p.category} of ${p.caseId}`).toBe(false);
  }
  if (!(SECRET_READERS.includes(caller.agency) && caller.clearance === 'SECRET')) {
    // An id the caller named in its request may come back in the problem's instance and detail: that discloses nothing.
    for (const secretId of secretIds.filter((secret) => !label.includes(secret))) {
      expect(body.includes(secretId), `${who(caller)} ${label} shows SECRET ${secretId}`).toBe(false);
    }
  }
}

// ---- read models: seeded rows ------------------------------------------------------------------------

const rm = {
  victim: `victim-m${run}`,
  suspect: `suspect-m${run}`,
  secretSuspect: `suspect-s${run}`,
  operation: `operation-m${run}`,
  secretOperation: `operation-s${run}`,
  flight: `flight-m${run}`,
};
secretIds.push(rm.secretSuspect, rm.secretOperation);

interface DossierValue extends PersonalValue {
  field: string;
}

const victimFact = (field: string, category: PersonalDataCategory, classification: Classification): DossierValue => ({
  ...personal(rm.victim, 'victim', category, classification, 'RESTRICTED', classification, `${category}-v-${classification}-${run}`),
  field,
});
const suspectFact = (field: string, category: PersonalDataCategory, classification: Classification): DossierValue => ({
  ...personal(rm.suspect, 'suspect', category, classification, 'CONFIDENTIAL', classification, `${category}-s-${classification}-${run}`),
  field,
});
const secretFact = (field: string, category: PersonalDataCategory): DossierValue => ({
  ...personal(rm.secretSuspect, 'suspect', category, 'SECRET', 'SECRET', 'SECRET', `${category}-x-${run}`),
  field,
});

const DOSSIER_VALUES: DossierValue[] = [
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
const PENDING = [
  personal(rm.operation, 'operation', 'name', 'RESTRICTED', 'RESTRICTED', 'RESTRICTED', `pending-name-${run}`),
  personal(rm.operation, 'operation', 'passport', 'RESTRICTED', 'RESTRICTED', 'RESTRICTED', `pending-passport-${run}`),
];
everyValue.push(...DOSSIER_VALUES, ...PENDING);

const RM_CASES: { caseId: string; kind: CaseKind; classification: Classification }[] = [
  { caseId: rm.victim, kind: 'victim', classification: 'RESTRICTED' },
  { caseId: rm.suspect, kind: 'suspect', classification: 'CONFIDENTIAL' },
  { caseId: rm.secretSuspect, kind: 'suspect', classification: 'SECRET' },
  { caseId: rm.operation, kind: 'operation', classification: 'RESTRICTED' },
  { caseId: rm.secretOperation, kind: 'operation', classification: 'SECRET' },
  { caseId: rm.flight, kind: 'flight', classification: 'RESTRICTED' },
];
const rmClassification = (caseId: string) => RM_CASES.find((c) => c.caseId === caseId)!.classification;

const soon = () => new Date(Date.now() + 43_200_000).toISOString();

async function seedReadModels(api: ReadApi): Promise<void> {
  const cases = [
    caseRow(rm.victim, { classification: 'RESTRICTED', operation_id: rm.operation }),
    caseRow(rm.suspect, { classification: 'CONFIDENTIAL', lead_agency: 'NPA', flight_id: rm.flight }),
    caseRow(rm.secretSuspect, { classification: 'SECRET', lead_agency: 'NIS' }),
    caseRow(rm.operation, { classification: 'RESTRICTED', lead_agency: 'NPA', status: 'CONCLUDED', operation_id: rm.operation }),
    caseRow(rm.secretOperation, { classification: 'SECRET', lead_agency: 'NIS', status: 'PLANNED', operation_id: rm.secretOperation }),
    caseRow(rm.flight, { classification: 'RESTRICTED', lead_agency: 'MOJ', status: 'DEPARTED', flight_id: rm.flight }),
  ];
  await api.insert('case_list', cases);
  await api.insert(
    'case_detail',
    cases.map((c) =>
      detailRow(
        c,
        c.case_id === rm.operation ? { pendingHandOvers: [{ personName: PENDING[0]!.value, passportNumber: PENDING[1]!.value }] } : {},
      ),
    ),
  );
  const dossiers = new Map<string, Record<string, unknown>>();
  for (const fact of DOSSIER_VALUES) {
    const source = fact.classification === 'SECRET' ? rm.secretOperation : fact.caseId;
    dossiers.set(fact.caseId, {
      ...dossiers.get(fact.caseId),
      [fact.field]: dossierField(fact.value, fact.category, fact.classification, source),
    });
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
  await api.insert('operation_summaries', [operation(rm.operation, 'RESTRICTED'), operation(rm.secretOperation, 'SECRET')]);
  const estimate = (operationId: string, classification: Classification) => ({
    operation_id: operationId,
    seq: 1,
    measure: 'persons_held_in_compounds',
    figure: 2000,
    as_of: '2025-10-01',
    source_agency: 'NPA',
    method: 'assessment',
    host_country: 'KH',
    classification,
    recorded_at: '2025-10-01T00:00:00Z',
  });
  await api.insert('estimates', [estimate(rm.operation, 'RESTRICTED'), estimate(rm.secretOperation, 'SECRET')]);
  await api.insert('flight_manifests', [
    {
      flight_id: rm.flight,
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
    { flight_id: rm.flight, case_id: rm.suspect, seat: '1A', status: 'on_board', released_cause: null },
    { flight_id: rm.flight, case_id: rm.secretSuspect, seat: '1B', status: 'on_board', released_cause: null },
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
    deadline(rm.victim, 'victim', 'RESTRICTED'),
    deadline(rm.suspect, 'suspect', 'CONFIDENTIAL'),
    deadline(rm.secretSuspect, 'suspect', 'SECRET'),
  ]);
  await api.insert('campaign_statistics', [{ metric: 'rescued', host_country: 'KH', bucket: '', value: 4 }]);
}

// ---- read models: what each route is asked, and what each caller must get ---------------------------

interface Expected {
  status: number;
  /** Seeded rows the answer must hold, and those it must not (by the ids `rows` reads from it). */
  shows?: string[];
  hides?: string[];
  /** The personal values the answer is about, when it is one record a caller may see. */
  about?: PersonalValue[];
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

/** A listing of `rows`: denied by the rule, or by naming a kind the agency lacks, else exactly the rows the caller sees. */
function listing(rows: typeof RM_CASES, namedKind?: CaseKind): (caller: Caller) => Expected {
  return (caller) => {
    if (!permitted(caller, 'case.read') || (namedKind && !worksKind(caller, namedKind)))
      return { status: 403, hides: rows.map((r) => r.caseId) };
    return {
      status: 200,
      shows: rows.filter((r) => sees(caller, r.kind, r.classification)).map((r) => r.caseId),
      hides: rows.filter((r) => !sees(caller, r.kind, r.classification)).map((r) => r.caseId),
    };
  };
}

/** One record: denied by the rule, 404 when the caller may not see it. */
function record(kind: CaseKind, caseId: string, classification: Classification, about: PersonalValue[] = []): (caller: Caller) => Expected {
  return (caller) => {
    if (!permitted(caller, 'case.read')) return { status: 403 };
    if (!sees(caller, kind, classification)) return { status: 404 };
    return { status: 200, shows: [caseId], about: about.filter((p) => sees(caller, p.kind, p.classification)) };
  };
}

const ofKind = (kind: CaseKind) => RM_CASES.filter((c) => c.kind === kind);
const dossierKind = (caseId: string): CaseKind => (caseId.startsWith('victim-') ? 'victim' : 'suspect');
const WITH_DEADLINES = RM_CASES.filter((c) => c.caseId === rm.victim || c.kind === 'suspect');

const READ_PROBES: Record<string, Probe[]> = {
  getSession: [{ url: '/me', expect: () => ({ status: 200 }) }],
  listCaseReadModels: [
    { url: '/read/cases?limit=100', expect: listing(RM_CASES), rows: idsOf('cases', 'caseId') },
    ...CaseKinds.options.map((kind) => ({
      url: `/read/cases?kind=${kind}&limit=100`,
      expect: listing(ofKind(kind), kind),
      rows: idsOf('cases', 'caseId'),
    })),
  ],
  getCaseReadModel: RM_CASES.map((c) => ({
    url: `/read/cases/${c.caseId}`,
    expect: record(c.kind, c.caseId, c.classification, c.caseId === rm.operation ? PENDING : []),
    rows: caseIdOf,
  })),
  getPersonDossier: [rm.victim, rm.suspect, rm.secretSuspect].map((caseId) => ({
    url: `/read/dossiers/${caseId}`,
    expect: record(
      dossierKind(caseId),
      caseId,
      rmClassification(caseId),
      DOSSIER_VALUES.filter((p) => p.caseId === caseId),
    ),
    rows: caseIdOf,
  })),
  listOperationSummaries: [
    { url: '/read/operations', expect: listing(ofKind('operation'), 'operation'), rows: idsOf('operations', 'operationId') },
  ],
  getOperationSummary: [rm.operation, rm.secretOperation].map((operationId) => ({
    url: `/read/operations/${operationId}`,
    expect: record('operation', operationId, rmClassification(operationId)),
    rows: (body: Body) => [body.operationId as string],
  })),
  listEstimates: [{ url: '/read/estimates', expect: listing(ofKind('operation'), 'operation'), rows: idsOf('estimates', 'operationId') }],
  listFlightSummaries: [{ url: '/read/flights', expect: listing(ofKind('flight'), 'flight'), rows: idsOf('flights', 'flightId') }],
  getFlightManifest: [
    {
      url: `/read/flights/${rm.flight}/manifest`,
      // The flight's own row, then one row per seat of a case the caller sees.
      expect: (caller) => {
        const flight = record('flight', rm.flight, 'RESTRICTED')(caller);
        if (flight.status !== 200) return flight;
        const seats = [rm.suspect, rm.secretSuspect].map((caseId) => RM_CASES.find((c) => c.caseId === caseId)!);
        return {
          status: 200,
          shows: [rm.flight, ...seats.filter((c) => sees(caller, c.kind, c.classification)).map((c) => c.caseId)],
          hides: seats.filter((c) => !sees(caller, c.kind, c.classification)).map((c) => c.caseId),
        };
      },
      rows: (body: Body) => [(body.flight as Body).flightId as string, ...idsOf('entries', 'caseId')(body)],
    },
  ],
  listDeadlinesAtRisk: [
    { url: '/read/deadlines', expect: listing(WITH_DEADLINES), rows: idsOf('deadlines', 'caseId') },
    {
      url: '/read/deadlines?kind=victim',
      expect: listing(
        ofKind('victim').filter((c) => c.caseId === rm.victim),
        'victim',
      ),
      rows: idsOf('deadlines', 'caseId'),
    },
  ],
  getCampaignStatistics: [{ url: '/read/statistics', expect: (caller) => ({ status: permitted(caller, 'statistics.read') ? 200 : 403 }) }],
};

/** Each fact of a dossier the caller may see is there, redacted exactly when the caller lacks its category. */
function expectDossierRedaction(caller: Caller, caseId: string, body: { facts: Record<string, { field: string; value: unknown }[]> }) {
  const shown = new Map(Object.values(body.facts).flatMap((facts) => facts.map((f) => [f.field, f.value] as const)));
  for (const p of DOSSIER_VALUES.filter((v) => v.caseId === caseId)) {
    const label = `${who(caller)} dossier ${caseId} ${p.field}`;
    if (!sees(caller, p.kind, p.classification)) expect(shown.has(p.field), label).toBe(false);
    else expect(shown.get(p.field), label).toBe(knows(caller, p.kind, p.category) ? p.value : REDACTED);
  }
}

// ---- live cases, through the API and a real worker ----------------------------------------------------

interface LiveCase {
  caseId: string;
  kind: CaseKind;
  classification: Classification;
  /** Who opens it, and the opening body (sent again by the matrix: 409 for the callers allowed to). */
  opener: Partial<Caller>;
  open: Record<string, unknown>;
  /** Commands the seeding gives after opening it. */
  afterOpening?: { command: string; body: Record<string, unknown> }[];
  values: PersonalValue[];
}

const live = {
  victim: `victim-live-${run}`,
  locatedVictim: `victim-located-${run}`,
  suspect: `suspect-live-${run}`,
  secretSuspect: `suspect-intel-${run}`,
  operation: `operation-live-${run}`,
  flight: `flight-live-${run}`,
};
secretIds.push(live.secretSuspect);

const v = (caseId: string, kind: CaseKind, category: PersonalDataCategory, classification: Classification, caseClass: Classification) =>
  personal(caseId, kind, category, classification, caseClass, classification === 'SECRET' ? 'SECRET' : classification);

const LIVE: LiveCase[] = [
  {
    caseId: live.victim,
    kind: 'victim',
    classification: 'RESTRICTED',
    opener: { agency: 'MOFA', role: 'operator', clearance: 'CONFIDENTIAL' },
    open: { caseId: live.victim, leadAgency: 'MOFA', reportedBy: 'family', hostCountry: 'KH' },
    values: [
      v(live.victim, 'victim', 'name', 'RESTRICTED', 'RESTRICTED'),
      v(live.victim, 'victim', 'location', 'RESTRICTED', 'RESTRICTED'),
      v(live.victim, 'victim', 'phone', 'RESTRICTED', 'RESTRICTED'),
      v(live.victim, 'victim', 'contact', 'RESTRICTED', 'RESTRICTED'),
    ],
  },
  {
    caseId: live.locatedVictim,
    kind: 'victim',
    classification: 'CONFIDENTIAL',
    opener: { agency: 'MOFA', role: 'operator', clearance: 'CONFIDENTIAL' },
    open: { caseId: live.locatedVictim, leadAgency: 'MOFA', reportedBy: 'call_centre', hostCountry: 'KH' },
    afterOpening: [{ command: 'recordLocation', body: { location: `location-${live.locatedVictim}`, confirmedBy: 'NPA' } }],
    values: [
      // Reported while the case was RESTRICTED; located in a CONFIDENTIAL event that made the case CONFIDENTIAL.
      personal(live.locatedVictim, 'victim', 'name', 'RESTRICTED', 'CONFIDENTIAL', 'RESTRICTED'),
      personal(live.locatedVictim, 'victim', 'location', 'CONFIDENTIAL', 'CONFIDENTIAL', 'CONFIDENTIAL'),
    ],
  },
  {
    caseId: live.suspect,
    kind: 'suspect',
    classification: 'CONFIDENTIAL',
    opener: { agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL' },
    open: { caseId: live.suspect, leadAgency: 'NPA', hostCountry: 'KH', source: 'report' },
    values: [
      v(live.suspect, 'suspect', 'name', 'CONFIDENTIAL', 'CONFIDENTIAL'),
      v(live.suspect, 'suspect', 'passport', 'CONFIDENTIAL', 'CONFIDENTIAL'),
    ],
  },
  {
    caseId: live.secretSuspect,
    kind: 'suspect',
    classification: 'SECRET',
    opener: { agency: 'NIS', role: 'operator', clearance: 'SECRET' },
    open: { caseId: live.secretSuspect, leadAgency: 'NIS', hostCountry: 'KH', source: 'intelligence' },
    values: [
      v(live.secretSuspect, 'suspect', 'name', 'SECRET', 'SECRET'),
      v(live.secretSuspect, 'suspect', 'passport', 'SECRET', 'SECRET'),
    ],
  },
  {
    caseId: live.operation,
    kind: 'operation',
    classification: 'CONFIDENTIAL',
    opener: { agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL' },
    open: { caseId: live.operation, leadAgency: 'NPA', hostCountry: 'KH', codeName: `Dawn ${run}` },
    values: [],
  },
  {
    caseId: live.flight,
    kind: 'flight',
    classification: 'RESTRICTED',
    opener: { agency: 'MOJ', role: 'operator', clearance: 'CONFIDENTIAL' },
    open: { caseId: live.flight, leadAgency: 'MOJ', hostCountry: 'KH' },
    values: [],
  },
];
/** The personal values go into the opening bodies under the field names their kinds use. */
const FIELD: Partial<Record<PersonalDataCategory, string>> = {
  name: 'personName',
  location: 'lastKnownLocation',
  phone: 'contactPhone',
  contact: 'familyContact',
  passport: 'passportNumber',
};
for (const c of LIVE) {
  for (const p of c.values) if (p.category !== 'location' || c.caseId === live.victim) c.open[FIELD[p.category]!] = p.value;
  everyValue.push(...c.values);
}
const liveOf = (caseId: string) => LIVE.find((c) => c.caseId === caseId)!;
/** The case each command is sent to: one each kind opens and anyone who works it may see, given a body it refuses. */
const COMMANDED: Record<CaseKind, string> = { victim: live.victim, suspect: live.suspect, operation: live.operation, flight: live.flight };

// ---- the suite ------------------------------------------------------------------------------------------

let readModels: ReadApi;
let cases: CaseApi;
let routes: { method: string; path: string; operationId: string; access: 'public' | Operation }[];
const readTokens = new Map<Caller, string>();
const liveTokens = new Map<Caller, string>();
/** Each live case's first appendEvents input, as the worker encrypted it (what the Temporal UI hands the codec), and its events' data. */
const encryptedInputs = new Map<string, unknown>();
const firstRecorded = new Map<string, string>();
const streams = new Map<Caller, SseClient>();

const liveHeaders = (caller: Caller) => ({ authorization: `Bearer ${liveTokens.get(caller)}` });

beforeAll(async () => {
  readModels = await readApi({ temporal: true });
  cases = await caseApi();
  await seedReadModels(readModels);
  const doc = (await readModels.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
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
  for (const caller of CALLERS) {
    readTokens.set(caller, await readModels.token(caller));
    liveTokens.set(caller, await cases.token(caller, '30m'));
  }

  // Streams open before the live cases exist, so each receives their events as they are recorded.
  const server = await cases.url();
  await inBatches(
    CALLERS.filter((caller) => permitted(caller, 'event.stream')),
    20,
    async (caller) => {
      streams.set(caller, await SseClient.connect(server, liveTokens.get(caller)!));
    },
  );

  for (const c of LIVE) {
    const opened = await cases.app.inject({
      method: 'POST',
      url: `/cases/${c.kind}`,
      headers: await cases.bearer(c.opener),
      payload: c.open,
    });
    expect(opened.statusCode, `${c.caseId}: ${opened.body}`).toBe(201);
    for (const step of c.afterOpening ?? []) {
      const done = await cases.app.inject({
        method: 'POST',
        url: `/cases/${c.caseId}/commands/${step.command}`,
        headers: await cases.bearer(c.opener),
        payload: step.body,
      });
      expect(done.statusCode, `${c.caseId} ${step.command}: ${done.body}`).toBe(200);
    }
  }
  const store = new EventStore(cases.harness.pool);
  await waitUntil('every case has recorded its opening', async () =>
    (await Promise.all(LIVE.map(async (c) => (await store.readStream(c.caseId)).length > 0))).every(Boolean),
  );
  for (const c of LIVE) {
    firstRecorded.set(c.caseId, JSON.stringify((await store.readStream(c.caseId))[0]!.data));
    const history = await cases.harness.client.workflow.getHandle(c.caseId).fetchHistory();
    const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'appendEvents');
    encryptedInputs.set(c.caseId, payloadToJSON(scheduled!.activityTaskScheduledEventAttributes!.input!.payloads![0]!));
  }
  // Visibility is eventually consistent: wait until each kind counts every case of this run for a caller who sees them all.
  const allSeeing: Record<CaseKind, Partial<Caller>> = {
    victim: { agency: 'MOFA', clearance: 'CONFIDENTIAL' },
    suspect: { agency: 'NIS', clearance: 'SECRET' },
    operation: { agency: 'NPA', clearance: 'CONFIDENTIAL' },
    flight: { agency: 'MOJ', clearance: 'CONFIDENTIAL' },
  };
  for (const kind of CaseKinds.options) {
    const headers = await cases.bearer(allSeeing[kind]);
    const expected = LIVE.filter((c) => c.kind === kind).length;
    await waitUntil(
      `visibility counts the ${kind} cases`,
      async () => (await cases.app.inject({ method: 'GET', url: `/cases/count?kind=${kind}`, headers })).json().count === expected,
    );
  }
}, 180_000);

afterAll(async () => {
  for (const stream of streams.values()) stream.close();
  const size = [...tally.values()].reduce((sum, c) => sum + c.allow + c.deny + c.redact, 0);
  const totals = { allow: 0, deny: 0, redact: 0 };
  for (const c of tally.values()) for (const outcome of ['allow', 'deny', 'redact'] as const) totals[outcome] += c[outcome];
  console.log(
    `authorization matrix: ${size} cells (${CALLERS.length} callers: ${Agency.options.length} agencies × ${Role.options.length} roles × ` +
      `${CLASSIFICATIONS.length} clearances; cases of every classification): allow ${totals.allow}, deny ${totals.deny}, redact ${totals.redact}\n` +
      [...tally].map(([surface, c]) => `  ${surface.padEnd(28)} allow ${c.allow}, deny ${c.deny}, redact ${c.redact}`).join('\n'),
  );
  if (cases)
    await terminateCases(
      cases.harness,
      LIVE.map((c) => c.caseId),
    );
  await cases?.close();
  await readModels?.close();
});

describe('authorization matrix', () => {
  const LIVE_ROUTES = [
    'getCaseState',
    'getCaseHistory',
    'listCases',
    'countCases',
    'decodePayloads',
    'commandCase',
    'getAuditTrail',
    'streamEvents',
  ];

  it('enumerates the routes from the built API, and exercises every read-model and live case route', () => {
    expect(routes.length).toBeGreaterThan(10);
    const reads = routes.filter((r) => r.path.startsWith('/read/'));
    expect(reads.length).toBeGreaterThanOrEqual(9);
    for (const route of reads) expect(Object.keys(READ_PROBES), `${route.operationId} has no probe`).toContain(route.operationId);
    const operationIds = routes.map((r) => r.operationId);
    for (const operationId of [...LIVE_ROUTES, ...CaseKinds.options.map((k) => `open${k[0]!.toUpperCase()}${k.slice(1)}Case`)]) {
      expect(operationIds).toContain(operationId);
    }
  });

  it('public routes answer every caller, and no token, alike and never 401/403', async () => {
    const publicRoutes = routes.filter((r) => r.access === 'public');
    expect(publicRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/health', '/metrics', '/openapi.json', '/docs']));
    for (const route of publicRoutes) {
      const anonymous = await readModels.app.inject({ method: route.method as 'GET', url: route.path });
      expect([401, 403], route.path).not.toContain(anonymous.statusCode);
      expect(anonymous.statusCode, route.path).toBeLessThan(500 + (route.path === '/health' ? 4 : 0));
      await inBatches(ONE_CLEARANCE_EACH, 20, async (caller) => {
        const response = await readModels.app.inject({
          method: route.method as 'GET',
          url: route.path,
          headers: { authorization: `Bearer ${readTokens.get(caller)}` },
        });
        // Health answers as its dependencies do at that moment (503 when one is slow under the matrix's load).
        if (route.path === '/health') expect([200, 503], `${who(caller)} ${route.path}`).toContain(response.statusCode);
        else expect(response.statusCode, `${who(caller)} ${route.path}`).toBe(anonymous.statusCode);
        expectNoLeak(caller, route.path, response.body);
        count('public routes', 'allow');
      });
    }
  });

  it('read-model routes and /me: allow, deny (403), hide (404, left out of lists) and redact', async () => {
    const probes = Object.entries(READ_PROBES).flatMap(([operationId, list]) => list.map((probe) => ({ operationId, probe })));
    for (const { operationId, probe } of probes) {
      await inBatches(CALLERS, 20, async (caller) => {
        const response = await readModels.app.inject({
          method: 'GET',
          url: probe.url,
          headers: { authorization: `Bearer ${readTokens.get(caller)}` },
        });
        const expected = probe.expect(caller);
        const label = `${who(caller)} ${probe.url}`;
        expect(response.statusCode, label).toBe(expected.status);
        expectNoLeak(caller, probe.url, response.body);
        const surface = `read ${operationId}`;
        if (expected.status !== 200) {
          count(surface, 'deny', Math.max(1, expected.hides?.length ?? 1));
          return;
        }
        if (probe.rows && (expected.shows || expected.hides)) {
          const rows = probe.rows(response.json());
          for (const shown of expected.shows ?? []) expect(rows, `${label} should show ${shown}`).toContain(shown);
          for (const hidden of expected.hides ?? []) expect(rows, `${label} should hide ${hidden}`).not.toContain(hidden);
          if (expected.about === undefined) {
            count(surface, 'allow', expected.shows?.length ?? 0);
            count(surface, 'deny', expected.hides?.length ?? 0);
            return;
          }
        }
        const about = expected.about ?? [];
        for (const p of about) {
          const shown = response.body.includes(p.value);
          expect(shown, `${label} ${p.category} ${shown ? 'shown' : 'hidden'}`).toBe(knows(caller, p.kind, p.category));
        }
        if (operationId === 'getPersonDossier') expectDossierRedaction(caller, probe.url.split('/').at(-1)!, response.json());
        count(
          surface,
          shownAs(about, (p) => knows(caller, p.kind, p.category)),
        );
      });
    }
  }, 120_000);

  it('live state and history of each case: 403 by the rule, 404 for a case the caller may not see, else shown and redacted', async () => {
    const cells = CALLERS.flatMap((caller) => LIVE.map((c) => ({ caller, c })));
    await inBatches(cells, 20, async ({ caller, c }) => {
      const seen = sees(caller, c.kind, c.classification);
      const state = await cases.app.inject({ method: 'GET', url: `/cases/${c.caseId}/state`, headers: liveHeaders(caller) });
      const label = `${who(caller)} ${c.caseId}`;
      const stateStatus = !permitted(caller, 'case.read') ? 403 : seen ? 200 : 404;
      expect(state.statusCode, `${label} state: ${state.body}`).toBe(stateStatus);
      expectNoLeak(caller, `${c.caseId}/state`, state.body);
      count('live case state', stateStatus === 200 ? 'allow' : 'deny');

      const history = await cases.app.inject({ method: 'GET', url: `/cases/${c.caseId}/history`, headers: liveHeaders(caller) });
      const historyStatus = !permitted(caller, 'case.history') ? 403 : seen ? 200 : 404;
      expect(history.statusCode, `${label} history`).toBe(historyStatus);
      expectNoLeak(caller, `${c.caseId}/history`, history.body);
      if (historyStatus !== 200) return count('live case history', 'deny');
      // Supervisors see decoded payloads and events; an auditor's payloads stay encrypted and its events redacted.
      for (const p of c.values)
        expect(history.body.includes(p.value), `${label} history ${p.category}`).toBe(knows(caller, p.kind, p.category));
      count(
        'live case history',
        shownAs(c.values, (p) => knows(caller, p.kind, p.category)),
      );
    });
  }, 180_000);

  it('live lists and counts of each kind: exactly the cases the caller may see', async () => {
    const cells = CALLERS.flatMap((caller) => CaseKinds.options.map((kind) => ({ caller, kind })));
    await inBatches(cells, 20, async ({ caller, kind }) => {
      const ofThisKind = LIVE.filter((c) => c.kind === kind);
      const status = !permitted(caller, 'case.read') || !worksKind(caller, kind) ? 403 : 200;
      const label = `${who(caller)} ${kind}`;
      const list = await cases.app.inject({ method: 'GET', url: `/cases?kind=${kind}&pageSize=50`, headers: liveHeaders(caller) });
      expect(list.statusCode, `${label} list`).toBe(status);
      expectNoLeak(caller, `/cases?kind=${kind}`, list.body);
      const counted = await cases.app.inject({ method: 'GET', url: `/cases/count?kind=${kind}`, headers: liveHeaders(caller) });
      expect(counted.statusCode, `${label} count`).toBe(status);
      if (status !== 200) {
        count('live case lists', 'deny', ofThisKind.length);
        count('live case counts', 'deny');
        return;
      }
      const listed = (list.json() as { cases: { caseId: string }[] }).cases.map((row) => row.caseId);
      const visible = ofThisKind.filter((c) => sees(caller, c.kind, c.classification)).map((c) => c.caseId);
      expect(listed.sort(), `${label} list`).toEqual(visible.sort());
      expect(counted.json().count, `${label} count`).toBe(visible.length);
      count('live case lists', 'allow', visible.length);
      count('live case lists', 'deny', ofThisKind.length - visible.length);
      count('live case counts', 'allow');
    });
  }, 120_000);

  it('codec decode of each case’s payload: 403 by the rule, 404 for a case the caller may not see, else decoded and redacted', async () => {
    const cells = CALLERS.flatMap((caller) => LIVE.map((c) => ({ caller, c })));
    await inBatches(cells, 20, async ({ caller, c }) => {
      const response = await cases.app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: liveHeaders(caller),
        payload: { payloads: [encryptedInputs.get(c.caseId)] },
      });
      const status = !permitted(caller, 'payload.decode') ? 403 : sees(caller, c.kind, c.classification) ? 200 : 404;
      const label = `${who(caller)} decode ${c.caseId}`;
      expect(response.statusCode, `${label}: ${response.body}`).toBe(status);
      const decoded =
        status === 200 ? Buffer.from((response.json() as { payloads: { data: string }[] }).payloads[0]!.data, 'base64').toString() : '';
      expectNoLeak(caller, label, `${response.body}${decoded}`);
      if (status !== 200) return count('codec decode', 'deny');
      const values = c.values.filter((p) => firstRecorded.get(c.caseId)!.includes(p.value));
      for (const p of values) expect(decoded.includes(p.value), `${label} ${p.category}`).toBe(knows(caller, p.kind, p.category));
      count(
        'codec decode',
        shownAs(values, (p) => knows(caller, p.kind, p.category)),
      );
    });
  }, 120_000);

  it('every command of every kind: 403 by the rule or the command table (naming it), 404 for a kind the agency does not work', async () => {
    const cells = CALLERS.flatMap((caller) =>
      CaseKinds.options.flatMap((kind) => Object.keys(COMMAND_PERMISSIONS[kind]).map((command) => ({ caller, kind, command }))),
    );
    await inBatches(cells, 25, async ({ caller, kind, command }) => {
      const opening = command === CASE_KIND_SPECS[kind].open.name;
      const subject = liveOf(COMMANDED[kind]);
      const response = opening
        ? await cases.app.inject({ method: 'POST', url: `/cases/${kind}`, headers: liveHeaders(caller), payload: subject.open })
        : await cases.app.inject({
            method: 'POST',
            url: `/cases/${subject.caseId}/commands/${command}`,
            headers: liveHeaders(caller),
            payload: { notAField: true },
          });
      const label = `${who(caller)} ${kind}.${command}`;
      let status: number;
      // A case of a kind the agency does not work is not found; a new case has nothing to hide.
      if (!permitted(caller, 'case.command')) status = 403;
      else if (!opening && !worksKind(caller, kind)) status = 404;
      else if (!mayGive(caller, kind, command)) status = 403;
      // Past the gate: the case exists (409), or the body is refused (400) before anything reaches the case.
      else status = opening ? 409 : 400;
      expect(response.statusCode, `${label}: ${response.body}`).toBe(status);
      if (status === 403 && permitted(caller, 'case.command')) {
        expect(response.json(), label).toMatchObject({ rule: 'command-permission', command });
      }
      expectNoLeak(caller, label, response.body);
      count('commands', status === 400 || status === 409 ? 'allow' : 'deny');
    });
  }, 240_000);

  it('a command to a case the caller may not see is 404 before it reaches the case', async () => {
    await inBatches(CALLERS, 20, async (caller) => {
      const response = await cases.app.inject({
        method: 'POST',
        url: `/cases/${live.secretSuspect}/commands/closeCase`,
        headers: liveHeaders(caller),
        payload: { note: 'closing what I may not see' },
      });
      let status: number;
      if (!permitted(caller, 'case.command')) status = 403;
      else if (!worksKind(caller, 'suspect') || !mayGive(caller, 'suspect', 'closeCase')) status = 403;
      else status = sees(caller, 'suspect', 'SECRET') ? 409 : 404;
      expect(response.statusCode, `${who(caller)}: ${response.body}`).toBe(status);
      expectNoLeak(caller, `${live.secretSuspect}/commands/closeCase`, response.body);
      count('commands to a SECRET case', 'deny');
    });
  });

  it('the audit trail: entries about a case only for callers who may see the case', async () => {
    const cells = CALLERS.flatMap((caller) => LIVE.map((c) => ({ caller, c })));
    await inBatches(cells, 20, async ({ caller, c }) => {
      const response = await cases.app.inject({ method: 'GET', url: `/audit?case=${c.caseId}`, headers: liveHeaders(caller) });
      const label = `${who(caller)} audit ${c.caseId}`;
      expect(response.statusCode, label).toBe(permitted(caller, 'audit.read') ? 200 : 403);
      expectNoLeak(caller, label, response.body);
      if (response.statusCode !== 200) return count('audit trail', 'deny');
      const entries = (response.json() as { entries: { caseId: string }[] }).entries;
      const seen = sees(caller, c.kind, c.classification);
      if (seen) expect(entries.length, label).toBeGreaterThan(0);
      else expect(entries, label).toEqual([]);
      count('audit trail', seen ? 'allow' : 'deny');
    });
  }, 120_000);

  it('the event stream: each caller receives exactly the events it may see, as of its case, redacted', async () => {
    const store = new EventStore(cases.harness.pool);
    const recorded = (await Promise.all(LIVE.map((c) => store.readStream(c.caseId)))).flat();
    const { rows } = await cases.harness.pool.query<{ transaction_id: string; global_position: string }>(
      'SELECT transaction_id, global_position FROM events WHERE stream_id = ANY($1) ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
      [LIVE.map((c) => c.caseId)],
    );
    const last = { transactionId: BigInt(rows[0]!.transaction_id), globalPosition: BigInt(rows[0]!.global_position) };
    const passed = (stream: SseClient) => stream.lastId !== undefined && comparePositions(parsePositionId(stream.lastId)!, last) >= 0;
    await inBatches(CALLERS, 20, async (caller) => {
      const stream = streams.get(caller);
      if (!stream) {
        const refused = await cases.app.inject({ method: 'GET', url: '/streams/events', headers: liveHeaders(caller) });
        expect(refused.statusCode, who(caller)).toBe(403);
        count('event stream', 'deny', recorded.length);
        return;
      }
      await stream.waitFor(`${who(caller)} past the seeded events`, () => passed(stream));
      const received = stream.of(...LIVE.map((c) => c.caseId));
      expectNoLeak(caller, 'stream', JSON.stringify(received.map((e) => e.envelope)), 'asOf');
      const asOf = caseClassificationsAsOf(recorded);
      for (const [i, event] of recorded.entries()) {
        const kind = liveOf(event.streamId).kind;
        const visible = sees(caller, kind, event.classification) && sees(caller, kind, asOf[i]!);
        const got = received.find((e) => e.envelope.eventId === event.eventId);
        expect(got !== undefined, `${who(caller)} stream ${event.type} of ${event.streamId}`).toBe(visible);
        if (!got) {
          count('event stream', 'deny');
          continue;
        }
        const values = liveOf(event.streamId).values.filter((p) => JSON.stringify(event.data).includes(p.value));
        for (const p of values)
          expect(JSON.stringify(got.envelope.data).includes(p.value), `${who(caller)} ${p.category}`).toBe(knows(caller, kind, p.category));
        count(
          'event stream',
          shownAs(values, (p) => knows(caller, kind, p.category)),
        );
      }
    });
  }, 120_000);

  it('the agency topics: each agency’s topic carries what its liaison may see, as of each case', async () => {
    const store = new EventStore(cases.harness.pool);
    const recorded = (await Promise.all(LIVE.map((c) => store.readStream(c.caseId)))).flat();
    const asOf = caseClassificationsAsOf(recorded);
    const routed = routeEvents(recorded, asOf);
    for (const agency of Agency.options) {
      const reader: Caller = { userId: `topic-${agency}`, agency, role: 'liaison', clearance: 'SECRET' };
      const copies = (routed.get(agency) ?? []).map((message) => JSON.parse(String(message.value)) as EventEnvelope);
      expectNoLeak(reader, `topic ${agency}`, JSON.stringify(copies), 'asOf');
      for (const [i, event] of recorded.entries()) {
        const kind = liveOf(event.streamId).kind;
        const copy = copies.find((e) => e.eventId === event.eventId);
        expect(copy !== undefined, `${agency} topic ${event.type} of ${event.streamId}`).toBe(
          sees(reader, kind, event.classification) && sees(reader, kind, asOf[i]!),
        );
        if (!copy) {
          count('agency topics', 'deny');
          continue;
        }
        const values = liveOf(event.streamId).values.filter((p) => JSON.stringify(event.data).includes(p.value));
        for (const p of values)
          expect(JSON.stringify(copy.data).includes(p.value), `${agency} ${p.category}`).toBe(knows(reader, kind, p.category));
        count(
          'agency topics',
          shownAs(values, (p) => knows(reader, kind, p.category)),
        );
      }
    }
  });

  it('every other route: no token is 401, every caller its rule refuses is 403', async () => {
    const exercised = new Set([...Object.keys(READ_PROBES), ...LIVE_ROUTES]);
    const others = routes.filter((r) => r.access !== 'public' && !exercised.has(r.operationId) && !/^open\w+Case$/.test(r.operationId));
    expect(others.length).toBeGreaterThan(0);
    for (const route of others) {
      const url = route.path.replace(/\{[^}]+\}/g, live.victim);
      const method = route.method as 'GET' | 'POST';
      const anonymous = await cases.app.inject({ method, url });
      expect(anonymous.statusCode, `${route.operationId} without a token`).toBe(401);
      const refused = CALLERS.filter((caller) => !permitted(caller, route.access as Operation));
      await inBatches(refused, 20, async (caller) => {
        const response = await cases.app.inject({ method, url, headers: liveHeaders(caller) });
        expect(response.statusCode, `${who(caller)} ${route.operationId}`).toBe(403);
        expectNoLeak(caller, url, response.body);
        count(`gate ${route.operationId}`, 'deny');
      });
    }
  });
});

/** Each event's case classification as of it: the highest among its stream's events so far (the events in stream order). */
function caseClassificationsAsOf(events: readonly EventEnvelope[]): Classification[] {
  const highest = new Map<string, Classification>();
  return events.map((event) => {
    const before = highest.get(event.streamId);
    const asOf = before && rank(before) > rank(event.classification) ? before : event.classification;
    highest.set(event.streamId, asOf);
    return asOf;
  });
}
