// Which read-model rows a caller may see, pushed down into SQL: the (case kind, classification)
// pairs the policy's maySeeRecord admits, computed from the policy itself so the queries and the
// guards can never disagree. Every read-model row carries its kind (or is of one kind) and the
// highest classification of the events it was folded from.
import { type CaseKind, CaseKind as CaseKinds, CLASSIFICATIONS } from '../../events/envelope.ts';
import type { Caller } from '../auth/caller.ts';
import { authorize } from '../auth/guard.ts';
import { maySeeRecord } from '../auth/policy.ts';

/** "<kind>/<classification>" for every pair the caller may see; compare with `kind || '/' || classification`. */
export type RowScope = readonly string[];

export function rowScope(caller: Caller, kinds: readonly CaseKind[] = CaseKinds.options): RowScope {
  return kinds.flatMap((kind) =>
    CLASSIFICATIONS.filter((classification) => maySeeRecord(caller, { kind, classification })).map((c) => `${kind}/${c}`),
  );
}

/** The SQL condition that keeps a row in scope, given where its kind and classification are and the scope's placeholder. */
export function inScope(kindSql: string, classificationSql: string, scopePlaceholder: string): string {
  return `(${kindSql} || '/' || ${classificationSql}) = ANY(${scopePlaceholder}::text[])`;
}

/**
 * The scope of a listing: every kind the caller sees, or the one kind the listing names, which the
 * caller's agency must have access to (403 otherwise, as for any kind-scoped operation).
 */
export function listingScope(caller: Caller, kind?: CaseKind): RowScope {
  if (kind === undefined) return rowScope(caller);
  authorize(caller, 'case.read', kind);
  return rowScope(caller, [kind]);
}
