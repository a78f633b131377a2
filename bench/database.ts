// Benchmarks write millions of rows into an append-only store: they get a database of their own,
// made afresh for each run, so the test and dev databases (and every relay reading them) stay small.
import pg from 'pg';
import { provisionAuditTrail } from '../audit/provision.ts';
import type { StackConfig } from '../infra/config.ts';
import { superuserUrl } from '../stack/postgres.ts';

export async function freshBenchDatabase(config: StackConfig, name = `${config.postgres.database}_bench`): Promise<string> {
  const admin = new pg.Client({ connectionString: superuserUrl(config) });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(name)} owner ${pg.escapeIdentifier(config.postgres.user)}`);
  } finally {
    await admin.end();
  }
  // Like the stack's own database, it gets the audit trail its superuser provisions.
  const benchDatabase = new pg.Client({ connectionString: superuserUrl(config, name) });
  await benchDatabase.connect();
  try {
    await provisionAuditTrail(benchDatabase);
  } finally {
    await benchDatabase.end();
  }
  const { user, password, port } = config.postgres;
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${name}`;
}
