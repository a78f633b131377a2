// The shape of `case_list` is stated twice only: in its migrations and in CASE_LIST_COLUMNS, which the
// projection, the API, the fuzzer and the benchmark share. This checks the two agree, on the real,
// migrated database.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../infra/settings.ts';
import { CASE_LIST_COLUMNS } from '../../projections/case-list.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 1 });
afterAll(() => pool.end());

const POSTGRES_NAMES: Record<string, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  boolean: 'boolean',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
};

describe('case_list', () => {
  it('has exactly the columns, and column types, that CASE_LIST_COLUMNS declares', async () => {
    const { rows } = await pool.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'case_list' ORDER BY column_name`,
    );
    const migrated = Object.fromEntries(rows.map((row) => [row.column_name, row.data_type]));
    const declared = Object.fromEntries(Object.entries(CASE_LIST_COLUMNS).map(([name, type]) => [name, POSTGRES_NAMES[type]]));
    expect(migrated).toEqual(declared);
  });

  it('takes any kind the registry may add: no CHECK constraint lists the kinds', async () => {
    const { rows } = await pool.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'public.case_list'::regclass AND contype = 'c'`,
    );
    expect(rows.map((row) => row.definition).filter((definition) => definition.includes('victim'))).toEqual([]);
  });
});
