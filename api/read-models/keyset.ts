// Keyset pagination for the read-model lists: a page ends with an opaque cursor holding the sort
// key and the unique tie-breaker of its last row, and the next page starts strictly after them,
// so rows written between two pages never make a page repeat or skip a row that was already
// there (OFFSET would), and every page costs the same however deep the client reads.
import { z } from 'zod';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { badRequest } from '../problem.ts';
import { type Conditions, queryReadModel } from './sql.ts';

export const MAX_PAGE_SIZE = 100;

export const Limit = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe(`rows per page, at most ${MAX_PAGE_SIZE}`);

export const Cursor = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^[A-Za-z0-9_-]+$/, 'a cursor is the nextCursor of a previous page, as given')
  .optional()
  .describe('nextCursor of the previous page, as given; the other query values must stay the same');

export const Order = z.enum(['asc', 'desc']);
export type Order = z.infer<typeof Order>;

export interface Keyset {
  /** Names the listing, its sort and order: a cursor made for another one is refused. */
  listing: string;
  /** The SQL expression rows are sorted by, never null (COALESCE a nullable column). */
  key: string;
  keyType: 'timestamptz' | 'text';
  /** A unique text expression that orders rows with the same key. */
  tieBreak: string;
  order: Order;
}

/** A page of rows, and the cursor of the next page (null on the last one). */
export interface Page<R> {
  rows: R[];
  nextCursor: string | null;
}

const CursorBody = z.tuple([z.string(), z.string().max(300), z.string().max(300)]);

function encodeCursor(listing: string, key: string, tie: string): string {
  return Buffer.from(JSON.stringify([listing, key, tie])).toString('base64url');
}

const cursorProblem = (message: string) => badRequest(message, [{ path: 'query.cursor', message }]);

function decodeCursor(cursor: string, listing: string): { key: string; tie: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorProblem('the cursor is not one this API gave');
  }
  const body = CursorBody.safeParse(parsed);
  if (!body.success) throw cursorProblem('the cursor is not one this API gave');
  const [madeFor, key, tie] = body.data;
  if (madeFor !== listing) throw cursorProblem('the cursor belongs to another listing, sort or order; start again without it');
  return { key, tie };
}

/**
 * One page of `SELECT <select> FROM <from> WHERE <conditions>` in keyset order. `select` must not
 * name the columns keyset_key and keyset_tie, which carry each row's position.
 */
export async function keysetPage<R extends Record<string, unknown>>(
  db: Queryable,
  query: { select: string; from: string; conditions: Conditions; keyset: Keyset; cursor: string | undefined; limit: number },
): Promise<Page<R>> {
  const { conditions, keyset } = query;
  const tie = `(${keyset.tieBreak}) COLLATE "C"`;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor, keyset.listing);
    const direction = keyset.order === 'asc' ? '>' : '<';
    conditions.where((p) => `(${keyset.key}, ${tie}) ${direction} (${p(after.key)}::${keyset.keyType}, ${p(after.tie)} COLLATE "C")`);
  }
  const order = keyset.order.toUpperCase();
  const rows = await queryReadModel<R & { keyset_key: string; keyset_tie: string }>(
    db,
    `SELECT ${query.select}, to_json(${keyset.key}) #>> '{}' AS keyset_key, ${tie} AS keyset_tie
       FROM ${query.from}
      WHERE ${conditions.sql()}
      ORDER BY ${keyset.key} ${order}, ${tie} ${order}
      LIMIT ${query.limit + 1}`,
    conditions.params,
  );
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return {
    rows: page.map(({ keyset_key: _key, keyset_tie: _tie, ...row }) => row as unknown as R),
    nextCursor: more && last ? encodeCursor(keyset.listing, last.keyset_key, last.keyset_tie) : null,
  };
}
