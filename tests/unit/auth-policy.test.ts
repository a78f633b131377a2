// The authorization matrix, enumerated: every agency × role × case kind × assignment is checked
// against the rules of DOMAIN.md, so a change to the tables that breaks a rule fails here.
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import {
  CASE_COMMANDERS,
  mayAccessKind,
  maySeeRecord,
  mayUse,
  OPERATION_RULES,
  Operation,
  PERSONAL_DATA_ACCESS,
  visibleCategories,
} from '../../access/policy.ts';
import { Agency, Classification, Role } from '../../events/envelope.ts';
import { PersonalDataCategory } from '../../events/personal-data.ts';
import { CaseKind } from '../../workflows/kinds.ts';

const caller = (agency: Agency, role: Role = 'operator', clearance: Classification = 'CONFIDENTIAL'): Caller => ({
  userId: 'u1',
  agency,
  role,
  clearance,
});

function* everyCase() {
  for (const agency of Agency.options)
    for (const role of Role.options)
      for (const kind of CaseKind.options)
        for (const assigned of [false, true])
          yield { agency, role, kind, assigned, seen: visibleCategories(caller(agency, role), kind, { assigned }) };
}

function seers(kind: CaseKind, category: PersonalDataCategory) {
  return [...everyCase()].filter((c) => c.kind === kind && c.seen.has(category));
}

describe('personal data visibility (agency × case kind)', () => {
  it('victim location and family contacts go only to MOFA and to assigned NPA officers', () => {
    for (const category of ['location', 'contact', 'phone'] as const) {
      for (const c of seers('victim', category)) {
        expect(
          c.agency === 'MOFA' || (c.agency === 'NPA' && c.assigned),
          `${c.agency} ${c.role} assigned=${c.assigned} sees ${category}`,
        ).toBe(true);
      }
    }
    expect(visibleCategories(caller('MOFA'), 'victim', { assigned: false }).has('location')).toBe(true);
    expect(visibleCategories(caller('NPA'), 'victim', { assigned: true }).has('location')).toBe(true);
    expect(visibleCategories(caller('NPA'), 'victim', { assigned: false }).has('location')).toBe(false);
  });

  it('suspect-side agencies never see victim location, even when assigned', () => {
    for (const agency of ['MOJ', 'NIS', 'HOST_POLICE', 'HOST_IMMIGRATION', 'INTERPOL'] as const) {
      for (const assigned of [false, true]) {
        expect(visibleCategories(caller(agency, 'supervisor'), 'victim', { assigned }).has('location')).toBe(false);
      }
    }
  });

  it('host agencies and INTERPOL never see victim statements, nor any victim case', () => {
    for (const agency of ['HOST_POLICE', 'HOST_IMMIGRATION', 'INTERPOL'] as const) {
      for (const kind of CaseKind.options) {
        expect(visibleCategories(caller(agency, 'supervisor'), kind, { assigned: true }).has('statement')).toBe(false);
      }
      expect(mayAccessKind(caller(agency), 'victim')).toBe(false);
    }
  });

  it('host agencies see at most identity, location and warrant data of targets', () => {
    const allowed = new Set(['name', 'birthDate', 'passport', 'photo', 'location']);
    for (const c of everyCase()) {
      if (c.agency !== 'HOST_POLICE' && c.agency !== 'HOST_IMMIGRATION') continue;
      for (const category of c.seen) expect(allowed.has(category), `${c.agency} sees ${category} on ${c.kind}`).toBe(true);
      if (c.agency === 'HOST_IMMIGRATION') expect(c.seen.has('location')).toBe(false);
    }
  });

  it('MOJ never sees victim contact details', () => {
    const seen = visibleCategories(caller('MOJ', 'supervisor', 'SECRET'), 'victim', { assigned: true });
    for (const category of ['phone', 'contact', 'location'] as const) expect(seen.has(category)).toBe(false);
    expect(seen.has('statement')).toBe(true);
  });

  it('auditors see no personal data on any case, whatever their agency', () => {
    for (const c of everyCase()) if (c.role === 'auditor') expect(c.seen.size, `${c.agency} auditor on ${c.kind}`).toBe(0);
  });

  it('every other role sees exactly what its agency row grants', () => {
    for (const c of everyCase()) {
      if (c.role === 'auditor') continue;
      const row = PERSONAL_DATA_ACCESS[c.agency][c.kind];
      const expected = row ? new Set([...row.categories, ...(c.assigned ? row.whenAssigned : [])]) : new Set();
      expect(c.seen).toEqual(expected);
    }
  });

  it('the table only names known categories and every agency sees something', () => {
    for (const agency of Agency.options) {
      const row = PERSONAL_DATA_ACCESS[agency];
      expect(Object.keys(row).length, agency).toBeGreaterThan(0);
      for (const access of Object.values(row)) {
        for (const category of [...access.categories, ...access.whenAssigned]) expect(PersonalDataCategory.options).toContain(category);
      }
    }
  });
});

