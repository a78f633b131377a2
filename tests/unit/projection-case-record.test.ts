// The `cases` projection's fold and the rows it derives, without a database: statuses agree with
// the workflows' deciders, no personal value enters a record, and counters do not depend on how
// the events were batched.
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../events/envelope.ts';
import { personalData } from '../../events/personal-data.ts';
import { contributionOf, counterDeltas } from '../../projections/campaign-statistics.ts';
import { caseListRow } from '../../projections/case-list.ts';
import { type CaseRecord, foldCase, type RecordOf } from '../../projections/case-record.ts';
import { foldBatch } from '../../projections/cases.ts';
import { deadlinesOf } from '../../projections/deadlines-at-risk.ts';
import { flightManifestRow, manifestEntryRows } from '../../projections/flight-manifest.ts';
import { operationSummaryRow } from '../../projections/operation-summary.ts';
import { personalFactsOf } from '../../projections/person-dossier.ts';
import { factOf } from '../../workflows/case-kit/stored-fact.ts';
import { initialVictimState, victimDecider } from '../../workflows/victim/decider.ts';
import { victimEvents as victimCatalogue, WelfareRecord } from '../../workflows/victim/events.ts';
import {
  asEnvelopes,
  asStreamEnvelopes,
  eventsOfFacts,
  newVictimCaseId,
  raidAndFlightEvents,
  SUSPECT_DEADLINES,
  victimEvents,
} from './projection-fixtures.ts';

function foldAll(events: readonly EventEnvelope[]): Map<string, CaseRecord> {
  const records = new Map<string, CaseRecord>();
  for (const event of events) records.set(event.streamId, foldCase(records.get(event.streamId) ?? null, event));
  return records;
}

function recordOf<K extends CaseRecord['kind']>(records: Map<string, CaseRecord>, kind: K, suffix = ''): RecordOf<K> {
  const record = [...records.values()].find((r) => r.kind === kind && r.caseId.endsWith(suffix));
  if (!record) throw new Error(`no ${kind} record ending in ${suffix}`);
  return record as RecordOf<K>;
}

const campaign = () => asStreamEnvelopes(raidAndFlightEvents('c1'));

/** The welfare record's counted categories, marked but unsealed: the victim state keeps them for the statistics. */
const COUNTED_WELFARE = new Set(
  Object.entries(WelfareRecord.shape)
    .filter(([, schema]) => personalData.get(schema)?.sealed === false)
    .map(([field]) => `welfare.${field}`),
);

describe('folding a case', () => {
  it('reaches the status the VictimCase decider folds the same events to, step by step', () => {
    const events = asEnvelopes(victimEvents(newVictimCaseId(), 10));
    let record: CaseRecord | null = null;
    let state = initialVictimState(events[0]!.streamId);
    for (const event of events) {
      record = foldCase(record, event);
      state = victimDecider.evolve(state, factOf(victimCatalogue, event));
      expect(record.state).toEqual(state);
    }
    expect(caseListRow(record!)).toMatchObject({ status: 'CLOSED', is_open: false, stream_version: 10, lead_agency: 'MOFA' });
  });

  it('keeps no sealed personal value of any event in any record: only counted categories, which the state schema redacts', () => {
    const events = [...campaign(), ...asEnvelopes(victimEvents(newVictimCaseId(), 10))];
    const personal = events.flatMap((e) =>
      Object.entries(personalFactsOf(e)?.fields ?? {})
        .filter(([path]) => !COUNTED_WELFARE.has(path))
        .map(([, f]) => String(f.value)),
    );
    expect(personal).toContain('Detained One');
    const stored = JSON.stringify([...foldAll(events).values()]);
    for (const value of new Set(personal)) expect(stored, value).not.toContain(value);
  });

  it('remembers when the case opened, its highest classification and each first milestone', () => {
    const records = foldAll(campaign());
    const operation = recordOf(records, 'operation');
    expect(operation).toMatchObject({ openedAt: '2024-04-01T00:00:00.000Z', classification: 'CONFIDENTIAL', streamVersion: 9 });
    expect(operation.firsts.OperationConcluded).toBe('2024-04-01T00:08:00.000Z');
  });
});

