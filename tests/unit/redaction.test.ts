// Redaction follows the personal-data marks of a schema, through every wrapper and container a
// catalogue schema may use; the field names of the test schema appear nowhere in the redactor.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Caller } from '../../access/caller.ts';
import { REDACTED, redact, redactEvent } from '../../access/redact.ts';
import type { PersonalDataCategory } from '../../events/personal-data.ts';
import { pii } from '../../events/personal-data.ts';

const Escort = z.object({ officer: pii(z.string(), 'name'), badge: z.string() });

const Rescue = z.object({
  caseId: z.string(),
  personName: pii(z.string(), 'name'),
  birthDate: pii(z.iso.date(), 'birthDate').optional(),
  whereHeld: pii(z.string().nullable().optional(), 'location'),
  passportNo: pii(z.string(), 'passport').nullable(),
  statement: pii(z.string(), 'statement').default('none given'),
  family: pii(z.object({ name: z.string(), phone: z.string() }), 'contact').optional(),
  escorts: z.array(Escort),
  sightings: z.array(z.object({ at: z.iso.datetime(), place: pii(z.string(), 'location') })).optional(),
  phones: z.record(z.string(), pii(z.string(), 'phone')),
  coords: z.tuple([pii(z.number(), 'location'), pii(z.number(), 'location')]).optional(),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rescued'), shelter: pii(z.string(), 'location') }),
    z.object({ kind: z.literal('declined'), reason: pii(z.string(), 'statement') }),
  ]),
  count: z.number(),
});
type Rescue = z.infer<typeof Rescue>;

const rescue: Rescue = {
  caseId: 'victim-2024-0001',
  personName: 'Lee Ji-woo',
  birthDate: '1999-04-01',
  whereHeld: 'Compound 7, Sihanoukville',
  passportNo: 'M12345678',
  statement: 'held for 3 months',
  family: { name: 'Lee Min-ho', phone: '+82 10 0000 0000' },
  escorts: [
    { officer: 'Park', badge: 'NPA-1' },
    { officer: 'Choi', badge: 'NPA-2' },
  ],
  sightings: [{ at: '2024-05-01T00:00:00Z', place: 'Poipet' }],
  phones: { home: '+82 2 000 0000' },
  coords: [10.6, 103.5],
  outcome: { kind: 'rescued', shelter: 'Phnom Penh shelter' },
  count: 3,
};

const categories = (...c: PersonalDataCategory[]) => new Set(c);

describe('redaction from schema marks', () => {
  it('nothing visible: every marked field, at any depth, becomes [REDACTED]; unmarked fields stay', () => {
    expect(redact(Rescue, rescue, categories())).toEqual({
      caseId: 'victim-2024-0001',
      personName: REDACTED,
      birthDate: REDACTED,
      whereHeld: REDACTED,
      passportNo: REDACTED,
      statement: REDACTED,
      family: REDACTED,
      escorts: [
        { officer: REDACTED, badge: 'NPA-1' },
        { officer: REDACTED, badge: 'NPA-2' },
      ],
      sightings: [{ at: '2024-05-01T00:00:00Z', place: REDACTED }],
      phones: { home: REDACTED },
      coords: [REDACTED, REDACTED],
      outcome: { kind: 'rescued', shelter: REDACTED },
      count: 3,
    });
  });

  it('only the categories the caller may not see are redacted', () => {
    const seen = redact(Rescue, rescue, categories('name', 'passport', 'birthDate'));
    expect(seen.personName).toBe('Lee Ji-woo');
    expect(seen.passportNo).toBe('M12345678');
    expect(seen.escorts.map((e) => e.officer)).toEqual(['Park', 'Choi']);
    expect(seen.whereHeld).toBe(REDACTED);
    expect(seen.family).toBe(REDACTED);
    expect(seen.outcome).toEqual({ kind: 'rescued', shelter: REDACTED });
  });

  it('every category visible: the data comes back unchanged', () => {
    const all = categories('name', 'birthDate', 'passport', 'location', 'phone', 'contact', 'statement', 'photo');
    expect(redact(Rescue, rescue, all)).toEqual(rescue);
  });

  it('a mark on the inner schema of a wrapper counts as much as one on the wrapper', () => {
    const Inner = z.object({ a: pii(z.string(), 'phone').optional().nullable(), b: pii(z.string().optional(), 'phone') });
    expect(redact(Inner, { a: '1', b: '2' }, categories())).toEqual({ a: REDACTED, b: REDACTED });
  });

  it('absent and null values stay absent and null', () => {
    const sparse = { ...rescue, birthDate: undefined, whereHeld: null, passportNo: null, family: undefined };
    const seen = redact(Rescue, sparse, categories());
    expect(seen.whereHeld).toBeNull();
    expect(seen.passportNo).toBeNull();
    expect(seen.birthDate).toBeUndefined();
    expect('family' in seen && seen.family !== undefined).toBe(false);
  });

  it('keys the schema does not declare are dropped, since nothing says they are not personal', () => {
    const withExtra = { ...rescue, smuggledName: 'Lee Ji-woo', escorts: [{ officer: 'Park', badge: 'NPA-1', home: 'Seoul' }] };
    const seen = redact(Rescue, withExtra, categories('name')) as Record<string, unknown>;
    expect(seen).not.toHaveProperty('smuggledName');
    expect(seen.escorts).toEqual([{ officer: 'Park', badge: 'NPA-1' }]);
  });

  it('each union option redacts its own marks', () => {
    const declined = { ...rescue, outcome: { kind: 'declined' as const, reason: 'wants to stay' } };
    expect(redact(Rescue, declined, categories('location')).outcome).toEqual({ kind: 'declined', reason: REDACTED });
    expect(redact(Rescue, declined, categories('statement')).outcome).toEqual({ kind: 'declined', reason: 'wants to stay' });
  });

  it('the input is not modified', () => {
    const copy = structuredClone(rescue);
    redact(Rescue, rescue, categories());
    expect(rescue).toEqual(copy);
  });
});

describe('redacting a catalogue event for a caller', () => {
  const reported = {
    type: 'VictimReported',
    data: { caseId: 'victim-1', personName: 'Kim', reportedBy: 'family', reportedAt: '2024-01-01T00:00:00Z', lastKnownLocation: 'Poipet' },
  };
  const as = (agency: Caller['agency'], role: Caller['role'] = 'operator'): Caller => ({
    userId: 'u',
    agency,
    role,
    clearance: 'CONFIDENTIAL',
  });

  it('MOFA sees the victim location; an unassigned NPA officer sees the name but not the location', () => {
    expect(redactEvent(reported, as('MOFA'), { assigned: false }).data).toMatchObject({ personName: 'Kim', lastKnownLocation: 'Poipet' });
    expect(redactEvent(reported, as('NPA'), { assigned: false }).data).toMatchObject({ personName: 'Kim', lastKnownLocation: REDACTED });
    expect(redactEvent(reported, as('NPA'), { assigned: true }).data).toMatchObject({ lastKnownLocation: 'Poipet' });
  });

  it('an auditor sees the event but none of its personal data', () => {
    const seen = redactEvent(reported, as('MOFA', 'auditor'), { assigned: true }).data;
    expect(seen).toMatchObject({ caseId: 'victim-1', reportedBy: 'family', personName: REDACTED, lastKnownLocation: REDACTED });
  });
});
