// The policy's tables, cell by cell, against DOMAIN.md ("Agencies and who may see what"): the
// personal data each agency and role sees on each kind of case (every cell of the need-to-know
// table, written out here from the domain notes, not read back from the code), who may give each
// command, which records a clearance reaches, and which roles may use each operation.
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { COMMAND_PERMISSION_RULE, COMMAND_PERMISSIONS, mayCommand } from '../../access/command-permissions.ts';
import { mayAccessKind, PERSONAL_DATA_TABLE, visibleCategories } from '../../access/need-to-know.ts';
import { CASE_COMMANDERS, maySeeRecord, mayUse, OPERATION_RULES, Operation, visibleClassifications } from '../../access/policy.ts';
import { Agency, Classification, Role } from '../../events/envelope.ts';
import type { PersonalDataCategory } from '../../events/personal-data.ts';
import { CASE_KIND_SPECS, CaseKind } from '../../workflows/kinds.ts';

const caller = (agency: Agency, role: Role = 'operator', clearance: Classification = 'CONFIDENTIAL'): Caller => ({
  userId: 'u1',
  agency,
  role,
  clearance,
});

// ---- the need-to-know table, as DOMAIN.md says it ----------------------------------------------

const IDENTITY: PersonalDataCategory[] = ['name', 'birthDate', 'passport', 'photo'];
const EVERYTHING: PersonalDataCategory[] = [
  'name',
  'birthDate',
  'passport',
  'location',
  'phone',
  'contact',
  'statement',
  'photo',
  'welfare',
];

/** What an agency's case workers see on each kind (and on cases they are assigned to); absent: not seen. */
const AGENCY_ROWS: Record<CaseKind, Partial<Record<Agency, { sees: PersonalDataCategory[]; assigned?: PersonalDataCategory[] }>>> = {
  victim: {
    MOFA: { sees: EVERYTHING },
    // A victim's welfare (injury, medical need, reported abuse) goes to MOFA and to the officers assigned to the case.
    NPA: { sees: IDENTITY, assigned: ['location', 'phone', 'contact', 'statement', 'welfare'] },
    MOJ: { sees: ['name', 'birthDate', 'statement'] },
  },
  suspect: {
    MOFA: { sees: IDENTITY },
    NPA: { sees: EVERYTHING },
    MOJ: { sees: EVERYTHING },
    NIS: { sees: [...IDENTITY, 'location', 'phone'] },
    HOST_POLICE: { sees: [...IDENTITY, 'location'] },
    HOST_IMMIGRATION: { sees: IDENTITY },
    INTERPOL: { sees: IDENTITY },
  },
  operation: {
    MOFA: { sees: IDENTITY },
    NPA: { sees: [...IDENTITY, 'location'] },
    MOJ: { sees: ['name'] },
    NIS: { sees: ['name', 'location', 'photo'] },
    HOST_POLICE: { sees: [...IDENTITY, 'location'] },
  },
  flight: {
    MOFA: { sees: IDENTITY },
    NPA: { sees: IDENTITY },
    MOJ: { sees: IDENTITY },
    HOST_POLICE: { sees: IDENTITY },
    HOST_IMMIGRATION: { sees: IDENTITY },
  },
};

/** What each role keeps of its agency's row: analysts see statistics and non-personal facts, liaisons identities and whereabouts. */
const ROLE_KEEPS: Record<Role, PersonalDataCategory[] | 'all'> = {
  operator: 'all',
  supervisor: 'all',
  liaison: [...IDENTITY, 'location'],
  analyst: [],
  auditor: [],
};

function expectedCategories(agency: Agency, role: Role, kind: CaseKind, assigned: boolean): PersonalDataCategory[] {
  const row = AGENCY_ROWS[kind][agency];
  if (!row) return [];
  const keeps = ROLE_KEEPS[role];
  return [...row.sees, ...(assigned ? (row.assigned ?? []) : [])].filter((c) => keeps === 'all' || keeps.includes(c)).sort();
}

