// Erasing a victim case: destroying the data key its personal values are sealed with. Nothing else
// changes: the events, their count and every statistic counted from them stay as they were, while
// every copy of the personal values (the events table, the Kafka topics, read models, rebuilt ones
// too) becomes unreadable and opens as "[ERASED]". Only a closed victim case may be erased: an
// open case is still being worked, and suspects' records are kept for prosecution.
import type pg from 'pg';
import { z } from 'zod';
import { upcast } from '../events/catalogue.ts';
import { Actor } from '../events/envelope.ts';
import { factOf } from '../workflows/case-kit/stored-fact.ts';
import { initialVictimState, VICTIM_TERMINAL, type VictimStatus, victimDecider } from '../workflows/victim/decider.ts';
import { victimEvents } from '../workflows/victim/events.ts';

export const ErasureGround = z
  .enum(['retention-ended', 'subject-request', 'court-order'])
  .describe('why: the retention period ended, the person asked for erasure, or a court ordered it');
export type ErasureGround = z.infer<typeof ErasureGround>;

export const Erasure = z.object({
  caseId: z.string(),
  erasedAt: z.iso.datetime({ offset: true }),
  erasedBy: Actor,
  ground: ErasureGround,
});
export type Erasure = z.infer<typeof Erasure>;

export interface ErasureResult {
  erasure: Erasure;
  /** True when the case had been erased before (this call changed nothing). */
  alreadyErased: boolean;
}

/** The case has no events: there is nothing to erase. */
export class ErasureCaseNotFoundError extends Error {
  override readonly name = 'ErasureCaseNotFoundError';
  constructor(readonly caseId: string) {
    super(`no case ${caseId}`);
  }
}

/** A rule of the domain refuses the erasure; `rule` names it. */
export class ErasureRefusedError extends Error {
  override readonly name = 'ErasureRefusedError';
  constructor(
    readonly rule: 'victim-cases-only' | 'case-must-be-closed',
    message: string,
  ) {
    super(message);
  }
}

interface ErasureRow {
  subject: string;
  erased_at: Date;
  erased_by: Actor;
  erasure_ground: ErasureGround;
}

const toErasure = (row: ErasureRow): Erasure => ({
  caseId: row.subject,
  erasedAt: row.erased_at.toISOString(),
  erasedBy: row.erased_by,
  ground: row.erasure_ground,
});

const ERASURE_COLUMNS = 'subject, erased_at, erased_by, erasure_ground';

/** The case's status, folded from its stream by the victim case's own rules. */
async function victimStatus(db: pg.PoolClient, caseId: string): Promise<VictimStatus | null> {
  const { rows } = await db.query<{ type: string; schema_version: number; data: Record<string, unknown>; occurred_at: Date }>(
    'SELECT type, schema_version, data, occurred_at FROM events WHERE stream_id = $1 ORDER BY stream_version',
    [caseId],
  );
  if (rows.length === 0) return null;
  const folded = rows.reduce(
    (state, row) =>
      victimDecider.evolve(
        state,
        // Stored at the version it was written in: lifted to the current one, as every reader does.
        factOf(victimEvents, {
          type: row.type,
          data: upcast(row.type, row.schema_version, row.data).data,
          occurredAt: row.occurred_at.toISOString(),
        }),
      ),
    initialVictimState(caseId),
  );
  return folded.status;
}

/**
 * Destroys the data key of a closed victim case, once: erasing an erased case answers the first
 * erasure. Throws ErasureCaseNotFoundError for a case without events and ErasureRefusedError for a
 * case that is not a closed victim case.
 */
export async function eraseVictimCase(pool: pg.Pool, caseId: string, by: Actor, ground: ErasureGround): Promise<ErasureResult> {
  if (!caseId.startsWith('victim-')) {
    throw new ErasureRefusedError('victim-cases-only', `only victim cases are erased; ${caseId} is not one`);
  }
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    // The key row, locked, so a concurrent erasure of the same case waits for this one.
    const { rows: before } = await db.query<ErasureRow | { erased_at: null }>(
      `SELECT ${ERASURE_COLUMNS} FROM person_data_keys WHERE subject = $1 FOR UPDATE`,
      [caseId],
    );
    const known = before[0];
    if (known?.erased_at) {
      await db.query('COMMIT');
      return { erasure: toErasure(known as ErasureRow), alreadyErased: true };
    }
    const status = await victimStatus(db, caseId);
    if (status === null) throw new ErasureCaseNotFoundError(caseId);
    if (!VICTIM_TERMINAL.includes(status)) {
      throw new ErasureRefusedError(
        'case-must-be-closed',
        `${caseId} is ${status}: only a closed case (${VICTIM_TERMINAL.join(', ')}) may be erased`,
      );
    }
    // Without a key yet (nothing personal was ever appended) the row is made erased, so none ever is.
    const { rows: erased } = await db.query<ErasureRow>(
      `INSERT INTO person_data_keys AS k (subject, wrapped_key, master_key_id, erased_at, erased_by, erasure_ground)
       VALUES ($1, NULL, NULL, now(), $2::jsonb, $3)
       ON CONFLICT (subject) DO UPDATE
         SET wrapped_key = NULL, master_key_id = NULL, erased_at = excluded.erased_at, erased_by = excluded.erased_by,
             erasure_ground = excluded.erasure_ground
         WHERE k.erased_at IS NULL
       RETURNING ${ERASURE_COLUMNS}`,
      [caseId, JSON.stringify(Actor.parse(by)), ErasureGround.parse(ground)],
    );
    await db.query('COMMIT');
    if (erased[0]) return { erasure: toErasure(erased[0]), alreadyErased: false };
    // A concurrent erasure of a case that had no key row yet got there first.
    const { rows: first } = await pool.query<ErasureRow>(`SELECT ${ERASURE_COLUMNS} FROM person_data_keys WHERE subject = $1`, [caseId]);
    return { erasure: toErasure(first[0]!), alreadyErased: true };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}
