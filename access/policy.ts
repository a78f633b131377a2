// Who may do and see what, as data tables and pure functions over them: no I/O, so the whole
// authorization matrix can be enumerated in a unit test. DOMAIN.md ("Agencies and who may see
// what") is the source; every rule below names the reason it exists.
import { z } from 'zod';
import { Agency, type Classification, classificationRank, type Role } from '../events/envelope.ts';
import type { PersonalDataCategory } from '../events/personal-data.ts';
import type { KindAccess } from '../workflows/case-kit/kind-access.ts';
import { CASE_KINDS, type CaseKind } from '../workflows/kinds.ts';
import type { Caller } from './caller.ts';

/** What a route does, in the policy's words; a route declares exactly one. */
export const Operation = z.enum([
  'session.read',
  'case.read',
  'case.command',
  'case.erase',
  'case.history',
  'event.stream',
  'audit.read',
  'statistics.read',
  'payload.decode',
]);
export type Operation = z.infer<typeof Operation>;

interface OperationRule {
  roles: readonly Role[];
  minClearance: Classification;
  /** Kind-scoped operations also need the caller's agency to have access to the case kind. */
  kindScoped: boolean;
  why: string;
}

const EVERY_ROLE: readonly Role[] = ['operator', 'analyst', 'liaison', 'supervisor', 'auditor'];

export const OPERATION_RULES: Record<Operation, OperationRule> = {
  'session.read': { roles: EVERY_ROLE, minClearance: 'PUBLIC', kindScoped: false, why: 'a caller may always ask who it is' },
  'case.read': { roles: EVERY_ROLE, minClearance: 'RESTRICTED', kindScoped: true, why: 'case lists and details, filtered and redacted' },
  'case.command': {
    roles: ['operator', 'liaison', 'supervisor'],
    minClearance: 'RESTRICTED',
    kindScoped: true,
    why: 'analysts and auditors read; only those working the case change it',
  },
  'case.erase': {
    roles: ['supervisor'],
    minClearance: 'CONFIDENTIAL',
    kindScoped: true,
    why: "destroys the key of a closed victim case's personal data: irreversible, so a supervisor of an agency working the case decides",
  },
  'case.history': {
    roles: ['supervisor', 'auditor'],
    minClearance: 'CONFIDENTIAL',
    kindScoped: true,
    why: 'the merged Temporal and domain history shows every attempt and failure',
  },
  'event.stream': {
    roles: ['operator', 'analyst', 'liaison', 'supervisor'],
    minClearance: 'RESTRICTED',
    kindScoped: true,
    why: 'live domain events for working clients; auditors use the audit trail',
  },
  'audit.read': {
    roles: ['auditor', 'supervisor'],
    minClearance: 'CONFIDENTIAL',
    kindScoped: false,
    why: 'who read or changed what, and when',
  },
  'statistics.read': { roles: EVERY_ROLE, minClearance: 'PUBLIC', kindScoped: false, why: 'campaign counts carry no personal data' },
  'payload.decode': {
    roles: ['supervisor'],
    minClearance: 'CONFIDENTIAL',
    kindScoped: false,
    why: 'decoded Temporal payloads hold plaintext personal data',
  },
};

/** Which agencies record facts on (command) each kind of case: each kind's own access.ts. */
export const CASE_COMMANDERS = Object.fromEntries(CASE_KINDS.map(({ kind, access }) => [kind, access.commanders])) as Record<
  CaseKind,
  readonly Agency[]
>;

/**
 * Agency × case kind → personal data it may see, assembled from each kind's access.ts. A kind
 * missing from an agency's row means the agency does not see those cases at all. Roles narrow this
 * further (see ROLES_WITHOUT_PERSONAL_DATA).
 */
export const PERSONAL_DATA_ACCESS: Record<Agency, Partial<Record<CaseKind, KindAccess>>> = Object.fromEntries(
  Agency.options.map((agency) => [
    agency,
    Object.fromEntries(
      CASE_KINDS.flatMap(({ kind, access }) => (access.personalData[agency] ? [[kind, access.personalData[agency]]] : [])),
    ),
  ]),
) as Record<Agency, Partial<Record<CaseKind, KindAccess>>>;

/** Auditors see the audit trail and the shape of cases, never the people in them. */
export const ROLES_WITHOUT_PERSONAL_DATA: readonly Role[] = ['auditor'];

/** SECRET material is intelligence; it stays with the agency that produced it until released lower. */
export const SECRET_READERS: readonly Agency[] = ['NIS'];

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function mayAccessKind(caller: Caller, kind: CaseKind): boolean {
  return PERSONAL_DATA_ACCESS[caller.agency][kind] !== undefined;
}

/**
 * May this caller use the operation, on cases of `kind` when given? Without a kind, a kind-scoped
 * operation is allowed if the caller's agency has access to at least one kind (the route then
 * asks again with the kind it is about).
 */
export function mayUse(caller: Caller, operation: Operation, kind?: CaseKind): Decision {
  const rule = OPERATION_RULES[operation];
  if (!rule.roles.includes(caller.role)) return deny(`the ${caller.role} role may not use ${operation}`);
  if (classificationRank(caller.clearance) < classificationRank(rule.minClearance)) {
    return deny(`${operation} needs ${rule.minClearance} clearance; the caller has ${caller.clearance}`);
  }
  if (!rule.kindScoped) return allow;
  const kinds = Object.keys(PERSONAL_DATA_ACCESS[caller.agency]) as CaseKind[];
  if (kind === undefined) return kinds.length > 0 ? allow : deny(`${caller.agency} has access to no case kind`);
  if (!kinds.includes(kind)) return deny(`${caller.agency} has no access to ${kind} cases`);
  if ((operation === 'case.command' || operation === 'case.erase') && !CASE_COMMANDERS[kind].includes(caller.agency)) {
    return deny(`${caller.agency} does not record facts on ${kind} cases`);
  }
  return allow;
}

/** May the caller see an event or read-model record of this classification on this kind of case? */
export function maySeeRecord(caller: Caller, record: { kind: CaseKind; classification: Classification }): boolean {
  if (!mayAccessKind(caller, record.kind)) return false;
  if (classificationRank(record.classification) > classificationRank(caller.clearance)) return false;
  return record.classification !== 'SECRET' || SECRET_READERS.includes(caller.agency);
}

/** The personal-data categories the caller may see on a case of this kind. */
export function visibleCategories(caller: Caller, kind: CaseKind, context: { assigned: boolean }): ReadonlySet<PersonalDataCategory> {
  if (ROLES_WITHOUT_PERSONAL_DATA.includes(caller.role)) return new Set();
  const access = PERSONAL_DATA_ACCESS[caller.agency][kind];
  if (!access) return new Set();
  return new Set([...access.categories, ...(context.assigned ? access.whenAssigned : [])]);
}
