// The one keyring parser of the payload codec and the personal data master key: the active key
// first, rotation by listing the old keys after it, and a message naming the variable for each
// kind of bad input.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_KEYS } from '../../codec/keys.ts';
import { type KeyringSource, keyringOf, loadKeyring, parseKeys } from '../../infra/keyring.ts';
import { MASTER_KEYS } from '../../privacy/master-key.ts';

const source: KeyringSource = {
  variable: 'TEST_KEYS',
  keyName: 'test key',
  activeRole: 'sealing',
  keyBytes: 32,
  developmentSeed: 'test development key',
  developmentUse: 'tests seal with the fixed development key',
};
const [a, b] = [randomBytes(32), randomBytes(32)];
const entry = (id: string, key: Buffer) => `${id}:${key.toString('base64')}`;

describe('a keyring from the environment', () => {
  it('makes the first listed key the active one and keeps every listed key for opening', () => {
    const ring = loadKeyring(source, { TEST_KEYS: `${entry('new', a)}, ${entry('old', b)},` }, () => undefined);
    expect(ring.active).toEqual({ id: 'new', key: a });
    expect([...ring.byId.keys()]).toEqual(['new', 'old']);
    expect(ring.byId.get('old')).toEqual(b);
  });

  it('accepts key ids of letters, digits, dots, dashes and underscores', () => {
    expect(parseKeys(source, entry('2025-01_v1.a', a)).map((k) => k.id)).toEqual(['2025-01_v1.a']);
  });

  it('refuses an entry that is not "keyId:base64Key", naming the variable and the active role', () => {
    const format = 'TEST_KEYS must be "keyId:base64Key[,keyId:base64Key…]" with the sealing key first';
    expect(() => parseKeys(source, a.toString('base64'))).toThrow(format);
    expect(() => parseKeys(source, `k1:${a.toString('base64')}:extra`)).toThrow(format);
    expect(() => parseKeys(source, `:${a.toString('base64')}`)).toThrow(format);
    expect(() => parseKeys(source, 'k1:')).toThrow(format);
    expect(() => parseKeys(source, entry('key id', a))).toThrow(format);
  });

  it('refuses a key of the wrong length, naming the key and its length', () => {
    expect(() => parseKeys(source, entry('short', randomBytes(16)))).toThrow(
      'test key "short" must be 32 bytes (base64 of 32 random bytes), got 16',
    );
  });

  it('refuses a list that names no key', () => {
    expect(() => parseKeys(source, ' , ')).toThrow('TEST_KEYS names no key');
    expect(() => keyringOf([])).toThrow('a keyring needs at least one key');
  });

  it('requires the variable in production, and elsewhere stands in a fixed development key with a warning', () => {
    expect(() => loadKeyring(source, { NODE_ENV: 'production' }, () => undefined)).toThrow('TEST_KEYS must be set in production');
    const warnings: string[] = [];
    const ring = loadKeyring(source, {}, (message) => warnings.push(message));
    expect(ring.active.id).toBe('dev-1');
    expect(ring.active.key).toHaveLength(32);
    expect(warnings).toEqual(['TEST_KEYS is not set: tests seal with the fixed development key']);
  });

  it('keeps the development keys that local payloads and data keys were sealed with', () => {
    const developmentKey = (s: KeyringSource) => loadKeyring(s, {}, () => undefined).active.key.toString('hex');
    expect(developmentKey(PAYLOAD_KEYS)).toBe('82683e4d0a2c31b3575cd0f3d58e7185f09b0a990d1bdd106c6a7e517bae4ee7');
    expect(developmentKey(MASTER_KEYS)).toBe('9f91453e362ed97a7f7b0062ce4110519ff81bbb48d43f552b460aaf5c3c9bcb');
  });
});
