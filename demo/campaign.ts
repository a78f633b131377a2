// The seed campaign as data (../shared/DOMAIN.md and ../shared/seed/): the reports to the consular
// call centre, the operations and the three charter flights with who boarded and what happened on
// landing, the figures the seed gives with their source and the read model that must show each, and
// the investigators' estimates, which are recorded as estimates and never counted.
// demo/main.ts plays it through the API in this order; nothing here talks to the system.
// Where the seed is silent (a date, a split, a place) the plan says so: `ASSUMED` marks an inference.

export type HostCountry = 'PH' | 'KH';
export type Screening = 'victim' | 'victim_offender';

/** Marks a value the seed does not give: chosen to fit the figures it does give. */
export const ASSUMED = 'assumed: not in the seed';

const DOMAIN = 'DOMAIN.md';
const SEED_TEXT = 'seed/k-taskforce-cambodia.txt';

/** Reports to MOFA by year (DOMAIN.md, "Numbers for the campaign"); the 2025 figure covers January to August. */
export const REPORTS = [
  { year: 2022, count: 1, from: '2022-01-01', to: '2022-12-31' },
  { year: 2023, count: 17, from: '2023-01-01', to: '2023-12-31' },
  { year: 2024, count: 220, from: '2024-01-01', to: '2024-12-31' },
  { year: 2025, count: 330, from: '2025-01-01', to: '2025-08-31' },
] as const;
export const REPORTED_PERSONS = REPORTS.reduce((sum, r) => sum + r.count, 0);

/**
 * "About 80 open in October 2025": the last reports stay open; every other reported person is
 * confirmed free by then, most of them outside the operations played here (a rescue without an
 * operation), a few in the raids before the October flight.
 */
export const OPEN_IN_OCTOBER_2025 = 80;
/** When a reported person who is freed outside the operations is confirmed free: days after the report, and at the latest. */
export const FREED_OUTSIDE_OPERATIONS = { daysAfterReport: 21, latest: '2025-09-30' } as const;

/** An investigators' estimate: recorded on an operation as an estimate, read back from `GET /read/estimates`. */
export interface EstimatePlan {
  /** What the figure estimates, as the recordEstimate command names it. */
  measure: 'persons_held_in_compounds' | 'persons_unaccounted_for' | 'compounds_operating' | 'fraud_victims';
  /** The same in words, for the demo's table. */
  subject: string;
  figure: number;
  asOf: string;
  sourceAgency: 'NPA' | 'MOFA';
  method: string;
  /** Where the seed gives it. */
  source: string;
}

export interface OperationPlan {
  ref: string;
  codeName: string;
  hostCountry: HostCountry;
  leadAgency: 'NPA' | 'HOST_POLICE';
  /** One of the Korea-Cambodia joint taskforce's operations. */
  jointTaskforce: boolean;
  province: string;
  launchedOn: string;
  /** Suspects arrested in its raids: each opens a suspect case. */
  arrests: number;
  /** Reported persons freed in its raids (their victim cases were opened by the reports), and how screening found them. */
  rescues?: { count: number; screening: Screening };
  /** Estimates the operation's investigators recorded, right after the launch. */
  estimates?: EstimatePlan[];
}

export interface FlightPlan {
  ref: string;
  date: string;
  hostCountry: HostCountry;
  /** null where the seed gives no flight number; the flight is then booked as CHARTER. */
  flightNumber: string | null;
  route: { origin: string; destination: string };
  escortRatio: number;
  /** Arrested by the host police outside any operation played here: each a suspect case identified, then arrested. */
  arrestedOutsideOperations?: { count: number; identifiedOn: string; arrestedOn: string };
  /** Who boards: the first raid arrests of the chapter's operations, the victim-offenders they found, the others. */
  boarding: { raidArrests: number; victimOffenders: number; arrestedOutsideOperations: number };
  /** After landing, in the order given: warrants for the first raid arrests, releases for the victim-offenders. */
  afterLanding: {
    detentionWarrantsSought: number;
    warrantsIssued: boolean;
    released: number;
    /** Referral to prosecution, each charge for so many people in boarding order. */
    charges: { charge: string; people: number }[];
  };
}

/** Where the demo reads a figure back: always a read model of the running system. */
export type Reading =
  | { kind: 'statistic'; metric: string; hostCountry: HostCountry; bucket?: string; flight?: string }
  | { kind: 'operations'; operations: string[]; value: 'suspectsDetained' | 'concluded' | 'provinces' }
  | { kind: 'rescuedInOperations'; operations: string[] }
  | { kind: 'flightCases'; flight: string; status?: string; fromOperations?: string[] }
  | { kind: 'flightsHandedOver'; flights: string[] };

