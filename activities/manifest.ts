// The charter flight's saga steps that need an answer from a suspect case: asking it to join or
// leave the manifest through the case's own Updates. An Update is a client call, so it lives in an
// activity; the update id comes from the flight, so a retried activity asks the case only once.
// The steps run before the flight's command is recorded, so before its seal is verified there: the
// activity verifies it first, then seals the Update it sends as the case worker.
import { ApplicationFailure } from '@temporalio/activity';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { sealMessage } from '../access/message-seal.ts';
import type { Keyring } from '../infra/keyring.ts';
import type { ManifestActivities, ManifestAnswer, ManifestRequest } from '../workflows/case-kit/ports.ts';
import { joinManifestUpdate, leaveManifestUpdate } from '../workflows/suspect/messages.ts';
import { refuseUnlessSealed } from './seal-check.ts';

/** A refusal the case gave, or the case is not running: an answer, not a failure to retry. */
function refusal(error: unknown): ManifestAnswer | null {
  if (error instanceof WorkflowNotFoundError)
    return { accepted: false, reason: `${error.workflowId} is not a running case`, rule: 'case-running' };
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    const details = cause instanceof ApplicationFailure ? (cause.details?.[0] as { rule?: string } | undefined) : undefined;
    return {
      accepted: false,
      reason: cause instanceof Error ? cause.message : error.message,
      ...(details?.rule ? { rule: details.rule } : {}),
    };
  }
  return null;
}

export function createManifestActivities(client: Client, sealKeys: Keyring): ManifestActivities {
  /** Sends one of the suspect case's manifest Updates for the flight's command, once that command's seal verifies. */
  async function ask(update: string, request: ManifestRequest, fields: object): Promise<ManifestAnswer> {
    refuseUnlessSealed(sealKeys, request.flightId, request.onBehalfOf);
    const { caseId, updateId, flightId, actor, occurredAt } = request;
    const command = { flightId, actor, occurredAt, ...fields };
    const seal = sealMessage(sealKeys, { caseId, name: update, content: command });
    try {
      await client.workflow.getHandle(caseId).executeUpdate(update, { updateId, args: [command, seal] });
      return { accepted: true };
    } catch (error) {
      const answer = refusal(error);
      if (!answer) throw error;
      return answer;
    }
  }

  return {
    /** Asks a suspect case to take a seat; it accepts only when the case is cleared to travel. */
    joinManifest: (input) => ask(joinManifestUpdate.name, input, input.seat ? { seat: input.seat } : {}),
    /** Tells a suspect case it is off the manifest. */
    leaveManifest: (input) => ask(leaveManifestUpdate.name, input, { reason: input.reason }),
  };
}
