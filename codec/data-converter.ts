// The data converters of every Temporal client and of the case worker: every payload (workflow
// inputs and results, update and signal arguments, activity inputs, query results) is encrypted
// before it reaches the server; the two differ only in what they make of one that arrives unencrypted. Failure messages stay readable: ours name rules and states, never
// personal values.
import type { DataConverter } from '@temporalio/common';
import type { Keyring } from '../infra/keyring.ts';
import { loadPayloadKeyring } from './keys.ts';
import { AesGcmPayloadCodec } from './payload-codec.ts';

export function encryptedDataConverter(keyring: Keyring = loadPayloadKeyring()): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keyring)] };
}

/**
 * The case worker's converter: the same encryption, but a payload that arrives unencrypted reaches
 * the workflow as a stand-in its handlers refuse (workflows/case-kit/sealed-message.ts).
 */
export function workerDataConverter(keyring: Keyring = loadPayloadKeyring()): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keyring, 'stand-in')] };
}
