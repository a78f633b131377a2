// The payload codec: round trip, key rotation (old keys still decrypt), tamper detection, and what
// readers and the case worker make of an unencrypted payload.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_KEYS } from '../../codec/keys.ts';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../codec/payload-codec.ts';
import { keyringOf, parseKeys } from '../../infra/keyring.ts';
import { arrivedUnencrypted } from '../../workflows/case-kit/sealed-message.ts';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };
const secret = { personName: 'Kim Min-jun', passportNumber: 'M12345678' };

describe('AES-GCM payload codec', () => {
  it('encrypts a payload so no personal value is readable, and decrypts it back', async () => {
    const codec = new AesGcmPayloadCodec(keyringOf([keyA]));
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(secret)]);
    const raw = Buffer.from(encoded!.data!).toString('latin1');
    expect(raw).not.toContain('Kim Min-jun');
    expect(raw).not.toContain('M12345678');
    expect(new TextDecoder().decode(encoded!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secret);
  });

  it('still decrypts payloads of a rotated-out key, and names a missing key', async () => {
    const [old] = await new AesGcmPayloadCodec(keyringOf([keyA])).encode([defaultPayloadConverter.toPayload(secret)]);
    const rotated = new AesGcmPayloadCodec(keyringOf([keyB, keyA]));
    const [decoded] = await rotated.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secret);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(secret)]);
    expect(new TextDecoder().decode(fresh!.metadata!['encryption-key-id'])).toBe('b');
    await expect(new AesGcmPayloadCodec(keyringOf([keyB])).decode([old!])).rejects.toThrow(/unknown key "a"/);
  });

  it('refuses a tampered payload', async () => {
    const codec = new AesGcmPayloadCodec(keyringOf([keyA]));
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(secret)]);
    const data = Buffer.from(encoded!.data!);
    data[20] = (data[20] ?? 0) ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
  });

  it('passes unencrypted payloads through for readers (histories from before encryption stay readable)', async () => {
    const plain = defaultPayloadConverter.toPayload({ hello: 'world' });
    expect(await new AesGcmPayloadCodec(keyringOf([keyA])).decode([plain])).toEqual([plain]);
  });

  it('hands the case worker a refused stand-in for an unencrypted payload, and decrypts the rest', async () => {
    const codec = new AesGcmPayloadCodec(keyringOf([keyA]), 'stand-in');
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(secret)]);
    const decoded = await codec.decode([defaultPayloadConverter.toPayload({ hello: 'world' }), encrypted!]);
    const [standIn, opened] = decoded.map((payload) => defaultPayloadConverter.fromPayload(payload));
    expect(arrivedUnencrypted(standIn)).toBe(true);
    expect(opened).toEqual(secret);
    expect(arrivedUnencrypted(opened)).toBe(false);
  });

  it('parses a key list and rejects a key of the wrong size', () => {
    expect(parseKeys(PAYLOAD_KEYS, `k2:${keyB.key.toString('base64')},k1:${keyA.key.toString('base64')}`).map((k) => k.id)).toEqual([
      'k2',
      'k1',
    ]);
    expect(() => parseKeys(PAYLOAD_KEYS, `short:${randomBytes(16).toString('base64')}`)).toThrow(/must be 32 bytes/);
    expect(() => parseKeys(PAYLOAD_KEYS, 'nokey')).toThrow(/keyId:base64Key/);
  });
});