describe('rows derived from a folded case', () => {
  it('summarises a joint operation from its own events', () => {
    expect(operationSummaryRow(recordOf(foldAll(campaign()), 'operation'))).toMatchObject({
      operation_id: 'operation-c1',
      code_name: 'Dawn',
      status: 'CONCLUDED',
      partner_agencies: ['HOST_POLICE', 'MOFA'],
      provinces: ['Banteay Meanchey', 'Preah Sihanouk'],
      targets_raided: 2,
      suspects_detained: 1,
      victims_rescued: 1,
      cases_opened: 2,
      ended_at: '2024-04-01T00:08:00.000Z',
    });
  });

  it('lists every case that held a seat, the released one with its cause, and the handed-over one', () => {
    const flight = recordOf(foldAll(campaign()), 'flight');
    expect(manifestEntryRows(flight)).toEqual([
      { flight_id: 'flight-c1', case_id: 'suspect-c1-1', seat: '12A', status: 'handed_over', released_cause: null },
      { flight_id: 'flight-c1', case_id: 'suspect-c1-2', seat: '12B', status: 'released', released_cause: 'lost_clearance' },
    ]);
    expect(flightManifestRow(flight)).toMatchObject({
      flight_number: 'KE9690',
      origin: 'PNH',
      destination: 'ICN',
      status: 'HANDOVER_COMPLETE',
      manifested: 1,
      officers: 2,
    });
  });

  it('runs the clocks the workflows sleep on: provisional arrest, the 48-hour warrant window, welfare follow-up', () => {
    const records = foldAll([...campaign(), ...asEnvelopes(victimEvents('victim-waiting', 1))]);
    expect(deadlinesOf(recordOf(records, 'suspect', '-3'))).toEqual([
      { deadlineKind: 'provisional_arrest', dueAt: '2024-05-01T00:00:00.000Z', escalated: false },
    ]);
    expect(deadlinesOf(recordOf(records, 'suspect', '-1'))).toEqual([
      { deadlineKind: 'detention_warrant', dueAt: '2024-04-03T10:00:00.000Z', escalated: false },
    ]);
    const reported = recordOf(records, 'victim', 'waiting');
    expect(deadlinesOf(reported)).toEqual([{ deadlineKind: 'welfare_follow_up', dueAt: '2024-03-08T02:00:00.000Z', escalated: false }]);
    expect(caseListRow(reported)).toMatchObject({ next_deadline_kind: 'welfare_follow_up', next_deadline_at: '2024-03-08T02:00:00.000Z' });
    expect(deadlinesOf(recordOf(records, 'victim', 'c1-1'))).toEqual([]);
  });
});

describe('campaign statistics', () => {
  it('count per flight by legal route, and arrests by person', () => {
    const records = foldAll(campaign());
    expect([...contributionOf(recordOf(records, 'suspect', '-1')).keys()].map((k) => k.split('\u0000'))).toEqual([
      ['suspects_identified', 'KH', ''],
      ['arrested', 'KH', ''],
      ['deported', 'KH', 'flight-c1'],
      ['persons_returned', 'KH', ''],
    ]);
  });

  it('count a repatriated victim and a deported suspect as persons returned, and a victim-offender once', () => {
    const caseId = newVictimCaseId();
    const victim = foldAll(asEnvelopes(victimEvents(caseId, 8))).get(caseId)!;
    expect(contributionOf(victim).get(['persons_returned', 'KH', ''].join('\u0000'))).toBe(1);
    // A victim-offender returns in custody: their suspect case counts them, the victim case does not.
    const offender = { ...victim, state: { ...victim.state, screening: 'victim_offender', suspectCaseId: 'suspect-x' } } as CaseRecord;
    expect(contributionOf(offender).has(['persons_returned', 'KH', ''].join('\u0000'))).toBe(false);
  });

  it('count the welfare categories a screening recorded, and nothing for a screening without a welfare record', () => {
    const caseId = newVictimCaseId();
    const screened = foldAll(asEnvelopes(victimEvents(caseId, 6))).get(caseId)!;
    const counts = contributionOf(screened);
    expect(counts.get(['persons_injured', 'KH', ''].join('\u0000'))).toBe(1);
    expect(counts.get(['persons_reporting_abuse', 'KH', ''].join('\u0000'))).toBe(1);
    expect(counts.has(['persons_needing_medical_care', 'KH', ''].join('\u0000'))).toBe(false);
    const without = { ...screened, state: { ...screened.state, welfare: undefined } } as CaseRecord;
    expect([...contributionOf(without).keys()].some((key) => key.startsWith('persons_injured'))).toBe(false);
  });

  it('count no suspect identified for a screening case dropped as a victim', () => {
    const suspect = recordOf(foldAll(campaign()), 'suspect', '-2');
    const identified = ['suspects_identified', 'KH', ''].join('\u0000');
    expect(contributionOf(suspect).get(identified)).toBe(1);
    const droppedAsVictim = { ...suspect, state: { ...suspect.state, status: 'DROPPED', linkedVictimCaseId: 'victim-x' } } as CaseRecord;
    expect(contributionOf(droppedAsVictim).has(identified)).toBe(false);
    // Dropped for another reason (no link to a victim case), the person was still identified as a suspect.
    const dropped = { ...suspect, state: { ...suspect.state, status: 'DROPPED' } } as CaseRecord;
    expect(contributionOf(dropped).get(identified)).toBe(1);
  });

  it('add up to the same counters whether the events came in one batch or one at a time', () => {
    const events = [...campaign(), ...Array.from({ length: 5 }, (_, i) => asEnvelopes(victimEvents(newVictimCaseId(), 1 + i * 2))).flat()];
    const together = counterDeltas(foldBatch(new Map(), events));

    const oneByOne = new Map<string, number>();
    const records = new Map<string, CaseRecord>();
    for (const event of events) {
      const [change] = foldBatch(records, [event]);
      records.set(event.streamId, change!.after);
      for (const [key, delta] of counterDeltas([change!])) oneByOne.set(key, (oneByOne.get(key) ?? 0) + delta);
    }
    for (const [key, total] of oneByOne) if (total === 0) oneByOne.delete(key);
    expect(oneByOne).toEqual(together);
    expect(together.get(['reports', 'KH', '2024'].join('\u0000'))).toBe(6);
    expect(together.get(['still_missing', 'KH', ''].join('\u0000'))).toBe(1);
  });
});