function* everyCell() {
  for (const kind of CaseKind.options)
    for (const agency of Agency.options)
      for (const role of Role.options)
        for (const assigned of [false, true])
          yield { kind, agency, role, assigned, seen: [...visibleCategories(caller(agency, role), kind, { assigned })].sort() };
}

describe('need to know: personal data by case kind × agency × role', () => {
  it('every cell of the table is what DOMAIN.md says', () => {
    let cells = 0;
    for (const cell of everyCell()) {
      expect(cell.seen, `${cell.agency} ${cell.role} on ${cell.kind}, assigned=${cell.assigned}`).toEqual(
        expectedCategories(cell.agency, cell.role, cell.kind, cell.assigned),
      );
      cells++;
    }
    expect(cells).toBe(CaseKind.options.length * Agency.options.length * Role.options.length * 2);
  });

  it('an agency sees a kind of case at all exactly when it has a row for it', () => {
    for (const kind of CaseKind.options)
      for (const agency of Agency.options) {
        expect(mayAccessKind(caller(agency), kind), `${agency} ${kind}`).toBe(AGENCY_ROWS[kind][agency] !== undefined);
        expect(PERSONAL_DATA_TABLE[kind][agency] !== undefined).toBe(AGENCY_ROWS[kind][agency] !== undefined);
      }
  });

  it('victim location and family contacts go only to MOFA and to assigned NPA officers, never to analysts', () => {
    for (const cell of everyCell()) {
      if (cell.kind !== 'victim') continue;
      for (const category of ['location', 'contact', 'phone'] as const) {
        if (!cell.seen.includes(category)) continue;
        expect(cell.role, `${cell.agency} ${cell.role} sees ${category}`).not.toBe('analyst');
        expect(cell.agency === 'MOFA' || (cell.agency === 'NPA' && cell.assigned), `${cell.agency} sees ${category}`).toBe(true);
      }
    }
  });

  it('a MOFA analyst reads no victim’s phone or family contact; a MOFA operator does', () => {
    const analyst = visibleCategories(caller('MOFA', 'analyst'), 'victim', { assigned: true });
    expect(analyst.size).toBe(0);
    expect([...visibleCategories(caller('MOFA', 'operator'), 'victim', { assigned: false })]).toEqual(
      expect.arrayContaining(['phone', 'contact']),
    );
  });

  it('liaisons pass identities and whereabouts, never contact details or statements', () => {
    for (const cell of everyCell()) {
      if (cell.role !== 'liaison') continue;
      for (const category of ['phone', 'contact', 'statement'] as const)
        expect(cell.seen, `${cell.agency} ${cell.kind}`).not.toContain(category);
    }
  });

  it('auditors and analysts see no personal data on any case, whatever their agency', () => {
    for (const cell of everyCell()) if (cell.role === 'auditor' || cell.role === 'analyst') expect(cell.seen).toEqual([]);
  });

  it('suspect-side agencies never see victim location, even when assigned', () => {
    for (const cell of everyCell()) {
      if (cell.kind === 'victim' && ['MOJ', 'NIS', 'HOST_POLICE', 'HOST_IMMIGRATION', 'INTERPOL'].includes(cell.agency)) {
        expect(cell.seen).not.toContain('location');
      }
    }
  });

  it('host agencies see at most identity, location and warrant data of targets; host immigration no location', () => {
    for (const cell of everyCell()) {
      if (cell.agency !== 'HOST_POLICE' && cell.agency !== 'HOST_IMMIGRATION') continue;
      for (const category of cell.seen) expect([...IDENTITY, 'location'], `${cell.agency} ${cell.kind}`).toContain(category);
      if (cell.agency === 'HOST_IMMIGRATION') expect(cell.seen).not.toContain('location');
    }
  });
});

// ---- commands ---------------------------------------------------------------------------------------

const commandsOf = (kind: CaseKind) => [CASE_KIND_SPECS[kind].open.name, ...Object.keys(CASE_KIND_SPECS[kind].commands)];

