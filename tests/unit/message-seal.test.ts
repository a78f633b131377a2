// The message seal: it verifies for exactly the case, name and content it was made for, in any key
// order after a trip through JSON, under any listed key (rotation), and for nothing else.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CaseMessage, loadSealKeyring, SEAL_KEYS, sealMessage, sealRefusal } from '../../access/message-seal.ts';
import { PAYLOAD_KEYS } from '../../codec/keys.ts';
import { keyringOf, loadKeyring } from '../../infra/keyring.ts';
import { hasSealShape } from '../../workflows/case-kit/sealed-message.ts';

const current = { id: 'k2', key: randomBytes(32) };
const retired = { id: 'k1', key: randomBytes(32) };
const keys = keyringOf([current, retired]);
const command = {
  type: 'recordLocation',
  actor: { agency: 'MOFA', role: 'operator', userId: 'consul-1' },
  occurredAt: '2026-03-01T09:00:00.000Z',
  commandId: 'c-1',
  location: 'compound A',
};
const message: CaseMessage = { caseId: 'victim-1', name: 'recordLocation', content: command };

describe('message seal', () => {
  it('verifies for the message it was made for, after a trip through JSON with its keys in another order', () => {
    const seal = sealMessage(keys, message);
    expect(hasSealShape(seal)).toBe(true);
    expect(seal.startsWith('k2.')).toBe(true);
    const reordered = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(command))).reverse());
    expect(sealRefusal(keys, { ...message, content: reordered }, seal)).toBeNull();
  });

  it('verifies for no other actor, command id, payload, case or message name', () => {
    const seal = sealMessage(keys, message);
    const others: CaseMessage[] = [
      { ...message, content: { ...command, actor: { ...command.actor, agency: 'NIS' } } },
      { ...message, content: { ...command, commandId: 'c-2' } },
      { ...message, content: { ...command, location: 'compound B' } },
      { ...message, caseId: 'victim-2' },
      { ...message, name: 'closeCase' },
    ];
    for (const other of others) expect(sealRefusal(keys, other, seal)).toMatch(/does not match its content/);
  });

  it('still verifies a seal of a retired key while it is listed, and names a key that is not', () => {
    const old = sealMessage(keyringOf([retired]), message);
    expect(sealRefusal(keys, message, old)).toBeNull();
    expect(sealRefusal(keyringOf([current]), message, old)).toBe('recordLocation to victim-1 is sealed with an unknown key "k1"');
  });

  it('refuses a message without a seal, or with something else in its place', () => {
    for (const seal of [undefined, '', 'k2', 42, { seal: 'k2.x' }]) {
      expect(sealRefusal(keys, message, seal)).toBe('recordLocation to victim-1 carries no seal');
    }
  });

  it('needs its keys in production; elsewhere a development key of its own stands in, not the payload key', () => {
    expect(() => loadSealKeyring({ NODE_ENV: 'production' }, () => undefined)).toThrow('TASKFORCE_SEAL_KEYS must be set in production');
    const developmentKey = (source: typeof SEAL_KEYS) => loadKeyring(source, {}, () => undefined).active.key;
    expect(developmentKey(SEAL_KEYS)).toHaveLength(32);
    expect(developmentKey(SEAL_KEYS).equals(developmentKey(PAYLOAD_KEYS))).toBe(false);
  });
});
