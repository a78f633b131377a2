// How a message from outside a case reaches it: a command (an Update), a fact another case
// signals, or the opening of the case (the workflow's start). Temporal authenticates no sender,
// so every such message travels with a seal, the argument after it, that only the API and the
// case worker can make (access/message-seal.ts). The workflow cannot check a seal (the sandbox
// has neither the keys nor node:crypto): it hands the message on to the activities that act on
// it, and they refuse it when its seal does not verify. Runs in the workflow sandbox.

/** A message as it arrived: its name (Update, signal or workflow type), its argument, and the seal beside it. */
export interface SealedMessage {
  name: string;
  content: unknown;
  seal: unknown;
}

/** The seal a message travels with, as the argument after it (absent from a forged message). */
export type MessageSeal = string;

/** A seal's shape: "<key id>.<HMAC-SHA256 in base64url>". Only an activity can tell whether it verifies. */
export const SEAL_PATTERN = /^[A-Za-z0-9._-]+\.[A-Za-z0-9_-]{43}$/;

export function hasSealShape(seal: unknown): seal is string {
  return typeof seal === 'string' && SEAL_PATTERN.test(seal);
}

/**
 * Cases tell each other facts through an activity that seals the signal (ports.ts, TellCaseActivities).
 * Histories recorded before this patch signalled from the workflow, unsealed; they replay that path.
 */
export const SEALED_CASE_SIGNALS_PATCH = 'case-signals-sent-sealed';

/** The failure types of a refused message, as the sender sees them. */
export const MESSAGE_NOT_SEALED = 'MessageNotSealed';
export const MESSAGE_SEAL_REFUSED = 'MessageSealRefused';
export const PAYLOAD_NOT_ENCRYPTED = 'PayloadNotEncrypted';

/**
 * What the worker's payload codec hands the workflow in place of a payload that arrived
 * unencrypted (codec/payload-codec.ts). Failing to decode it instead would fail the workflow task,
 * and a signal's task again on every retry: the case would be stuck for good. So the value gets
 * through and every handler refuses it.
 */
export const UNENCRYPTED_STAND_IN = { refused: 'the payload arrived unencrypted' } as const;

export function arrivedUnencrypted(...values: unknown[]): boolean {
  return values.some(
    (value) => typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === UNENCRYPTED_STAND_IN.refused,
  );
}
