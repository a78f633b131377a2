// Which read-model rows a caller may see, pushed down into SQL: the case kinds its agency works and
// the classifications the policy's maySeeRecord admits on them, computed from the policy itself so
// the queries and the guards can never disagree. Every read-model row carries its kind (or is of
// one kind) and the highest classification of the events it was folded from. Two plain lists
// (kind = ANY, classification = ANY) rather than a list of pairs, so PostgreSQL can estimate them
// and walk the sort indexes.

import type { Caller } from '../../access/caller.ts';
import { mayAccessKind } from '../../access/need-to-know.ts';
import { maySeeRecord } from '../../access/policy.ts';
import { CLASSIFICATIONS, type Classification } from '../../events/envelope.ts';
import { CaseKind } from '../../workflows/kinds.ts';
import { authorize } from '../auth/guard.ts';

export interface RowScope {
  kinds: readonly CaseKind[];
  /** The classifications the caller may see on every one of those kinds (today's rule does not depend on the kind). */
  classifications: readonly Classification[];
}

export function rowScope(caller: Caller, among: readonly CaseKind[] = CaseKind.options): RowScope {
  const kinds = among.filter((kind) => mayAccessKind(caller, kind));
  const classifications = CLASSIFICATIONS.filter(
    (classification) => kinds.length > 0 && kinds.every((kind) => maySeeRecord(caller, { kind, classification })),
  );
  return { kinds, classifications };
}

/** The SQL condition that keeps a row in scope, given where its kind and classification are. */
export function inScope(kindSql: string, classificationSql: string, scope: RowScope, param: (value: unknown) => string): string {
  return `${kindSql} = ANY(${param(scope.kinds)}::text[]) AND ${classificationSql} = ANY(${param(scope.classifications)}::text[])`;
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