describe('record visibility (classification × case kind)', () => {
  it('a caller sees records at or below its clearance only', () => {
    expect(maySeeRecord(caller('NPA', 'analyst', 'RESTRICTED'), { kind: 'suspect', classification: 'RESTRICTED' })).toBe(true);
    expect(maySeeRecord(caller('NPA', 'analyst', 'RESTRICTED'), { kind: 'suspect', classification: 'CONFIDENTIAL' })).toBe(false);
    expect(maySeeRecord(caller('NPA', 'analyst', 'PUBLIC'), { kind: 'suspect', classification: 'PUBLIC' })).toBe(true);
  });

  it('SECRET material stays with NIS, whatever clearance another agency holds', () => {
    for (const agency of Agency.options) {
      for (const kind of CaseKind.options) {
        const visible = maySeeRecord(caller(agency, 'supervisor', 'SECRET'), { kind, classification: 'SECRET' });
        expect(visible, `${agency} on ${kind}`).toBe(agency === 'NIS' && mayAccessKind(caller(agency), kind));
      }
    }
    expect(maySeeRecord(caller('NIS', 'analyst', 'CONFIDENTIAL'), { kind: 'suspect', classification: 'SECRET' })).toBe(false);
  });

  it('no clearance opens a case kind the agency has no access to', () => {
    expect(maySeeRecord(caller('INTERPOL', 'supervisor', 'SECRET'), { kind: 'operation', classification: 'PUBLIC' })).toBe(false);
    expect(maySeeRecord(caller('NIS', 'supervisor', 'SECRET'), { kind: 'victim', classification: 'PUBLIC' })).toBe(false);
  });
});

describe('operations', () => {
  it('each operation admits exactly its roles at or above its clearance', () => {
    for (const operation of Operation.options) {
      const rule = OPERATION_RULES[operation];
      for (const role of Role.options) {
        for (const clearance of Classification.options) {
          const decision = mayUse(caller('NPA', role, clearance), operation);
          const expected =
            rule.roles.includes(role) && Classification.options.indexOf(clearance) >= Classification.options.indexOf(rule.minClearance);
          expect(decision.allowed, `${role}/${clearance} → ${operation}`).toBe(expected);
        }
      }
    }
  });

  it('analysts and auditors may not command cases; operators of a commanding agency may', () => {
    expect(mayUse(caller('NPA', 'analyst'), 'case.command', 'suspect')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('analyst'),
    });
    expect(mayUse(caller('NPA', 'auditor'), 'case.command', 'suspect').allowed).toBe(false);
    expect(mayUse(caller('NPA', 'operator'), 'case.command', 'suspect').allowed).toBe(true);
  });

  it('commands on a kind need the agency among its commanders and with access to it', () => {
    for (const agency of Agency.options) {
      for (const kind of CaseKind.options) {
        const expected = CASE_COMMANDERS[kind].includes(agency) && mayAccessKind(caller(agency), kind);
        expect(mayUse(caller(agency, 'operator'), 'case.command', kind).allowed, `${agency} commands ${kind}`).toBe(expected);
      }
    }
    expect(mayUse(caller('HOST_IMMIGRATION'), 'case.command', 'victim')).toEqual({
      allowed: false,
      reason: 'HOST_IMMIGRATION has no access to victim cases',
    });
  });

  it('every commanding agency can see the cases it commands', () => {
    for (const kind of CaseKind.options)
      for (const agency of CASE_COMMANDERS[kind]) expect(mayAccessKind(caller(agency), kind), `${agency} ${kind}`).toBe(true);
  });

  it('only supervisors decode Temporal payloads; auditors read the audit trail', () => {
    expect(mayUse(caller('MOFA', 'supervisor'), 'payload.decode').allowed).toBe(true);
    expect(mayUse(caller('MOFA', 'operator', 'SECRET'), 'payload.decode').allowed).toBe(false);
    expect(mayUse(caller('MOJ', 'auditor'), 'audit.read').allowed).toBe(true);
    expect(mayUse(caller('MOJ', 'operator', 'SECRET'), 'audit.read').allowed).toBe(false);
  });
});
