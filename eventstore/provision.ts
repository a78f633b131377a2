// The one step that takes a superuser: the database's two login roles with their passwords (the
// owner, which migrations run as, and the application's role, which the processes log in as), the
// database itself, owned by the owner, and the audit trail, owned by a role of its own
// (audit/trail.sql). The local stack runs it at every start, docker-compose through `taskforce
// migrate --provision`. Idempotent, and it sets the passwords every time: changing one is a rerun.
import pg from 'pg';
import { provisionAuditTrail } from '../audit/provision.ts';
import { DATABASE_ROLES, type DatabaseLogin } from '../infra/config.ts';

export interface DatabaseRoles {
  database: string;
  owner: DatabaseLogin;
  app: DatabaseLogin;
}

/**
 * The roles as two URLs name them: the owner's (DATABASE_OWNER_URL, which also names the database)
 * and the application's (DATABASE_URL). The role names are fixed, since the migrations and the audit
 * trail grant to them by name.
 */
export function rolesFromUrls(ownerUrl: string, appUrl: string): DatabaseRoles {
  const login = (variable: string, url: string, user: string): DatabaseLogin => {
    const parsed = new URL(url);
    const named = decodeURIComponent(parsed.username);
    if (named !== user) throw new Error(`${variable} must log in as ${user} (the migrations grant to it by name), not "${named}"`);
    if (!parsed.password) throw new Error(`${variable} must carry the password of ${user}`);
    return { user, password: decodeURIComponent(parsed.password) };
  };
  return {
    database: decodeURIComponent(new URL(ownerUrl).pathname.slice(1)),
    owner: login('DATABASE_OWNER_URL', ownerUrl, DATABASE_ROLES.owner),
    app: login('DATABASE_URL', appUrl, DATABASE_ROLES.app),
  };
}

/** `url` with its database replaced. */
export function onDatabase(url: string, database: string): string {
  const withDatabase = new URL(url);
  withDatabase.pathname = `/${encodeURIComponent(database)}`;
  return withDatabase.toString();
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** `superuserUrl`: a superuser's URL (any database); `roles`: what to make, or bring up to date. */
export async function provisionDatabase(superuserUrl: string, { database, owner, app }: DatabaseRoles): Promise<void> {
  await withClient(onDatabase(superuserUrl, 'postgres'), async (cluster) => {
    for (const login of [owner, app]) {
      const { rowCount } = await cluster.query('select 1 from pg_roles where rolname = $1', [login.user]);
      await cluster.query(
        `${rowCount === 0 ? 'create' : 'alter'} role ${pg.escapeIdentifier(login.user)} ` +
          `login nosuperuser nocreatedb nocreaterole password ${pg.escapeLiteral(login.password)}`,
      );
    }
    // The owner may act as the application's role (hand it the read models a migration creates, and
    // alter them later); the application's role may never act as the owner.
    await cluster.query(`grant ${pg.escapeIdentifier(app.user)} to ${pg.escapeIdentifier(owner.user)}`);
    const { rowCount } = await cluster.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) await cluster.query(`create database ${pg.escapeIdentifier(database)} owner ${pg.escapeIdentifier(owner.user)}`);
  });
  await withClient(onDatabase(superuserUrl, database), provisionAuditTrail);
}
