// What an activity does first when it acts on a message from outside a case: verify its seal, and
// refuse for good (no retry would change the answer) when it does not verify, so the Update that
// asked for it is refused, or the signal left out, and nothing is done on its behalf.
import { ApplicationFailure } from '@temporalio/activity';
import { sealRefusal } from '../access/message-seal.ts';
import type { Keyring } from '../infra/keyring.ts';
import { MESSAGE_SEAL_REFUSED, type SealedMessage } from '../workflows/case-kit/sealed-message.ts';

export function refuseUnlessSealed(keys: Keyring, caseId: string, message: SealedMessage): void {
  const refusal = sealRefusal(keys, { caseId, name: message.name, content: message.content }, message.seal);
  if (refusal) throw ApplicationFailure.nonRetryable(refusal, MESSAGE_SEAL_REFUSED);
}
