// The per-person data keys, one row per victim case in `person_data_keys`, each wrapped by a master
// key. A key is created the first time something personal about the person is appended; erasure
// destroys it (the row stays, without the key, as the erasure's record), and no key is ever made
// again for an erased person, so nothing appended later becomes readable either.
//
// Keys to seal with are remembered (a bounded number), keys to open with never are. Sealing with a
// remembered key that was destroyed since is harmless: nothing can open what it seals, which reads
// "[ERASED]" like the rest. Opening with a remembered key would outlive the erasure.
import type pg from 'pg';
import type { Keyring } from '../infra/keyring.ts';
import { newDataKey, openBytes, sealBytes } from './aes-gcm.ts';

/** A person's data key, or `erased` when it was destroyed (or never existed: nothing can open it). */
export type DataKey = Buffer | 'erased';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface KeyRow {
  subject: string;
  wrapped_key: Buffer | null;
  master_key_id: string | null;
}

const associated = (subject: string) => `taskforce data key of ${subject}`;

// ON CONFLICT DO NOTHING leaves an existing key (or an erasure) as it is, and returns only the keys it made.
const CREATE_MISSING = `
INSERT INTO person_data_keys (subject, wrapped_key, master_key_id)
SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[])
ON CONFLICT (subject) DO NOTHING
RETURNING subject, wrapped_key, master_key_id`;

const READ = 'SELECT subject, wrapped_key, master_key_id FROM person_data_keys WHERE subject = ANY($1::text[])';

/** About 10,000 open victim cases' keys: a few hundred kilobytes. */
const SEALING_KEYS_KEPT = 10_000;

export class DataKeys {
  private readonly sealingKeys = new Map<string, DataKey>();

  constructor(
    private readonly db: Queryable,
    private readonly master: Keyring,
  ) {}

  /** The keys to seal with, created for the people who have none yet. */
  async forSealing(subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const loaded = await this.loadForSealing(subjects.filter((subject) => !this.sealingKeys.has(subject)));
    const keys = new Map(subjects.map((subject) => [subject, this.sealingKeys.get(subject) ?? loaded.get(subject)!]));
    for (const [subject, key] of loaded) {
      this.sealingKeys.set(subject, key);
      // Maps iterate in insertion order: the first entry is the one remembered longest.
      if (this.sealingKeys.size > SEALING_KEYS_KEPT) this.sealingKeys.delete(this.sealingKeys.keys().next().value!);
    }
    return keys;
  }

  private async loadForSealing(subjects: readonly string[]): Promise<Map<string, DataKey>> {
    if (subjects.length === 0) return new Map();
    // Offer a fresh key for each; the insert keeps the ones stored already (or erased) as they are.
    const { active } = this.master;
    const wrapped = subjects.map((subject) => sealBytes(active.key, newDataKey(), associated(subject)));
    const { rows } = await this.db.query<KeyRow>({
      name: 'taskforce-create-data-keys',
      text: CREATE_MISSING,
      values: [subjects, wrapped, subjects.map(() => active.id)],
    });
    const keys = new Map(rows.map((row) => [row.subject, this.unwrap(row)]));
    const stored = await this.read(subjects.filter((subject) => !keys.has(subject)));
    for (const subject of subjects) {
      const key = keys.get(subject) ?? stored.get(subject);
      if (key === undefined) throw new Error(`the data key of ${subject} was neither created nor found`);
      keys.set(subject, key);
    }
    return keys;
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
