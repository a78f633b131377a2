// Applies trail.sql with a superuser's connection: the one step that can make the audit trail
// belong to a role other than the application's. Called by the superuser's step, after it made the
// application's role (eventstore/provision.ts).
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

export const AUDIT_TRAIL_SQL = path.join(import.meta.dirname, 'trail.sql');

/** `superuser` must be connected, as a superuser, to the application's database. Idempotent. */
export async function provisionAuditTrail(superuser: pg.Client): Promise<void> {
  await superuser.query(fs.readFileSync(AUDIT_TRAIL_SQL, 'utf8'));
}
