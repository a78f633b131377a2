// The AES-256 keys of the payload codec. The first key encrypts; every listed key still
// decrypts, so a key can be rotated by putting a new one first and keeping the old ones.
import { createHash } from 'node:crypto';

export interface PayloadKey {
  id: string;
  key: Buffer;
}

export interface PayloadKeyring {
  active: PayloadKey;
  byId: Map<string, Buffer>;
}

/** A fixed key for local development only; `loadPayloadKeyring` warns when it is used. */
const DEVELOPMENT_KEY: PayloadKey = { id: 'dev-1', key: createHash('sha256').update('taskforce local development payload key').digest() };

export function parsePayloadKeys(spec: string): PayloadKey[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, encoded] = entry.split(':');
      if (!id || !encoded || !/^[A-Za-z0-9._-]+$/.test(id)) {
        throw new Error('TASKFORCE_PAYLOAD_KEYS must be "keyId:base64Key[,keyId:base64Key…]" with the encrypting key first');
      }
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== 32) throw new Error(`payload key "${id}" must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
      return { id, key };
    });
}

export function payloadKeyring(keys: PayloadKey[]): PayloadKeyring {
  const [active] = keys;
  if (!active) throw new Error('the payload keyring needs at least one key');
  return { active, byId: new Map(keys.map((k) => [k.id, k.key])) };
}

export function loadPayloadKeyring(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = console.warn): PayloadKeyring {
  const spec = env.TASKFORCE_PAYLOAD_KEYS;
  if (spec) return payloadKeyring(parsePayloadKeys(spec));
  if (env.NODE_ENV === 'production') throw new Error('TASKFORCE_PAYLOAD_KEYS must be set in production');
  warn('TASKFORCE_PAYLOAD_KEYS is not set: Temporal payloads are encrypted with the fixed development key');
  return payloadKeyring([DEVELOPMENT_KEY]);
}
