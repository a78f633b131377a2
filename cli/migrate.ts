// `taskforce migrate`: applies the database migrations as the role that owns the schema
// (DATABASE_OWNER_URL, or the local stack's owner). With --provision it first makes or updates, as
// a superuser (DATABASE_SUPERUSER_URL), the owner and application roles with the passwords that
// DATABASE_OWNER_URL and DATABASE_URL carry, the database and the audit trail: docker-compose runs
// it so, and a changed password in the env file is set by the next run.
import type { Command } from 'commander';
import { migrate } from '../eventstore/migrate.ts';
import { provisionDatabase, rolesFromUrls } from '../eventstore/provision.ts';
import { loadSettings, migrationDatabaseUrl } from '../infra/settings.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

export function registerMigrateCommand(program: Command): void {
  withJsonOption(
    program
      .command('migrate')
      .description('apply pending database migrations (eventstore/migrations) as the owner role, DATABASE_OWNER_URL')
      .option('--provision', 'first make the roles, the database and the audit trail as the superuser of DATABASE_SUPERUSER_URL'),
  ).action(async (options: JsonOption & { provision?: boolean }) => {
    const ownerUrl = migrationDatabaseUrl();
    if (options.provision) {
      const superuserUrl = process.env.DATABASE_SUPERUSER_URL;
      if (!superuserUrl) throw new Error('--provision needs DATABASE_SUPERUSER_URL, a superuser of the PostgreSQL server');
      await provisionDatabase(superuserUrl, rolesFromUrls(ownerUrl, loadSettings().databaseUrl));
      if (!options.json) console.log('roles, database and audit trail provisioned');
    }
    const applied = await migrate(ownerUrl);
    if (options.json) printJson({ applied });
    else console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  });
}
