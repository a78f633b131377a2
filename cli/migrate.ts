// `taskforce migrate`: applies the database migrations to DATABASE_URL (or the local stack).
import type { Command } from 'commander';
import { migrate } from '../eventstore/migrate.ts';
import { loadSettings } from '../infra/settings.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

export function registerMigrateCommand(program: Command): void {
  withJsonOption(
    program.command('migrate').description('apply pending database migrations (eventstore/migrations) to DATABASE_URL'),
  ).action(async (options: JsonOption) => {
    const applied = await migrate(loadSettings().databaseUrl);
    if (options.json) printJson({ applied });
    else console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  });
}