export interface SeedFigure {
  figure: string;
  seed: number | string;
  source: string;
  reading: Reading;
  /** How the demo reads the seed where it had to choose. */
  note?: string;
}

/** A figure the seed gives that no read model counts, and why. */
export interface UncountedFigure {
  figure: string;
  seed: string;
  source: string;
  why: string;
}

/** A part of the campaign: played in order, then its figures are checked against the read models as they stand. */
export interface Chapter {
  title: string;
  operations: OperationPlan[];
  flight?: FlightPlan;
  figures: SeedFigure[];
}

const cambodianRaids: OperationPlan = {
  ref: 'kh-raids-2025',
  codeName: 'Cambodian police raids before the October charter',
  hostCountry: 'KH',
  leadAgency: 'HOST_POLICE',
  jointTaskforce: false,
  province: `Cambodia (${ASSUMED})`,
  launchedOn: '2025-09-20',
  arrests: 59,
  rescues: { count: 5, screening: 'victim_offender' },
};

/**
 * The joint taskforce's first 50 days: 8 operations, 136 arrests, 4 rescues, in Sihanoukville,
 * Poipet and Mondulkiri. The start date and the split per operation are assumed.
 */
const JOINT_TASKFORCE_START = '2025-11-10';
const JTF_ARRESTS = [22, 18, 16, 15, 17, 14, 18, 16];
const JTF_PROVINCES = ['Sihanoukville', 'Poipet', 'Mondulkiri'];
const firstFiftyDays: OperationPlan[] = JTF_ARRESTS.map((arrests, i) => ({
  ref: `jtf-${i + 1}`,
  codeName: `Joint taskforce operation ${i + 1}`,
  hostCountry: 'KH',
  leadAgency: 'NPA',
  jointTaskforce: true,
  province: JTF_PROVINCES[i % JTF_PROVINCES.length]!,
  launchedOn: new Date(Date.parse(JOINT_TASKFORCE_START) + i * 6 * 86_400_000).toISOString().slice(0, 10),
  arrests,
  ...(i < 4 ? { rescues: { count: 1, screening: 'victim' as const } } : {}),
}));
const FIRST_FIFTY_DAYS = firstFiftyDays.map((op) => op.ref);

/** "Later 140 arrests": a ninth operation after the January charter, with the arrests that make 136 into 140. */
const laterOperation: OperationPlan = {
  ref: 'jtf-9',
  codeName: 'Joint taskforce operation 9',
  hostCountry: 'KH',
  leadAgency: 'NPA',
  jointTaskforce: true,
  province: 'Sihanoukville',
  launchedOn: '2026-02-10',
  arrests: 4,
  estimates: [
    {
      measure: 'persons_unaccounted_for',
      subject: 'Koreans unaccounted for after travelling to Cambodia',
      figure: 2000,
      asOf: '2026-01-23',
      sourceAgency: 'NPA',
      method: "investigators' estimate of Koreans held in 50+ compounds; not a registry count",
      source: `${SEED_TEXT}; ${DOMAIN}`,
    },
  ],
};
const JOINT_OPERATIONS = [...FIRST_FIFTY_DAYS, laterOperation.ref];

export const FLIGHTS = {
  philippines: {
    ref: 'ph-2025-09-03',
    date: '2025-09-03',
    hostCountry: 'PH',
    flightNumber: null,
    route: { origin: 'MNL', destination: 'ICN' },
    escortRatio: 2,
    boarding: { raidArrests: 49, victimOffenders: 0, arrestedOutsideOperations: 0 },
    afterLanding: { detentionWarrantsSought: 49, warrantsIssued: true, released: 0, charges: [] },
  },
  cambodiaOctober: {
    ref: 'kh-2025-10-18',
    date: '2025-10-18',
    hostCountry: 'KH',
    flightNumber: null,
    route: { origin: 'PNH', destination: 'ICN' },
    escortRatio: 2,
    boarding: { raidArrests: 59, victimOffenders: 5, arrestedOutsideOperations: 0 },
    // 58 + 5 of 64: the seed says nothing of the 64th, who stays landed.
    afterLanding: { detentionWarrantsSought: 58, warrantsIssued: false, released: 5, charges: [] },
  },
  cambodiaJanuary: {
    ref: 'kh-2026-01-23',
    date: '2026-01-23',
    hostCountry: 'KH',
    flightNumber: 'KE9690',
    route: { origin: 'PNH', destination: 'ICN' },
    escortRatio: 2,
    arrestedOutsideOperations: { count: 5, identifiedOn: '2025-12-01', arrestedOn: '2025-12-10' },
    boarding: { raidArrests: 68, victimOffenders: 0, arrestedOutsideOperations: 5 },
    afterLanding: {
      detentionWarrantsSought: 73,
      warrantsIssued: true,
      released: 0,
      charges: [
        { charge: 'fraud', people: 70 },
        { charge: 'hostage robbery', people: 2 },
        { charge: 'gambling', people: 1 },
      ],
    },
  },
} as const satisfies Record<string, FlightPlan>;

