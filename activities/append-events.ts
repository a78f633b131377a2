// The workflows' only door to the event store. Event ids are chosen in the workflow
// (deterministic uuid4), so a retried activity appends nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import { EventValidationError, UnknownEventTypeError } from '../events/errors.ts';
import { EventIdConflictError, type EventStore, VersionConflictError } from '../eventstore/event-store.ts';
import type { AppendActivities, AppendEventsInput, AppendEventsResult } from '../workflows/case-kit/ports.ts';

export function createAppendActivities(store: EventStore): AppendActivities {
  return {
    async appendEvents(input: AppendEventsInput): Promise<AppendEventsResult> {
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