/** Who gives which commands, agency by agency (DOMAIN.md): every command an agency may give is listed. */
const GIVES: Record<Agency, Partial<Record<CaseKind, string[]>>> = {
  MOFA: {
    victim: [
      'reportVictim',
      'recordLocation',
      'requestRescue',
      'recordRescue',
      'recordShelter',
      'recordScreening',
      'issueTravelDocument',
      'recordRepatriation',
      'startFollowUp',
      'closeCase',
      'reportContactLost',
      'recordContactRegained',
      'recordDeclinedAssistance',
      'closeUnresolved',
    ],
    suspect: ['invalidatePassport', 'chaseRequest', 'issueTravelDocument', 'withdrawClearance', 'recordScreenedAsVictim'],
    // Estimates (e.g. of persons held in compounds) are recorded by whoever makes them.
    operation: ['recordEstimate'],
  },
  NPA: {
    victim: [
      'reportVictim',
      'recordLocation',
      'requestRescue',
      'recordRescue',
      'recordScreening',
      'reportContactLost',
      'recordContactRegained',
      'closeUnresolved',
    ],
    suspect: [
      'identifySuspect',
      'issueArrestWarrant',
      'requestRedNotice',
      'recordRedNoticePublished',
      'recordArrest',
      'requestDetentionWarrant',
      'recordDetentionWarrantIssued',
      'referToProsecution',
      'closeCase',
      'recordRelease',
      'recordEscape',
      'dropCase',
      'recordScreenedAsVictim',
    ],
    operation: ['planOperation', 'launch', 'recordRaid', 'recordDetention', 'recordEstimate', 'conclude', 'cancel'],
    flight: ['planFlight', 'assignEscorts', 'depart', 'land', 'completeHandover', 'cancel'],
  },
  MOJ: {
    suspect: [
      'requestExtradition',
      'chaseRequest',
      'recordHostCourtApproval',
      'recordHostExecutiveApproval',
      'recordExtraditionDenied',
      'placeHostCaseHold',
      'releaseHostCaseHold',
      'withdrawClearance',
      'joinManifest',
      'leaveManifest',
      'requestDetentionWarrant',
      'recordDetentionWarrantIssued',
      'extendDetention',
      'closeCase',
      'recordRelease',
      'dropCase',
    ],
    flight: [
      'planFlight',
      'openManifest',
      'addToManifest',
      'removeFromManifest',
      'lockManifest',
      'assignEscorts',
      'depart',
      'land',
      'completeHandover',
      'cancel',
    ],
  },
  NIS: { suspect: ['identifySuspect'], operation: ['recordEstimate'] },
  HOST_POLICE: {
    suspect: ['recordArrest', 'recordDetention', 'placeHostCaseHold', 'releaseHostCaseHold', 'recordEscape'],
    operation: ['planOperation', 'launch', 'recordRaid', 'recordDetention', 'conclude', 'cancel'],
  },
  HOST_IMMIGRATION: { suspect: ['recordDetention', 'orderDeportation', 'recordReEntryBlacklist'] },
  INTERPOL: { suspect: ['recordRedNoticePublished'] },
};

