// Need to know: which personal-data categories each agency AND role sees on each kind of case, as
// one table assembled from the kinds' agency rows (workflows/<kind>/access.ts) and the roles'
// needs below (DOMAIN.md, "Agencies and who may see what"). Every answer that carries personal
// data is redacted with visibleCategories, which reads only this table; docs/access.md prints it.
import { Agency, Role } from '../events/envelope.ts';
import type { PersonalDataCategory } from '../events/personal-data.ts';
import { IDENTITY, type KindAccess } from '../workflows/case-kit/kind-access.ts';
import { CASE_KINDS, type CaseKind } from '../workflows/kinds.ts';
import type { Caller } from './caller.ts';

interface RoleNeed {
  /** The categories of its agency's row the role keeps: all of them, or only these. */
  keeps: 'all' | readonly PersonalDataCategory[];
  why: string;
}

export const ROLE_NEEDS: Record<Role, RoleNeed> = {
  operator: { keeps: 'all', why: 'works the case: everything its agency may see' },
  supervisor: { keeps: 'all', why: "answers for the agency's cases: everything its agency may see" },
  liaison: {
    keeps: [...IDENTITY, 'location'],
    why: 'passes identities and whereabouts between agencies, never contact details or statements',
  },
  analyst: { keeps: [], why: 'statistics and non-personal facts, not the people in them' },
  auditor: { keeps: [], why: 'who read or changed what, not who the people are' },
};

function keptBy(role: Role, categories: readonly PersonalDataCategory[]): PersonalDataCategory[] {
  const { keeps } = ROLE_NEEDS[role];
  return categories.filter((category) => keeps === 'all' || keeps.includes(category));
}

type KindTable = Partial<Record<Agency, Record<Role, KindAccess>>>;

function kindTable(rows: Partial<Record<Agency, KindAccess>>): KindTable {
  const table: KindTable = {};
  for (const agency of Agency.options) {
    const row = rows[agency];
    if (!row) continue;
    const byRole = {} as Record<Role, KindAccess>;
    for (const role of Role.options)
      byRole[role] = { categories: keptBy(role, row.categories), whenAssigned: keptBy(role, row.whenAssigned) };
    table[agency] = byRole;
  }
  return table;
}

/**
 * Case kind → agency → role → what it sees. An agency missing under a kind does not see those
 * cases at all; every role of an agency that sees them is listed, with nothing when it needs nothing.
 */
export const PERSONAL_DATA_TABLE = Object.fromEntries(
  CASE_KINDS.map(({ kind, access }) => [kind, kindTable(access.personalData)]),
) as Record<CaseKind, KindTable>;

/** Does the caller's agency work (see) cases of this kind at all? */
export function mayAccessKind(caller: Pick<Caller, 'agency'>, kind: CaseKind): boolean {
  return PERSONAL_DATA_TABLE[kind][caller.agency] !== undefined;
}

/** The kinds the caller's agency sees. */
export function kindsSeenBy(caller: Pick<Caller, 'agency'>): CaseKind[] {
  return CASE_KINDS.map(({ kind }) => kind).filter((kind) => mayAccessKind(caller, kind));
}

/** The personal-data categories the caller may see on a case of this kind. */
export function visibleCategories(
  caller: Pick<Caller, 'agency' | 'role'>,
  kind: CaseKind,
  context: { assigned: boolean },
): ReadonlySet<PersonalDataCategory> {
  const access = PERSONAL_DATA_TABLE[kind][caller.agency]?.[caller.role];
  if (!access) return new Set();
  return new Set([...access.categories, ...(context.assigned ? access.whenAssigned : [])]);
}
