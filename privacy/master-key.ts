// The master keys that wrap every person's data key (data-keys.ts). They never touch personal
// values themselves, and live only in the environment: the database holds wrapped data keys, so a
// copy of the database alone opens nothing. The first key wraps new data keys; every listed key
// still unwraps, so the master key rotates by putting a new one first and keeping the old ones.
import { createHash } from 'node:crypto';
import { KEY_BYTES } from './aes-gcm.ts';

export const MASTER_KEY_ENV = 'TASKFORCE_DATA_KEY_MASTER';

export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface MasterKeyring {
  active: MasterKey;
  byId: ReadonlyMap<string, Buffer>;
}

/** A fixed master key for local development only; loading it warns. */
const DEVELOPMENT_KEY: MasterKey = {
  id: 'dev-1',
  key: createHash('sha256').update('taskforce local development data key master').digest(),
};

export function parseMasterKeys(spec: string): MasterKey[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, encoded, ...rest] = entry.split(':');
      if (!id || !encoded || rest.length > 0 || !/^[A-Za-z0-9._-]+$/.test(id)) {
        throw new Error(`${MASTER_KEY_ENV} must be "keyId:base64Key[,keyId:base64Key…]" with the wrapping key first`);
      }
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== KEY_BYTES)
        throw new Error(`master key "${id}" must be ${KEY_BYTES} bytes (base64 of random bytes), got ${key.length}`);
      return { id, key };
    });
}

export function masterKeyring(keys: readonly MasterKey[]): MasterKeyring {
  const [active] = keys;
  if (!active) throw new Error(`${MASTER_KEY_ENV} names no key`);
  return { active, byId: new Map(keys.map((k) => [k.id, k.key])) };
}

let warnedOfDevelopmentKey = false;

/**
 * The keyring from TASKFORCE_DATA_KEY_MASTER. In production it must be set; elsewhere a fixed
 * development key stands in, with one warning per process, so `npm start` and the tests work as is.
 */
export function loadMasterKeyring(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = console.warn): MasterKeyring {
  const spec = env[MASTER_KEY_ENV];
  if (spec) return masterKeyring(parseMasterKeys(spec));
  if (env.NODE_ENV === 'production') throw new Error(`${MASTER_KEY_ENV} must be set in production`);
  if (!warnedOfDevelopmentKey) {
    warnedOfDevelopmentKey = true;
    warn(`${MASTER_KEY_ENV} is not set: personal data keys are wrapped with the fixed development master key`);
  }
  return masterKeyring([DEVELOPMENT_KEY]);
}
