// Benchmarks write millions of rows into an append-only store: they get a database of their own,
// made afresh and migrated for each run, so the test and dev databases (and every relay reading
// them) stay small.
import pg from 'pg';
import { migrate } from '../eventstore/migrate.ts';
import { provisionDatabase } from '../eventstore/provision.ts';
import { databaseUrl, type StackConfig } from '../infra/config.ts';
import { superuserUrl } from '../stack/postgres.ts';

/** Returns the application's URL of the fresh database. */
export async function freshBenchDatabase(config: StackConfig, name = `${config.postgres.database}_bench`): Promise<string> {
  const admin = new pg.Client({ connectionString: superuserUrl(config) });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await admin.end();
  }
  // Like the stack's own database: the same roles, the audit trail its superuser provisions.
  const { owner, app } = config.postgres;
  await provisionDatabase(superuserUrl(config), { database: name, owner, app });
  await migrate(databaseUrl(config, owner, name));
  return databaseUrl(config, app, name);
}
