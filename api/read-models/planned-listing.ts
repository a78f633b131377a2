// Flights and operations are listed the same way: the rows of one kind the caller may see, filtered
// by status, lead agency and host country, by when they were planned. One query schema and one
// listing, so the two lists cannot drift apart in how they filter, sort or page.
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import type { Queryable } from '../../eventstore/stored-events.ts';
import type { CaseKind } from '../../workflows/kinds.ts';
import { CountryCode, StatusName } from './fields.ts';
import { Cursor, keysetPage, Limit, Order, type Page } from './keyset.ts';
import { inScope, type RowScope } from './scope.ts';
import { Conditions } from './sql.ts';

/** The query string of a planned listing; `noun` names the rows in the order's description. */
export function plannedListQuery(noun: string) {
  return z.object({
    status: StatusName.optional(),
    leadAgency: Agency.optional(),
    hostCountry: CountryCode.optional(),
    order: Order.default('desc').describe(`by when the ${noun} was planned`),
    limit: Limit,
    cursor: Cursor,
  });
}
export type PlannedListQuery = z.infer<ReturnType<typeof plannedListQuery>>;

/** A read-model table of one kind with the columns a planned listing needs: status, lead_agency, host_country, classification, planned_at. */
export interface PlannedTable {
  kind: CaseKind;
  /** Names the listing in its cursors: a cursor of another listing is refused. */
  listing: string;
  table: string;
  /** The table's alias, which `columns` and `idColumn` are qualified with. */
  alias: string;
  /** The unique id that orders rows planned at the same instant. */
  idColumn: string;
  columns: string;
}

export async function listPlanned<R extends Record<string, unknown>>(
  db: Queryable,
  scope: RowScope,
  query: PlannedListQuery,
  from: PlannedTable,
): Promise<Page<R>> {
  const { alias } = from;
  const conditions = new Conditions()
    .where((p) => inScope(`'${from.kind}'`, `${alias}.classification`, scope, p))
    .equals(`${alias}.status`, query.status)
    .equals(`${alias}.lead_agency`, query.leadAgency)
    .equals(`${alias}.host_country`, query.hostCountry);
  return keysetPage<R>(db, {
    select: from.columns,
    from: `${from.table} ${alias}`,
    conditions,
    keyset: {
      listing: `${from.listing}:${query.order}`,
      // A row without a plan sorts last in either order (an operation is planned by its first event, so never).
      key: `COALESCE(${alias}.planned_at, '${query.order === 'asc' ? 'infinity' : '-infinity'}'::timestamptz)`,
      keyType: 'timestamptz',
      tieBreak: `${alias}.${from.idColumn}`,
      order: query.order,
    },
    cursor: query.cursor,
    limit: query.limit,
  });
}
