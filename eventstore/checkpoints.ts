// Where each relay has got to. Written only after Kafka acknowledged a batch, so a crash between
// the two republishes that batch (at least once), never skips it.
import { lastSettledPosition, type Queryable, START_OF_STORE, type StorePosition } from './stored-events.ts';

/** Where a relay without a checkpoint starts: every stored event, or only events appended from now on. */
export type RelayStart = 'beginning' | 'end';

export async function saveCheckpoint(db: Queryable, relayName: string, position: StorePosition): Promise<void> {
  // Never moves backwards, even if a relay that lost its lock writes late.
  await db.query(
    `INSERT INTO relay_checkpoints (relay_name, last_transaction_id, last_global_position)
     VALUES ($1, $2::xid8, $3::bigint)
     ON CONFLICT (relay_name) DO UPDATE
       SET last_transaction_id = excluded.last_transaction_id,
           last_global_position = excluded.last_global_position,
           updated_at = now()
     WHERE (relay_checkpoints.last_transaction_id, relay_checkpoints.last_global_position)
         < (excluded.last_transaction_id, excluded.last_global_position)`,
    [relayName, position.transactionId.toString(), position.globalPosition.toString()],
  );
}

export async function loadCheckpoint(db: Queryable, relayName: string, start: RelayStart): Promise<StorePosition> {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT last_transaction_id AS transaction_id, last_global_position AS global_position
       FROM relay_checkpoints WHERE relay_name = $1`,
    [relayName],
  );
  const row = rows[0];
  if (row) return { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) };
  const first = start === 'beginning' ? START_OF_STORE : await lastSettledPosition(db);
  await saveCheckpoint(db, relayName, first);
  return first;
}
