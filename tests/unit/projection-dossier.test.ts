// The person dossier: personal fields found by the schemas' marks, each keeping its latest fact in
// a total order, so the merge gives one dossier whatever order the topics arrive in.
import { describe, expect, it } from 'vitest';
import { type DossierField, mergeFields, personalFactsOf } from '../../projections/person-dossier.ts';
import { asEnvelopes, asStreamEnvelopes, raidAndFlightEvents, victimEvents } from './projection-fixtures.ts';

describe('personal facts of an event', () => {
  it('are exactly the fields the schema marks, with their categories', () => {
    const [reported] = asEnvelopes(victimEvents('victim-p1', 1));
    const facts = personalFactsOf(reported!);
    expect(facts?.caseId).toBe('victim-p1');
    expect(Object.fromEntries(Object.entries(facts!.fields).map(([name, f]) => [name, f.category]))).toEqual({
      personName: 'name',
      birthDate: 'birthDate',
      lastKnownLocation: 'location',
      contactPhone: 'phone',
    });
    expect(facts!.fields.personName).toMatchObject({ classification: 'RESTRICTED', eventType: 'VictimReported', streamVersion: 1 });
  });

  it('belong to the found person’s case when a raid reports them, and events without any give none', () => {
    const events = asStreamEnvelopes(raidAndFlightEvents('p2'));
    const detained = events.find((e) => e.type === 'PersonDetained')!;
    expect(personalFactsOf(detained)).toMatchObject({
      caseId: 'suspect-p2-1',
      fields: { personName: { value: 'Detained One', category: 'name' } },
    });
    expect(personalFactsOf(events.find((e) => e.type === 'TargetRaided')!)).toBeNull();
    expect(personalFactsOf(events.find((e) => e.type === 'FlightLanded')!)).toBeNull();
  });
});

describe('merging dossier fields', () => {
  const field = (value: string, at: string, streamId: string, streamVersion = 1): DossierField => ({
    value,
    category: 'location',
    classification: 'CONFIDENTIAL',
    eventType: 'VictimLocated',
    streamId,
    streamVersion,
    at,
  });

  it('keeps the latest fact per field, ties broken by stream and version, in any merge order', () => {
    const facts = [
      { location: field('first', '2024-03-01T00:00:00.000Z', 'victim-a') },
      { location: field('later', '2024-03-02T00:00:00.000Z', 'victim-a', 2) },
      { location: field('same time, other stream', '2024-03-02T00:00:00.000Z', 'operation-b') },
      { location: field('same time, later version', '2024-03-02T00:00:00.000Z', 'victim-a', 3) },
    ];
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ];
    for (const order of orders) {
      const merged = order.reduce<Record<string, DossierField>>((dossier, i) => mergeFields(dossier, facts[i]!), {});
      expect(merged.location?.value).toBe('same time, later version');
    }
  });
});
