// The master keys that wrap every person's data key (data-keys.ts). They never touch personal
// values themselves, and live only in the environment: the database holds wrapped data keys, so a
// copy of the database alone opens nothing. The first key wraps new data keys; every listed key
// still unwraps, so the master key rotates by putting a new one first and keeping the old ones.
import { type Keyring, type KeyringSource, loadKeyring } from '../infra/keyring.ts';
import { processLogger } from '../infra/logger.ts';
import { KEY_BYTES } from './aes-gcm.ts';

export const MASTER_KEYS: KeyringSource = {
  variable: 'TASKFORCE_DATA_KEY_MASTER',
  keyName: 'master key',
  activeRole: 'wrapping',
  keyBytes: KEY_BYTES,
  developmentSeed: 'taskforce local development data key master',
  developmentUse: 'personal data keys are wrapped with the fixed development master key',
};

let warnedOfDevelopmentKey = false;

/**
 * The master keyring. Every event store, dossier route and agency router loads its own, so the
 * warning that the fixed development key stands in comes once per process, not once for each.
 */
export function loadMasterKeyring(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => processLogger().warn(message),
): Keyring {
  return loadKeyring(MASTER_KEYS, env, (message) => {
    if (warnedOfDevelopmentKey) return;
    warnedOfDevelopmentKey = true;
    warn(message);
  });
}