const ALL_FLIGHTS = Object.values(FLIGHTS).map((f) => f.ref);

export const CAMPAIGN: Chapter[] = [
  {
    title: 'Reports to the consular call centre, 2022 to August 2025',
    operations: [],
    figures: REPORTS.map((r) => ({
      figure: `reports to MOFA, ${r.year === 2025 ? 'Jan-Aug 2025' : r.year}`,
      seed: r.count,
      source: `MOFA (${DOMAIN}${r.year === 2023 || r.year === 2024 ? `; ${SEED_TEXT}` : ''})`,
      reading: { kind: 'statistic', metric: 'reports', hostCountry: 'KH', bucket: String(r.year) },
    })),
  },
  {
    title: 'Philippines: raids and the charter of 2025-09-03',
    operations: [
      {
        ref: 'ph-raids-2025',
        codeName: 'Philippine raids before the September charter',
        hostCountry: 'PH',
        leadAgency: 'HOST_POLICE',
        jointTaskforce: false,
        province: `Philippines (${ASSUMED})`,
        launchedOn: '2025-08-05',
        arrests: 49,
      },
    ],
    flight: FLIGHTS.philippines,
    figures: [
      {
        figure: 'deported on the charter from the Philippines, 2025-09-03',
        seed: 49,
        source: `Daily Tribune 2025-09-03 (${DOMAIN})`,
        reading: { kind: 'statistic', metric: 'deported', hostCountry: 'PH', flight: FLIGHTS.philippines.ref },
      },
    ],
  },
  {
    title: 'Cambodia: raids and the charter of 2025-10-18',
    operations: [cambodianRaids],
    flight: FLIGHTS.cambodiaOctober,
    figures: [
      {
        figure: 'reports still open in October 2025',
        seed: OPEN_IN_OCTOBER_2025,
        source: `MOFA, "about 80" (${DOMAIN})`,
        reading: { kind: 'statistic', metric: 'still_missing', hostCountry: 'KH' },
        note: 'read before the joint taskforce frees anyone',
      },
      {
        figure: 'returned on the charter of 2025-10-18',
        seed: 64,
        source: `UNB; Chosun (${DOMAIN})`,
        reading: { kind: 'statistic', metric: 'deported', hostCountry: 'KH', flight: FLIGHTS.cambodiaOctober.ref },
      },
      {
        figure: '  of them caught in raids',
        seed: 59,
        source: `UNB; Chosun (${DOMAIN})`,
        reading: { kind: 'operations', operations: [cambodianRaids.ref], value: 'suspectsDetained' },
      },
      {
        figure: '  of them had reported being held (victim-offenders)',
        seed: 5,
        source: `UNB; Chosun (${DOMAIN})`,
        reading: { kind: 'statistic', metric: 'victim_offenders', hostCountry: 'KH' },
      },
      {
        figure: '  detention warrants sought on landing',
        seed: 58,
        source: `UNB; Chosun (${DOMAIN})`,
        reading: { kind: 'flightCases', flight: FLIGHTS.cambodiaOctober.ref, status: 'DETENTION_WARRANT_REQUESTED' },
      },
      {
        figure: '  released on landing',
        seed: 5,
        source: `UNB; Chosun (${DOMAIN})`,
        reading: { kind: 'flightCases', flight: FLIGHTS.cambodiaOctober.ref, status: 'RELEASED' },
        note: `the five who had reported being held (${ASSUMED})`,
      },
    ],
  },
  {
    title: "The joint taskforce's first 50 days and the charter of 2026-01-23 (KE9690)",
    operations: firstFiftyDays,
    flight: FLIGHTS.cambodiaJanuary,
    figures: [
      {
        figure: 'joint operations',
        seed: 8,
        source: SEED_TEXT,
        reading: { kind: 'operations', operations: FIRST_FIFTY_DAYS, value: 'concluded' },
      },
      {
        figure: 'arrests by the joint taskforce in its first 50 days',
        seed: 136,
        source: `${SEED_TEXT}; ${DOMAIN}`,
        reading: { kind: 'operations', operations: FIRST_FIFTY_DAYS, value: 'suspectsDetained' },
      },
      {
        figure: 'rescues by the joint taskforce in its first 50 days',
        seed: 4,
        source: DOMAIN,
        reading: { kind: 'rescuedInOperations', operations: FIRST_FIFTY_DAYS },
      },
      {
        figure: 'provinces of the arrests',
        seed: 'Mondulkiri, Poipet, Sihanoukville',
        source: DOMAIN,
        reading: { kind: 'operations', operations: FIRST_FIFTY_DAYS, value: 'provinces' },
      },
      {
        figure: 'returned on KE9690, 2026-01-23',
        seed: 73,
        source: `${SEED_TEXT}; ${DOMAIN}`,
        reading: { kind: 'statistic', metric: 'deported', hostCountry: 'KH', flight: FLIGHTS.cambodiaJanuary.ref },
      },
      {
        figure: '  of them arrested by the joint taskforce',
        seed: 68,
        source: DOMAIN,
        reading: { kind: 'flightCases', flight: FLIGHTS.cambodiaJanuary.ref, fromOperations: FIRST_FIFTY_DAYS },
      },
      {
        figure: '  of them charged (70 with fraud, 3 with hostage robbery or gambling)',
        seed: 73,
        source: DOMAIN,
        reading: { kind: 'statistic', metric: 'referred_to_prosecution', hostCountry: 'KH' },
      },
      {
        figure: 'charter flights since September 2025',
        seed: 3,
        source: `${SEED_TEXT}; ${DOMAIN}`,
        reading: { kind: 'flightsHandedOver', flights: ALL_FLIGHTS },
      },
    ],
  },
  {
    title: 'The joint taskforce, later',
    operations: [laterOperation],
    figures: [
      {
        figure: 'arrests by the joint taskforce, later',
        seed: 140,
        source: DOMAIN,
        reading: { kind: 'operations', operations: JOINT_OPERATIONS, value: 'suspectsDetained' },
        note: `the 4 after 136 in a ninth operation (${ASSUMED})`,
      },
    ],
  },
];

