// Checks a route makes once it knows what it is about (the case kind, the record's
// classification), turned into the problems the caller sees.

import type { Caller } from '../../access/caller.ts';
import { mayAccessKind } from '../../access/need-to-know.ts';
import { maySeeRecord, mayUse, type Operation } from '../../access/policy.ts';
import type { Classification } from '../../events/envelope.ts';
import type { CaseKind } from '../../workflows/kinds.ts';
import { forbidden, notFound } from '../problem.ts';

/** Throws 403 unless the caller may perform the operation on cases of this kind. */
export function authorize(caller: Caller, operation: Operation, kind?: CaseKind): void {
  const decision = mayUse(caller, operation, kind);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/**
 * For a route about one case: throws 403 unless the operation's rule admits the caller's role and
 * clearance, and 404 unless its agency works the case's kind (a case of a kind it does not work is
 * one it may not see, answered as missing like any other).
 */
export function authorizeCase(caller: Caller, operation: Operation, kind: CaseKind, caseId: string): void {
  authorize(caller, operation);
  if (!mayAccessKind(caller, kind)) throw notFound(`no case ${caseId}`);
}

/**
 * Throws 404 unless the caller may see the record: a record above a caller's clearance is
 * answered as missing, so its existence is not disclosed.
 */
export function requireVisible(caller: Caller, record: { kind: CaseKind; classification: Classification }, what: string): void {
  if (!maySeeRecord(caller, record)) throw notFound(`${what} was not found`);
}
