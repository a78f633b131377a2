// The seed campaign as a plan: victim reports over 2023-2024 (17, then 220), the joint
// taskforce's 8 operations with 136 arrests, rescues and repatriations, screening of
// victim-offenders, the charter flight of 73 on 2026-01-23, people still unaccounted for.
// Pure data; demo/main.ts plays it through the API and compares the statistics it expects.

export const HOST_COUNTRY = 'KH';
export const FLIGHT_DATE = '2026-01-23';

export const REPORTS_BY_YEAR = { 2023: 17, 2024: 220 } as const;
const VICTIMS = REPORTS_BY_YEAR[2023] + REPORTS_BY_YEAR[2024];

/** How far each reported person got, by index in report order (first ones furthest). */
export const VICTIM_MILESTONES = {
  located: 150,
  rescued: 140,
  /** Of the rescued, the last ones decline help once free. */
  declined: 5,
  screened: 135,
  victimOffenders: 5,
  travelDocument: 120,
  repatriated: 110,
  followUp: 100,
  closed: 90,
  /** Located but contact lost again before any rescue. */
  contactLost: 10,
} as const;

export interface OperationPlan {
  ref: string;
  codeName: string;
  province: string;
  launchedOn: string;
  arrests: number;
}

/** 8 joint operations, 136 arrests in Sihanoukville, Poipet and Mondulkiri. */
export const OPERATIONS: OperationPlan[] = [
  { ref: 'op1', codeName: 'Breaking Chains 1', province: 'Sihanoukville', launchedOn: '2025-10-20', arrests: 22 },
  { ref: 'op2', codeName: 'Breaking Chains 2', province: 'Poipet', launchedOn: '2025-10-28', arrests: 18 },
  { ref: 'op3', codeName: 'Breaking Chains 3', province: 'Sihanoukville', launchedOn: '2025-11-04', arrests: 16 },
  { ref: 'op4', codeName: 'Breaking Chains 4', province: 'Mondulkiri', launchedOn: '2025-11-12', arrests: 15 },
  { ref: 'op5', codeName: 'Breaking Chains 5', province: 'Poipet', launchedOn: '2025-11-20', arrests: 17 },
  { ref: 'op6', codeName: 'Breaking Chains 6', province: 'Sihanoukville', launchedOn: '2025-11-28', arrests: 14 },
  { ref: 'op7', codeName: 'Breaking Chains 7', province: 'Mondulkiri', launchedOn: '2025-12-05', arrests: 18 },
  { ref: 'op8', codeName: 'Breaking Chains 8', province: 'Poipet', launchedOn: '2025-12-12', arrests: 16 },
];
export const ARRESTS = OPERATIONS.reduce((sum, op) => sum + op.arrests, 0);

/** The charter: the first 73 arrested, 70 charged with fraud and 3 with other offences. */
export const FLIGHT = { seats: 80, manifested: 73, chargedWithFraud: 70, escortRatio: 2, flightNumber: 'KE9690' } as const;

/** An investigator's estimate, not a registry count: shown beside the counts, never mixed in. */
export const ESTIMATED_UNACCOUNTED_FOR = 2000;

export function victimReportDate(index: number): string {
  const year = index < REPORTS_BY_YEAR[2023] ? 2023 : 2024;
  const within = year === 2023 ? index : index - REPORTS_BY_YEAR[2023];
  const perYear = REPORTS_BY_YEAR[year];
  const dayOfYear = Math.floor((within * 360) / perYear) + 1;
  return new Date(Date.UTC(year, 0, dayOfYear, 9)).toISOString();
}

/** Campaign statistics the read models must show after the run, as deltas of `metric|bucket`. */
export function expectedStatistics(flightId: string): Map<string, number> {
  const m = VICTIM_MILESTONES;
  return new Map<string, number>([
    ['reports|2023', REPORTS_BY_YEAR[2023]],
    ['reports|2024', REPORTS_BY_YEAR[2024]],
    ['located|', m.located],
    ['rescued|', m.rescued],
    ['repatriated|', m.repatriated],
    ['declined_assistance|', m.declined],
    ['victim_offenders|', m.victimOffenders],
    ['still_missing|', VICTIMS - m.located + m.contactLost],
    ['suspects_identified|', ARRESTS + m.victimOffenders],
    ['arrested|', ARRESTS],
    [`deported|${flightId}`, FLIGHT.manifested],
    ['referred_to_prosecution|', FLIGHT.manifested],
    ['operations|', OPERATIONS.length],
    ['targets_raided|', OPERATIONS.length * 2],
  ]);
}

export const VICTIM_COUNT = VICTIMS;
