// Queries over `flight_manifests` and `flight_manifest_entries`: each charter flight and every
// case that held a seat on it. A seat of a case the caller may not see is withheld (counted, not
// shown), so a manifest never names a case the case list would hide.
import { z } from 'zod';
import { Agency, Classification } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { MANIFEST_ENTRY_STATUSES } from '../../workflows/flight/read-side.ts';
import { Instant, iso } from './fields.ts';
import type { Page } from './keyset.ts';
import { listPlanned, plannedListQuery } from './planned-listing.ts';
import { inScope, type RowScope } from './scope.ts';
import { Conditions, queryReadModel } from './sql.ts';

export const FlightListQuery = plannedListQuery('flight');
export type FlightListQuery = z.infer<typeof FlightListQuery>;

export const FlightSummary = z.object({
  flightId: z.string(),
  flightNumber: z.string().nullable(),
  origin: z.string().nullable(),
  destination: z.string().nullable(),
  status: z.string(),
  leadAgency: Agency.nullable(),
  hostCountry: z.string().nullable(),
  classification: Classification,
  capacity: z.number().int(),
  escortRatio: z.number().int().describe('officers per suspect'),
  officers: z.number().int().nullable(),
  manifested: z.number().int().describe('cases holding a seat (before departure) or on board (from departure on)'),
  plannedAt: Instant.nullable(),
  departedAt: Instant.nullable(),
  landedAt: Instant.nullable(),
  handedOverAt: Instant.nullable(),
  streamVersion: z.number().int(),
});
export type FlightSummary = z.infer<typeof FlightSummary>;

export const ManifestEntry = z.object({
  caseId: z.string(),
  seat: z.string().nullable(),
  status: z.enum(MANIFEST_ENTRY_STATUSES).describe('not_boarded: on the departed manifest, but it had lost its clearance before boarding'),
  releasedCause: z.string().nullable().describe('why a released seat was given up'),
});

export const FlightManifest = z.object({
  flight: FlightSummary,
  entries: z.array(ManifestEntry).describe('every case that held a seat and that the caller may see, by case id'),
  withheldEntries: z.number().int().describe('seats of cases the caller may not see'),
});
export type FlightManifest = z.infer<typeof FlightManifest>;

interface FlightRow extends Record<string, unknown> {
  flight_id: string;
  flight_number: string | null;
  origin: string | null;
  destination: string | null;
  status: string;
  lead_agency: Agency | null;
  host_country: string | null;
  classification: Classification;
  capacity: number;
  escort_ratio: number;
  officers: number | null;
  manifested: number;
  planned_at: Date | null;
  departed_at: Date | null;
  landed_at: Date | null;
  handed_over_at: Date | null;
  stream_version: number;
}

const COLUMNS = `f.flight_id, f.flight_number, f.origin, f.destination, f.status, f.lead_agency, f.host_country, f.classification,
  f.capacity, f.escort_ratio, f.officers, f.manifested, f.planned_at, f.departed_at, f.landed_at, f.handed_over_at, f.stream_version`;

function summaryOf(row: FlightRow): FlightSummary {
  return {
    flightId: row.flight_id,
    flightNumber: row.flight_number,
    origin: row.origin,
    destination: row.destination,
    status: row.status,
    leadAgency: row.lead_agency,
    hostCountry: row.host_country,
    classification: row.classification,
    capacity: row.capacity,
    escortRatio: row.escort_ratio,
    officers: row.officers,
    manifested: row.manifested,
    plannedAt: iso(row.planned_at),
    departedAt: iso(row.departed_at),
    landedAt: iso(row.landed_at),
    handedOverAt: iso(row.handed_over_at),
    streamVersion: row.stream_version,
  };
}

export async function listFlights(db: Queryable, scope: RowScope, query: FlightListQuery): Promise<Page<FlightSummary>> {
  const page = await listPlanned<FlightRow>(db, scope, query, {
    kind: 'flight',
    listing: 'flights',
    table: 'flight_manifests',
    alias: 'f',
    idColumn: 'flight_id',
    columns: COLUMNS,
  });
  return { rows: page.rows.map(summaryOf), nextCursor: page.nextCursor };
}

export async function findFlight(db: Queryable, flightId: string): Promise<FlightSummary | null> {
  const [row] = await queryReadModel<FlightRow>(db, `SELECT ${COLUMNS} FROM flight_manifests f WHERE f.flight_id = $1`, [flightId]);
  return row ? summaryOf(row) : null;
}

/** The flight's seats whose cases are in the caller's scope; a seat of a case not (yet) in the case list is withheld. */
export async function manifestEntries(
  db: Queryable,
  scope: RowScope,
  flightId: string,
): Promise<{ entries: z.infer<typeof ManifestEntry>[]; withheld: number }> {
  const query = new Conditions();
  const flight = query.param(flightId);
  const rows = await queryReadModel<{
    case_id: string;
    seat: string | null;
    status: z.infer<typeof ManifestEntry>['status'];
    released_cause: string | null;
    visible: boolean;
  }>(
    db,
    `SELECT e.case_id, e.seat, e.status, e.released_cause, COALESCE(${inScope('c.kind', 'c.classification', scope, (v) => query.param(v))}, false) AS visible
       FROM flight_manifest_entries e LEFT JOIN case_list c ON c.case_id = e.case_id
      WHERE e.flight_id = ${flight}
      ORDER BY e.case_id COLLATE "C"`,
    query.params,
  );
  const shown = rows.filter((row) => row.visible);
  return {
    entries: shown.map((row) => ({ caseId: row.case_id, seat: row.seat, status: row.status, releasedCause: row.released_cause })),
    withheld: rows.length - shown.length,
  };
}