describe('command permissions: command × agency × role', () => {
  it('each kind’s table names every command of the kind, the opening one included, and nothing else', () => {
    for (const kind of CaseKind.options) expect(Object.keys(COMMAND_PERMISSIONS[kind]).sort(), kind).toEqual(commandsOf(kind).sort());
  });

  it('each agency gives exactly the commands DOMAIN.md gives it', () => {
    for (const kind of CaseKind.options)
      for (const agency of Agency.options) {
        const given = commandsOf(kind).filter((command) => COMMAND_PERMISSIONS[kind][command]!.agencies.includes(agency));
        expect(given.sort(), `${agency} on ${kind}`).toEqual([...(GIVES[agency][kind] ?? [])].sort());
      }
  });

  it('analysts and auditors give no command; liaisons only relay facts their agency produced; dropping a case or a charter is a supervisor’s', () => {
    for (const kind of CaseKind.options)
      for (const [command, permission] of Object.entries(COMMAND_PERMISSIONS[kind])) {
        expect(permission.roles, `${kind}.${command}`).not.toContain('analyst');
        expect(permission.roles, `${kind}.${command}`).not.toContain('auditor');
        expect(permission.roles, `${kind}.${command}`).toContain('supervisor');
      }
    expect(COMMAND_PERMISSIONS.suspect.dropCase!.roles).toEqual(['supervisor']);
    expect(COMMAND_PERMISSIONS.flight.cancel!.roles).toEqual(['supervisor']);
    expect(COMMAND_PERMISSIONS.suspect.recordRelease!.roles).not.toContain('liaison');
  });

  it('mayCommand allows exactly the table’s agency and role, and names the rule when it refuses', () => {
    let cells = 0;
    for (const kind of CaseKind.options)
      for (const command of commandsOf(kind))
        for (const agency of Agency.options)
          for (const role of Role.options) {
            const permission = COMMAND_PERMISSIONS[kind][command]!;
            const decision = mayCommand(caller(agency, role), kind, command);
            expect(decision.allowed, `${agency} ${role} ${kind}.${command}`).toBe(
              permission.agencies.includes(agency) && permission.roles.includes(role),
            );
            if (!decision.allowed) expect(decision.rule).toBe(COMMAND_PERMISSION_RULE);
            cells++;
          }
    expect(cells).toBeGreaterThan(300);
  });

  it('the cases found in the field: a host-police liaison records neither the release nor the drop, INTERPOL issues no warrant', () => {
    expect(mayCommand(caller('HOST_POLICE', 'liaison'), 'suspect', 'recordRelease')).toMatchObject({
      allowed: false,
      rule: 'command-permission',
    });
    expect(mayCommand(caller('HOST_POLICE', 'liaison'), 'suspect', 'dropCase')).toMatchObject({
      allowed: false,
      rule: 'command-permission',
    });
    expect(mayCommand(caller('INTERPOL', 'operator'), 'suspect', 'issueArrestWarrant')).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/NPA/),
    });
    expect(mayCommand(caller('INTERPOL', 'liaison'), 'suspect', 'recordRedNoticePublished').allowed).toBe(true);
  });

  it('an agency commands a kind (case.command) when it gives one of its commands, and sees every kind it commands', () => {
    for (const kind of CaseKind.options)
      for (const agency of Agency.options) {
        expect(CASE_COMMANDERS[kind].includes(agency), `${agency} ${kind}`).toBe((GIVES[agency][kind] ?? []).length > 0);
        if (CASE_COMMANDERS[kind].includes(agency)) expect(mayAccessKind(caller(agency), kind), `${agency} ${kind}`).toBe(true);
        expect(mayUse(caller(agency, 'operator'), 'case.command', kind).allowed, `${agency} ${kind}`).toBe(
          CASE_COMMANDERS[kind].includes(agency),
        );
      }
    expect(mayUse(caller('HOST_IMMIGRATION'), 'case.command', 'victim')).toEqual({
      allowed: false,
      reason: 'HOST_IMMIGRATION has no access to victim cases',
    });
  });
});

// ---- classifications and operations ------------------------------------------------------------------

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

  it('the classifications a caller sees on a kind: up to its clearance, SECRET only for NIS, nothing on a kind it does not work', () => {
    expect(visibleClassifications(caller('NPA', 'operator', 'CONFIDENTIAL'), 'suspect')).toEqual(['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL']);
    expect(visibleClassifications(caller('NPA', 'operator', 'SECRET'), 'suspect')).toEqual(['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL']);
    expect(visibleClassifications(caller('NIS', 'operator', 'SECRET'), 'suspect')).toEqual(Classification.options);
    expect(visibleClassifications(caller('NIS', 'operator', 'SECRET'), 'victim')).toEqual([]);
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

  it('only supervisors decode Temporal payloads; auditors read the audit trail', () => {
    expect(mayUse(caller('MOFA', 'supervisor'), 'payload.decode').allowed).toBe(true);
    expect(mayUse(caller('MOFA', 'operator', 'SECRET'), 'payload.decode').allowed).toBe(false);
    expect(mayUse(caller('MOJ', 'auditor'), 'audit.read').allowed).toBe(true);
    expect(mayUse(caller('MOJ', 'operator', 'SECRET'), 'audit.read').allowed).toBe(false);
  });
});
