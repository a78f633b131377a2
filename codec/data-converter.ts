// The one data converter every Temporal client and worker of ours uses: every payload (workflow
// inputs and results, update and signal arguments, activity inputs, query results) is encrypted
// before it reaches the server. Failure messages stay readable: ours name rules and states, never
// personal values.
import type { DataConverter } from '@temporalio/common';
import type { Keyring } from '../infra/keyring.ts';
import { loadPayloadKeyring } from './keys.ts';
import { AesGcmPayloadCodec } from './payload-codec.ts';

export function encryptedDataConverter(keyring: Keyring = loadPayloadKeyring()): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keyring)] };
}
