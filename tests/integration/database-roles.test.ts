// Least privilege in PostgreSQL, on the real test stack. The processes log in as taskforce_app
// (DATABASE_URL): it appends events and writes the read models it owns, and every attempt to rewrite
// or unprotect a fact (events, person data keys, the audit trail, the migrations' record) fails with
// a permission error, since only an owner may disable, drop or replace a trigger. Migrations run as
// the owner role; neither role is a superuser, and the superuser does not take the app's password.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_ROLES, loadStackConfig } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
import { PROJECTIONS } from '../../projections/catalogue.ts';
import { ownedTables } from '../../projections/projection.ts';
import { superuserUrl } from '../../stack/postgres.ts';

const config = loadStackConfig();
const app = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 2 });
afterAll(() => app.end());

async function ownerOf(table: string): Promise<string | undefined> {
  const { rows } = await app.query<{ owner: string }>(
    "SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = $1",
    [table],
  );
  return rows[0]?.owner;
}

describe('the application role', () => {
  it('is what DATABASE_URL logs in as, and neither it nor the owner is a superuser', async () => {
    const { rows } = await app.query<{ me: string; roles: { name: string; superuser: boolean }[] }>(
      `SELECT current_user AS me,
              (SELECT json_agg(json_build_object('name', rolname, 'superuser', rolsuper) ORDER BY rolname)
                 FROM pg_roles WHERE rolname = ANY($1)) AS roles`,
      [[DATABASE_ROLES.owner, DATABASE_ROLES.app]],
    );
    expect(rows[0]).toEqual({
      me: 'taskforce_app',
      roles: [
        { name: 'taskforce', superuser: false },
        { name: 'taskforce_app', superuser: false },
      ],
    });
  });

  it('does not own the facts: the owner role, which runs migrations, does', async () => {
    for (const table of ['events', 'person_data_keys', 'relay_checkpoints', 'pgmigrations']) {
      expect(await ownerOf(table), table).toBe(DATABASE_ROLES.owner);
    }
  });

  it('owns every read-model table, so a rebuild can drop a live table and move its copy in', async () => {
    for (const table of PROJECTIONS.flatMap(ownedTables)) expect(await ownerOf(table), table).toBe(DATABASE_ROLES.app);
    const { rows } = await app.query<{ schema: boolean; database: boolean }>(
      "SELECT has_schema_privilege('public', 'CREATE') AS schema, has_database_privilege(current_database(), 'CREATE') AS database",
    );
    expect(rows[0]).toEqual({ schema: true, database: true });
  });

  it.each([
    ['update events', 'UPDATE events SET type = type WHERE false'],
    ['delete events', 'DELETE FROM events WHERE false'],
    ['truncate events', 'TRUNCATE events'],
    ['disable the append-only trigger', 'ALTER TABLE events DISABLE TRIGGER events_append_only'],
    ['disable every trigger on events', 'ALTER TABLE events DISABLE TRIGGER ALL'],
    ['drop the append-only trigger', 'DROP TRIGGER events_append_only ON events'],
    [
      'replace the trigger function',
      'CREATE OR REPLACE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$',
    ],
    ['drop the events table', 'DROP TABLE events'],
    ['take the events table over', 'ALTER TABLE events OWNER TO taskforce_app'],
    ['delete a person data key', 'DELETE FROM person_data_keys WHERE false'],
    ['disable the erasure trigger', 'ALTER TABLE person_data_keys DISABLE TRIGGER person_data_keys_erasure_final'],
    ['update audit rows', 'UPDATE audit.trail SET status = status WHERE false'],
    ['delete audit rows', 'DELETE FROM audit.trail WHERE false'],
    ['truncate the audit trail', 'TRUNCATE audit.trail'],
    ['disable the audit trigger', 'ALTER TABLE audit.trail DISABLE TRIGGER trail_append_only'],
    ["rewrite the migrations' record", 'DELETE FROM pgmigrations WHERE false'],
    ['act as the owner', 'SET ROLE taskforce'],
    ['grant itself the owner role', 'GRANT taskforce TO taskforce_app'],
    ['make itself a superuser', 'ALTER ROLE taskforce_app SUPERUSER'],
  ])('cannot %s: a permission error', async (_, statement) => {
    await expect(app.query(statement)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('the superuser', () => {
  it("does not log in with the application's password", async () => {
    const url = new URL(superuserUrl(config));
    url.password = encodeURIComponent(config.postgres.app.password);
    const client = new pg.Client({ connectionString: url.toString() });
    await expect(client.connect()).rejects.toMatchObject({ code: '28P01' });
    await client.end().catch(() => undefined);
  });
});
