// How a personal value is stored once sealed: in place of the value, an object naming the person
// whose key seals it and the AES-256-GCM blob of the value's JSON. It travels like that everywhere
// the event goes (events table, Kafka, read models) and is opened only where it is shown, so
// destroying the person's key makes every copy unreadable at once. An opened value whose key was
// destroyed reads ERASED.
import { z } from 'zod';
import { openBytes, sealBytes } from './aes-gcm.ts';

export const ERASED = '[ERASED]';

const ALGORITHM = 'aes-256-gcm/1';

export const SealedValue = z.object({
  $sealed: z.literal(ALGORITHM),
  /** The victim case whose data key seals the value. */
  subject: z.string().min(1),
  data: z.base64(),
});
export type SealedValue = z.infer<typeof SealedValue>;

/** Cheap enough to call on every value of an event. */
export function isSealed(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>).$sealed === ALGORITHM &&
    typeof (value as Record<string, unknown>).subject === 'string' &&
    typeof (value as Record<string, unknown>).data === 'string'
  );
}

const associated = (subject: string) => `taskforce personal data of ${subject}`;

export function sealValue(key: Buffer, subject: string, value: unknown): SealedValue {
  const blob = sealBytes(key, Buffer.from(JSON.stringify(value), 'utf8'), associated(subject));
  return { $sealed: ALGORITHM, subject, data: blob.toString('base64') };
}

export function openValue(key: Buffer, sealed: SealedValue): unknown {
  return JSON.parse(openBytes(key, Buffer.from(sealed.data, 'base64'), associated(sealed.subject)).toString('utf8'));
}
