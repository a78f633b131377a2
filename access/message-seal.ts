// The seal that proves a message to a case came from us: the API, sealing a command or an opening
// for the caller its token names, or the case worker, sealing what one case tells another. It is
// an HMAC-SHA256 over the case the message is addressed to, the message's name and its whole
// content (actor, command id, type, every field), so a seal made for one actor, case, command or
// payload verifies for no other. The keys come from TASKFORCE_SEAL_KEYS (see infra/keyring.ts):
// the first seals, every listed one still verifies, so a key rotates without refusing messages
// already on their way.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Keyring, type KeyringSource, loadKeyring } from '../infra/keyring.ts';
import { processLogger } from '../infra/logger.ts';
import { hasSealShape, type SealedMessage } from '../workflows/case-kit/sealed-message.ts';

export const SEAL_KEYS: KeyringSource = {
  variable: 'TASKFORCE_SEAL_KEYS',
  keyName: 'seal key',
  activeRole: 'sealing',
  keyBytes: 32,
  developmentSeed: 'taskforce local development message seal key',
  developmentUse: 'messages to cases are sealed with the fixed development key',
};

let warnedOfDevelopmentKey = false;

/** The seal keyring; the API and the worker each load one, and the development key's warning comes once per process. */
export function loadSealKeyring(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => processLogger().warn(message),
): Keyring {
  return loadKeyring(SEAL_KEYS, env, (message) => {
    if (warnedOfDevelopmentKey) return;
    warnedOfDevelopmentKey = true;
    warn(message);
  });
}

/** A message to one case: what a seal covers. */
export type CaseMessage = Omit<SealedMessage, 'seal'> & { caseId: string };

/** JSON with every object's keys in order, so the same value always reads the same after a round trip through Temporal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(
          Object.keys(nested)
            .sort()
            .map((key) => [key, (nested as Record<string, unknown>)[key]]),
        )
      : nested,
  );
}

function mac(key: Buffer, message: CaseMessage): Buffer {
  return createHmac('sha256', key)
    .update(canonicalJson(['taskforce message seal v1', message.caseId, message.name, message.content]))
    .digest();
}

export function sealMessage(keys: Keyring, message: CaseMessage): string {
  return `${keys.active.id}.${mac(keys.active.key, message).toString('base64url')}`;
}

/** Why the seal does not verify for this message, or null when it does. */
export function sealRefusal(keys: Keyring, message: CaseMessage, seal: unknown): string | null {
  if (!hasSealShape(seal)) return `${message.name} to ${message.caseId} carries no seal`;
  const dot = seal.lastIndexOf('.');
  const keyId = seal.slice(0, dot);
  const key = keys.byId.get(keyId);
  if (!key) return `${message.name} to ${message.caseId} is sealed with an unknown key "${keyId}"`;
  const given = Buffer.from(seal.slice(dot + 1), 'base64url');
  const expected = mac(key, message);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return `the seal of ${message.name} to ${message.caseId} does not match its content (actor, case, command or payload)`;
  }
  return null;
}
