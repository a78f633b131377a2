// Where read models live. Projections name their tables without a schema, and every connection of a
// runner sets search_path to exactly one schema: `public` for the live read models, a schema of its
// own for a rebuild, a test or a benchmark. A missing table then fails loudly instead of falling
// through to the live one.
import pg from 'pg';
import { SchemaName } from './settings.ts';

/** The backend of a process that died (kill -9) mid-transaction ends within a second and releases its locks. */
const CLIENT_CHECK_INTERVAL_MS = 1000;

export function schemaConnection(databaseUrl: string, schema: string, applicationName: string): pg.ClientConfig {
  return {
    connectionString: databaseUrl,
    application_name: applicationName,
    options: `-c search_path=${SchemaName.parse(schema)} -c client_connection_check_interval=${CLIENT_CHECK_INTERVAL_MS}`,
  };
}

export async function connectToSchema(databaseUrl: string, schema: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client(schemaConnection(databaseUrl, schema, applicationName));
  await client.connect();
  return client;
}

/** Empty copies of `tables` from one schema in another, with the same columns, keys, indexes and defaults. */
export async function copyTables(db: pg.ClientBase, from: string, to: string, tables: readonly string[]): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${SchemaName.parse(to)}`);
  for (const table of tables) {
    await db.query(`CREATE TABLE ${to}.${table} (LIKE ${SchemaName.parse(from)}.${table} INCLUDING ALL)`);
  }
}

/**
 * Empty copies for a rebuild to fill: UNLOGGED (a rebuild's many upserts write no WAL; a crash
 * loses them, and a rebuild starts over anyway) and without the indexes that no constraint needs,
 * so each batch updates only the keys its upserts conflict on. Returns the indexes left out, for
 * finishRebuiltTables to build once the rows are in.
 */
export async function copyTablesForRebuild(db: pg.ClientBase, from: string, to: string, tables: readonly string[]): Promise<string[]> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${SchemaName.parse(to)}`);
  const deferred: string[] = [];
  for (const table of tables) {
    await db.query(`CREATE UNLOGGED TABLE ${to}.${table} (LIKE ${SchemaName.parse(from)}.${table} INCLUDING ALL)`);
    // Indexes that back no constraint and are not unique: an ON CONFLICT never needs them.
    const { rows } = await db.query<{ name: string; definition: string }>(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = $1::regclass AND NOT i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      [`${to}.${table}`],
    );
    for (const { name, definition } of rows) {
      await db.query(`DROP INDEX ${to}.${pg.escapeIdentifier(name)}`);
      deferred.push(definition);
    }
  }
  return deferred;
}

/** Makes a rebuild's filled tables like the live ones again: logged (written to WAL once, whole), with their deferred indexes. */
export async function finishRebuiltTables(
  db: pg.ClientBase,
  schema: string,
  tables: readonly string[],
  deferredIndexes: readonly string[],
): Promise<void> {
  SchemaName.parse(schema);
  for (const table of tables) await db.query(`ALTER TABLE ${schema}.${table} SET LOGGED`);
  for (const definition of deferredIndexes) await db.query(definition);
}

export async function dropSchema(db: pg.ClientBase, schema: string): Promise<void> {
  if (schema === 'public') throw new Error('the public schema holds the live read models and the event store; it is never dropped');
  await db.query(`DROP SCHEMA IF EXISTS ${SchemaName.parse(schema)} CASCADE`);
}

/**
 * Replaces `tables` in `live` by the tables of the same names in `fresh`, in one transaction: readers
 * and the live runner see the old tables or the new ones, never a mix. Waits for the live runner's
 * batch in flight (the exclusive locks), then drops the fresh schema, now empty.
 */
export async function swapTables(db: pg.ClientBase, fresh: string, live: string, tables: readonly string[]): Promise<void> {
  SchemaName.parse(fresh);
  SchemaName.parse(live);
  const liveNames = tables.map((t) => `${live}.${t}`).join(', ');
  await db.query('BEGIN');
  try {
    await db.query(`LOCK TABLE ${liveNames} IN ACCESS EXCLUSIVE MODE`);
    await db.query(`DROP TABLE ${liveNames}`);
    for (const table of tables) await db.query(`ALTER TABLE ${fresh}.${table} SET SCHEMA ${live}`);
    await db.query(`DROP SCHEMA ${fresh}`);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}
