// Schema migrations with node-pg-migrate: plain SQL files in eventstore/migrations, applied in order,
// recorded in the pgmigrations table, each in its own transaction.
import path from 'node:path';
import { runner } from 'node-pg-migrate';

export async function migrate(databaseUrl: string, log: (message: string) => void = () => undefined): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: path.join(import.meta.dirname, 'migrations'),
    direction: 'up',
    migrationsTable: 'pgmigrations',
    singleTransaction: false,
    checkOrder: true,
    log,
    verbose: false,
  });
  return applied.map((m) => m.name);
}
