// The AES-256 keys of the payload codec, from TASKFORCE_PAYLOAD_KEYS. The first key encrypts; every
// listed key still decrypts, so a key can be rotated by putting a new one first and keeping the old ones.
import { type Keyring, type KeyringSource, loadKeyring } from '../infra/keyring.ts';
import { processLogger } from '../infra/logger.ts';

export const PAYLOAD_KEYS: KeyringSource = {
  variable: 'TASKFORCE_PAYLOAD_KEYS',
  keyName: 'payload key',
  activeRole: 'encrypting',
  keyBytes: 32,
  developmentSeed: 'taskforce local development payload key',
  developmentUse: 'Temporal payloads are encrypted with the fixed development key',
};

export function loadPayloadKeyring(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => processLogger().warn(message),
): Keyring {
  return loadKeyring(PAYLOAD_KEYS, env, warn);
}
