// The workflows' only door to the event store. Event ids are chosen in the workflow
// (deterministic uuid4), so a retried activity appends nothing twice. Events asked for by a message
// from outside the case are appended only when the message's seal verifies: the actor, command id
// and payload they record are the ones the API sealed for the caller, or the case worker for a
// case's hand-off.
import { ApplicationFailure } from '@temporalio/activity';
import { EventValidationError, UnknownEventTypeError } from '../events/errors.ts';
import { EventIdConflictError, type EventStore, VersionConflictError } from '../eventstore/event-store.ts';
import type { Keyring } from '../infra/keyring.ts';
import type { AppendActivities, AppendEventsInput, AppendEventsResult } from '../workflows/case-kit/ports.ts';
import { refuseUnlessSealed } from './seal-check.ts';

export function createAppendActivities(store: EventStore, sealKeys: Keyring): AppendActivities {
  return {
    async appendEvents(input: AppendEventsInput): Promise<AppendEventsResult> {
      if (input.sentAs) refuseUnlessSealed(sealKeys, input.streamId, input.sentAs);
      try {
        const result = await store.append(input.streamId, input.expectedVersion, input.events);
        return { streamVersion: result.streamVersion };
      } catch (error) {
        // The same input would fail the same way: tell the workflow not to retry.
        const permanent = [EventValidationError, UnknownEventTypeError, VersionConflictError, EventIdConflictError];
        if (permanent.some((type) => error instanceof type)) {
          throw ApplicationFailure.nonRetryable((error as Error).message, (error as Error).name);
        }
        throw error;
      }
    },
  };
}