describe('a suspect screened as a victim, and a case that never boarded', () => {
  const suspectId = 'suspect-screened-1';
  const victimId = 'victim-screened-1';
  const flightId = 'flight-notboarded-1';
  const screened = () =>
    asStreamEnvelopes(
      eventsOfFacts(
        [
          [
            suspectId,
            'SuspectIdentified',
            {
              caseId: suspectId,
              leadAgency: 'NPA',
              personName: 'Person Q',
              hostCountry: 'KH',
              source: 'raid',
              deadlines: SUSPECT_DEADLINES,
            },
          ],
          [suspectId, 'SuspectArrested', { caseId: suspectId, arrestedBy: 'HOST_POLICE' }],
          [suspectId, 'SuspectScreenedAsVictim', { caseId: suspectId, victimCaseId: victimId }],
          [
            victimId,
            'VictimReported',
            {
              caseId: victimId,
              leadAgency: 'MOFA',
              personName: 'Person Q',
              reportedBy: 'screening',
              hostCountry: 'KH',
              linkedSuspectCaseId: suspectId,
              deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
            },
          ],
        ],
        'test-screened',
      ),
    );

  it('both records name the other case, and the suspect case no longer counts as a suspect identified', () => {
    const events = screened();
    const beforeScreening = foldAll(events.slice(0, 2));
    expect([...contributionOf(recordOf(beforeScreening, 'suspect')).keys()].map((k) => k.split('\u0000')[0])).toEqual([
      'suspects_identified',
      'arrested',
    ]);
    const records = foldAll(events);
    const suspect = recordOf(records, 'suspect');
    expect(suspect.state).toMatchObject({ status: 'SCREENED_AS_VICTIM', victimCaseId: victimId });
    expect(caseListRow(suspect)).toMatchObject({ status: 'SCREENED_AS_VICTIM', is_open: false });
    expect(recordOf(records, 'victim').state).toMatchObject({ status: 'REPORTED', linkedSuspectCaseId: suspectId });
    expect([...contributionOf(suspect).keys()].map((k) => k.split('\u0000')[0])).toEqual(['arrested']);
  });

  it('a case on the departed manifest that never boarded reads not_boarded, and is not counted on board', () => {
    const events = asStreamEnvelopes(
      eventsOfFacts(
        [
          [flightId, 'FlightPlanned', { flightId, leadAgency: 'MOJ', hostCountry: 'KH' }],
          [
            flightId,
            'ManifestOpened',
            { flightId, flightNumber: 'KE9690', route: { origin: 'PNH', destination: 'ICN' }, capacity: 5, escortRatio: 2 },
          ],
          [flightId, 'CaseManifested', { flightId, caseId: 'suspect-a' }],
          [flightId, 'CaseManifested', { flightId, caseId: 'suspect-b' }],
          [flightId, 'ManifestLocked', { flightId, manifested: 2 }],
          [flightId, 'EscortsAssigned', { flightId, officers: 4, manifested: 2, officersRequired: 4 }],
          [flightId, 'FlightDeparted', { flightId, caseIds: ['suspect-a', 'suspect-b'], officers: 4 }],
          [flightId, 'CaseNotBoarded', { flightId, caseId: 'suspect-b', reason: 'clearance withdrawn (court order)' }],
        ],
        'test-notboarded',
      ),
    );
    const flight = recordOf(foldAll(events), 'flight');
    expect(flightManifestRow(flight)).toMatchObject({ status: 'DEPARTED', manifested: 1 });
    expect(manifestEntryRows(flight).map((row) => [row.case_id, row.status, row.released_cause])).toEqual([
      ['suspect-a', 'on_board', null],
      ['suspect-b', 'not_boarded', 'lost_clearance'],
    ]);
  });
});
