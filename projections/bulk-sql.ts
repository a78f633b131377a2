// Set-based writes for the read models: a whole batch of rows goes to PostgreSQL as one JSON
// parameter and is unpacked with jsonb_to_recordset, so a batch costs a statement per table, not a
// round trip per row. Rows are written in key order, so two runners never lock rows in opposite orders.
import type { Queryable } from '../eventstore/stored-events.ts';

export type ColumnType = 'text' | 'integer' | 'bigint' | 'boolean' | 'date' | 'timestamptz' | 'jsonb';

/** A table's columns as the writes name them: column name → PostgreSQL type. */
export type Columns = Readonly<Record<string, ColumnType>>;

export type Row = Record<string, unknown>;

function recordset(columns: Columns): string {
  return Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
}

function sortedBy(rows: readonly Row[], key: readonly string[]): Row[] {
  const keyOf = (row: Row) => key.map((k) => String(row[k])).join('\u0000');
  return [...rows].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** Inserts rows, replacing every column of a row whose key exists. */
export async function upsertRows(
  tx: Queryable,
  table: string,
  columns: Columns,
  key: readonly string[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const updates = names.filter((n) => !key.includes(n)).map((n) => `${n} = excluded.${n}`);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordset(columns)})
     ON CONFLICT (${key.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    [JSON.stringify(sortedBy(rows, key))],
  );
}

export async function insertRows(tx: Queryable, table: string, columns: Columns, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordset(columns)})`,
    [JSON.stringify(rows)],
  );
}

export async function deleteWhereIn(tx: Queryable, table: string, column: string, values: readonly string[]): Promise<void> {
  if (values.length === 0) return;
  await tx.query(`DELETE FROM ${table} WHERE ${column} = ANY($1::text[])`, [values]);
}
