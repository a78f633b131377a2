// The per-person data keys, one row per victim case in `person_data_keys`, each wrapped by a master
// key. A key is created the first time something personal about the person is appended; erasure
// destroys it (the row stays, without the key, as the erasure's record), and no key is ever made
// again for an erased person, so nothing appended later becomes readable either.
import type pg from 'pg';
import { newDataKey, openBytes, sealBytes } from './aes-gcm.ts';
import type { MasterKeyring } from './master-key.ts';

/** A person's data key, or `erased` when it was destroyed (or never existed: nothing can open it). */
export type DataKey = Buffer | 'erased';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface KeyRow {
  subject: string;
  wrapped_key: Buffer | null;
  master_key_id: string | null;
}

const associated = (subject: string) => `taskforce data key of ${subject}`;

// ON CONFLICT DO NOTHING leaves an existing key (or an erasure) as it is; the caller reads what is stored.
const CREATE_MISSING = `
INSERT INTO person_data_keys (subject, wrapped_key, master_key_id)
SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[])
ON CONFLICT (subject) DO NOTHING`;

const READ = 'SELECT subject, wrapped_key, master_key_id FROM person_data_keys WHERE subject = ANY($1::text[])';

export class DataKeys {
  constructor(
    private readonly db: Queryable,
    private readonly master: MasterKeyring,
  ) {}

  /** The keys to seal with, created for the people who have none yet. */
  async forSealing(subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const known = await this.read(subjects);
    const missing = subjects.filter((subject) => !known.has(subject));
    if (missing.length === 0) return known;
    const { active } = this.master;
    const wrapped = missing.map((subject) => sealBytes(active.key, newDataKey(), associated(subject)));
    await this.db.query(CREATE_MISSING, [missing, wrapped, missing.map(() => active.id)]);
    // Read back rather than trust our own insert: a concurrent writer's key may have won.
    const created = await this.read(missing);
    for (const subject of missing) {
      const key = created.get(subject);
      if (key === undefined) throw new Error(`the data key of ${subject} was neither created nor found`);
      known.set(subject, key);
    }
    return known;
  }

  /** The keys to open with; a person without a key reads as erased. */
  async forOpening(subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const known = await this.read(subjects);
    for (const subject of subjects) if (!known.has(subject)) known.set(subject, 'erased');
    return known;
  }

  private async read(subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const keys = new Map<string, DataKey>();
    if (subjects.length === 0) return keys;
    const { rows } = await this.db.query<KeyRow>({ name: 'taskforce-read-data-keys', text: READ, values: [subjects] });
    for (const row of rows) keys.set(row.subject, this.unwrap(row));
    return keys;
  }

  private unwrap(row: KeyRow): DataKey {
    if (row.wrapped_key === null || row.master_key_id === null) return 'erased';
    const master = this.master.byId.get(row.master_key_id);
    // Never "erased": a missing master key is a configuration fault, and the data is still there.
    if (!master)
      throw new Error(`the data key of ${row.subject} is wrapped with master key "${row.master_key_id}", which is not configured`);
    return openBytes(master, row.wrapped_key, associated(row.subject));
  }
}