/** Figures the seed gives that the read models do not count: printed, never compared. */
export const UNCOUNTED: UncountedFigure[] = [
  {
    figure: 'said they had been beaten, charter of 2025-10-18',
    seed: '4',
    source: `UNB; Chosun (${DOMAIN})`,
    why: "the structured welfare record is taken at a victim's screening (statistics persons_reporting_abuse), and the seed does not say which of the 64 said so: 59 were never screened as victims",
  },
  {
    figure: 'charges on KE9690: fraud / hostage robbery or gambling',
    seed: '70 / 3',
    source: DOMAIN,
    why: 'played as the referrals\u2019 charges; the read models count referrals, not charges',
  },
  {
    figure: 'victims and losses of the KE9690 suspects',
    seed: '869 victims, 48.6 bn won',
    source: DOMAIN,
    why: 'the people defrauded in Korea are not taskforce cases',
  },
  {
    figure: 'Red Notice subjects among the 140 arrests',
    seed: '6',
    source: DOMAIN,
    why: 'not played: a raid opens a new suspect case, not the wanted person\u2019s',
  },
  {
    figure: 'reports counted by the police / unresolved',
    seed: '143 / 52',
    source: DOMAIN,
    why: "the police's own count, not MOFA's: another agency's number",
  },
  {
    figure: 'emergency passports issued by the embassy in Cambodia',
    seed: '31, 88, 190, 152 (2022 to Sep 2025)',
    source: DOMAIN,
    why: 'issued to any Korean there, not only to the campaign\u2019s cases',
  },
  {
    figure: 'INTERPOL requests answered by Cambodia, Jan-Aug 2025',
    seed: '6 of 20',
    source: DOMAIN,
    why: 'requests outside the cases played here',
  },
  {
    figure: 'joint taskforce officers, Korean + Cambodian',
    seed: '7 + 12',
    source: `${SEED_TEXT}; ${DOMAIN}`,
    why: 'staffing is not a case fact',
  },
];

/** Every estimate of the plan, in chapter order. */
export const ESTIMATES: EstimatePlan[] = CAMPAIGN.flatMap((c) => c.operations.flatMap((op) => op.estimates ?? []));
