// Encrypts every Temporal payload with AES-256-GCM before it leaves the process, so the Temporal
// server, its database and its UI hold no plaintext personal data. The key id travels in the
// payload metadata, so payloads written under an old key still decrypt after rotation.
//
// Readers (clients, the API's codec endpoint and history route) pass an unencrypted payload through:
// search attributes and Temporal's own payloads are never encrypted, and old histories stay
// readable. The case worker must not believe one: anyone who can reach Temporal can send it, so
// the worker's codec hands the workflow a stand-in that every handler refuses.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { Keyring } from '../infra/keyring.ts';
import { UNENCRYPTED_STAND_IN } from '../workflows/case-kit/sealed-message.ts';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const ENCODING_KEY = 'encoding';
const KEY_ID_KEY = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What decoding makes of a payload that arrived unencrypted: the payload itself, or the refused stand-in. */
export type UnencryptedPayloads = 'pass-through' | 'stand-in';

const standIn = defaultPayloadConverter.toPayload(UNENCRYPTED_STAND_IN);

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly keyring: Keyring,
    private readonly unencrypted: UnencryptedPayloads = 'pass-through',
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const { id, key } = this.keyring.active;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = proto.temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [ENCODING_KEY]: encoder.encode(ENCRYPTED_ENCODING), [KEY_ID_KEY]: encoder.encode(id) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[ENCODING_KEY];
      if (!encoding || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return this.unencrypted === 'stand-in' ? standIn : payload;
      const keyIdBytes = payload.metadata?.[KEY_ID_KEY];
      const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
      const key = this.keyring.byId.get(keyId);
      if (!key) throw new ValueError(`payload encrypted with unknown key "${keyId}": add it to TASKFORCE_PAYLOAD_KEYS`);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return proto.temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
