// The one policy decision point: who may do and see what, as data tables and pure functions over
// them, with no I/O, so the whole authorization matrix can be enumerated in a test. Operations and
// classifications are here; which personal data each agency and role sees is need-to-know.ts, who
// may give each command is command-permissions.ts. DOMAIN.md ("Agencies and who may see what") is
// the source; every rule names the reason it exists.
import { z } from 'zod';
import { Agency, CLASSIFICATIONS, type Classification, classificationRank, type Role } from '../events/envelope.ts';
import { CASE_KINDS, type CaseKind } from '../workflows/kinds.ts';
import type { Caller } from './caller.ts';
import { COMMAND_PERMISSIONS } from './command-permissions.ts';
import { kindsSeenBy, mayAccessKind } from './need-to-know.ts';

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

/** The agencies that give at least one command of each kind (command-permissions.ts says which). */
export const CASE_COMMANDERS: Record<CaseKind, readonly Agency[]> = Object.fromEntries(
  CASE_KINDS.map(({ kind }) => {
    const permissions = Object.values(COMMAND_PERMISSIONS[kind]);
    return [kind, Agency.options.filter((agency) => permissions.some((permission) => permission.agencies.includes(agency)))];
  }),
) as Record<CaseKind, Agency[]>;

/** SECRET material is intelligence; it stays with the agency that produced it until released lower. */
export const SECRET_READERS: readonly Agency[] = ['NIS'];

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

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
  const kinds = kindsSeenBy(caller);
  if (kind === undefined) return kinds.length > 0 ? allow : deny(`${caller.agency} has access to no case kind`);
  if (!kinds.includes(kind)) return deny(`${caller.agency} has no access to ${kind} cases`);
  if ((operation === 'case.command' || operation === 'case.erase') && !CASE_COMMANDERS[kind].includes(caller.agency)) {
    return deny(`${caller.agency} does not record facts on ${kind} cases`);
  }
  return allow;
}

/** May the caller see an event or read-model record of this classification on this kind of case? */
export function maySeeRecord(
  caller: Pick<Caller, 'agency' | 'clearance'>,
  record: { kind: CaseKind; classification: Classification },
): boolean {
  if (!mayAccessKind(caller, record.kind)) return false;
  if (classificationRank(record.classification) > classificationRank(caller.clearance)) return false;
  return record.classification !== 'SECRET' || SECRET_READERS.includes(caller.agency);
}

/**
 * The classifications of the cases of this kind the caller may see: a case is as secret as the
 * most secret of its events, so this is also what a case may be and still be shown, listed and counted.
 */
export function visibleClassifications(caller: Pick<Caller, 'agency' | 'clearance'>, kind: CaseKind): Classification[] {
  return CLASSIFICATIONS.filter((classification) => maySeeRecord(caller, { kind, classification }));
}
