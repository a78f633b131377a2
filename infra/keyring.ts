// A keyring read from one environment variable, "keyId:base64Key[,keyId:base64Key…]": the first
// key is the active one (it encrypts or wraps); every listed key still opens what it sealed, so a
// key rotates by putting a new one first and keeping the old ones. The payload codec and the
// personal data master key both read theirs this way, each naming its own variable and words.
import { createHash } from 'node:crypto';
import type { DeploymentSecret } from './secrets.ts';

export interface KeyringKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  active: KeyringKey;
  byId: ReadonlyMap<string, Buffer>;
}

/** Where a keyring comes from, and the words its messages use. */
export interface KeyringSource {
  /** The environment variable that lists the keys, e.g. TASKFORCE_PAYLOAD_KEYS. */
  variable: string;
  /** What one key is called in messages, e.g. "payload key". */
  keyName: string;
  /** What the first key does, e.g. "encrypting". */
  activeRole: string;
  keyBytes: number;
  /** Hashed into the fixed key that stands in outside production when the variable is unset. */
  developmentSeed: string;
  /** The warning's end when that fixed key is used, e.g. "payloads are encrypted with the fixed development key". */
  developmentUse: string;
}

const KEY_ID = /^[A-Za-z0-9._-]+$/;

/** The keys listed in `list`, the active one first; throws a message naming the variable when one is malformed. */
export function parseKeys(source: KeyringSource, list: string): KeyringKey[] {
  const keys = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, encoded, ...rest] = entry.split(':');
      if (!id || !encoded || rest.length > 0 || !KEY_ID.test(id)) {
        throw new Error(`${source.variable} must be "keyId:base64Key[,keyId:base64Key…]" with the ${source.activeRole} key first`);
      }
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== source.keyBytes) {
        throw new Error(
          `${source.keyName} "${id}" must be ${source.keyBytes} bytes (base64 of ${source.keyBytes} random bytes), got ${key.length}`,
        );
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error(`${source.variable} names no key`);
  return keys;
}

export function keyringOf(keys: readonly KeyringKey[]): Keyring {
  const [active] = keys;
  if (!active) throw new Error('a keyring needs at least one key');
  return { active, byId: new Map(keys.map((k) => [k.id, k.key])) };
}

/**
 * The keyring from `source.variable`. In production it must be set; elsewhere a fixed development
 * key stands in, with a warning, so `npm start` and the tests work as they are.
 */
export function loadKeyring(source: KeyringSource, env: NodeJS.ProcessEnv, warn: (message: string) => void): Keyring {
  const list = env[source.variable];
  if (list) return keyringOf(parseKeys(source, list));
  if (env.NODE_ENV === 'production') throw new Error(`${source.variable} must be set in production`);
  warn(`${source.variable} is not set: ${source.developmentUse}`);
  return keyringOf([{ id: 'dev-1', key: developmentKey(source) }]);
}

function developmentKey(source: KeyringSource): Buffer {
  return createHash('sha256').update(source.developmentSeed).digest();
}

/** The keyring's variable as a deployment secret (infra/secrets.ts): unset, or listing the development key, it is none. */
export function keyringSecret(source: KeyringSource): DeploymentSecret {
  return {
    variable: source.variable,
    developmentUse(list) {
      if (!list) return `is not set (${source.developmentUse})`;
      let keys: KeyringKey[];
      try {
        keys = parseKeys(source, list);
      } catch {
        return undefined; // malformed: loading the keyring says how
      }
      const development = keys.find((k) => k.key.equals(developmentKey(source)));
      return development && `lists the development ${source.keyName} (as "${development.id}")`;
    },
    howToMake: `a ${source.keyName} is "keyId:base64Key": echo "<keyId>:$(openssl rand -base64 ${source.keyBytes})"`,
  };
}
