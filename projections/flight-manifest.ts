// Read models `flight_manifests` and `flight_manifest_entries`: each charter flight (number, route,
// capacity, escorts, legs) and every case that held a seat on it, including the seats released
// before departure and why (removed, or the case lost its clearance).
import { type Columns, deleteWhereIn, insertRows, type Row, upsertRows } from './bulk-sql.ts';
import type { CaseChange, CaseReadModel } from './case-change.ts';
import type { RecordOf } from './case-record.ts';

const FLIGHT_COLUMNS: Columns = {
  flight_id: 'text',
  flight_number: 'text',
  origin: 'text',
  destination: 'text',
  status: 'text',
  lead_agency: 'text',
  host_country: 'text',
  classification: 'text',
  capacity: 'integer',
  escort_ratio: 'integer',
  officers: 'integer',
  manifested: 'integer',
  planned_at: 'timestamptz',
  departed_at: 'timestamptz',
  landed_at: 'timestamptz',
  handed_over_at: 'timestamptz',
  stream_version: 'integer',
};

const ENTRY_COLUMNS: Columns = { flight_id: 'text', case_id: 'text', seat: 'text', status: 'text', released_cause: 'text' };

export function flightManifestRow(record: RecordOf<'flight'>): Row {
  const { state, firsts } = record;
  const departed = firsts.FlightDeparted !== undefined;
  return {
    flight_id: record.caseId,
    flight_number: state.flightNumber,
    origin: state.route?.origin ?? null,
    destination: state.route?.destination ?? null,
    status: state.status,
    lead_agency: state.leadAgency,
    host_country: state.hostCountry,
    classification: record.classification,
    capacity: state.capacity,
    escort_ratio: state.escortRatio,
    officers: state.officers,
    manifested: departed ? state.onBoard.length : state.manifest.length,
    planned_at: firsts.FlightPlanned ?? null,
    departed_at: firsts.FlightDeparted ?? null,
    landed_at: firsts.FlightLanded ?? null,
    handed_over_at: firsts.HandoverCompleted ?? null,
    stream_version: record.streamVersion,
  };
}

export function manifestEntryRows(record: RecordOf<'flight'>): Row[] {
  return Object.entries(record.manifest)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([caseId, entry]) => ({
      flight_id: record.caseId,
      case_id: caseId,
      seat: entry.seat,
      status: entry.status,
      released_cause: entry.releasedCause,
    }));
}

export const flightManifest: CaseReadModel = {
  tables: ['flight_manifests', 'flight_manifest_entries'],
  async write(tx, changes: readonly CaseChange[]) {
    const flights = changes.flatMap(({ before, after }) =>
      after.kind === 'flight' ? [{ before: before?.kind === 'flight' ? before : null, after }] : [],
    );
    await upsertRows(
      tx,
      'flight_manifests',
      FLIGHT_COLUMNS,
      ['flight_id'],
      flights.map(({ after }) => flightManifestRow(after)),
    );
    const reseated = flights.filter(
      ({ before, after }) => JSON.stringify(before ? manifestEntryRows(before) : []) !== JSON.stringify(manifestEntryRows(after)),
    );
    await deleteWhereIn(
      tx,
      'flight_manifest_entries',
      'flight_id',
      reseated.map(({ after }) => after.caseId),
    );
    await insertRows(
      tx,
      'flight_manifest_entries',
      ENTRY_COLUMNS,
      reseated.flatMap(({ after }) => manifestEntryRows(after)),
    );
  },
};
