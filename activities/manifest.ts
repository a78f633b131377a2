// The charter flight's saga steps that need an answer from a suspect case: asking it to join or
// leave the manifest through the case's own Updates. An Update is a client call, so it lives in an
// activity; the update id comes from the flight, so a retried activity asks the case only once.
import { ApplicationFailure } from '@temporalio/activity';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ManifestActivities, ManifestAnswer } from '../workflows/case-kit/ports.ts';
import { joinManifestUpdate, leaveManifestUpdate } from '../workflows/suspect/messages.ts';

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

export function createManifestActivities(client: Client): ManifestActivities {
  return {
    /** Asks a suspect case to take a seat; it accepts only when the case is cleared to travel. */
    async joinManifest(input) {
      const { caseId, updateId, flightId, actor, occurredAt, seat } = input;
      try {
        await client.workflow
          .getHandle(caseId)
          .executeUpdate(joinManifestUpdate, { updateId, args: [{ flightId, actor, occurredAt, ...(seat ? { seat } : {}) }] });
        return { accepted: true };
      } catch (error) {
        const answer = refusal(error);
        if (!answer) throw error;
        return answer;
      }
    },

    /** Tells a suspect case it is off the manifest. */
    async leaveManifest(input) {
      const { caseId, updateId, flightId, actor, occurredAt, reason } = input;
      try {
        await client.workflow
          .getHandle(caseId)
          .executeUpdate(leaveManifestUpdate, { updateId, args: [{ flightId, reason, actor, occurredAt }] });
        return { accepted: true };
      } catch (error) {
        const answer = refusal(error);
        if (!answer) throw error;
        return answer;
      }
    },
  };
}
