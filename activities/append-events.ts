// The workflows' only door to the event store. Event ids are chosen in the workflow
// (deterministic uuid4), so a retried activity appends nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { NewEvent } from '../events/envelope.ts';
import { EventValidationError, UnknownEventTypeError } from '../events/errors.ts';
import { type EventStore, VersionConflictError } from '../eventstore/event-store.ts';

export interface AppendEventsInput {
  streamId: string;
  expectedVersion: number;
  events: NewEvent[];
}

export interface AppendEventsResult {
  streamVersion: number;
}

/** Failure types a workflow must not retry: the same input would fail the same way. */
export const NON_RETRYABLE_APPEND_FAILURES = ['EventValidationError', 'UnknownEventTypeError', 'VersionConflictError'];

export function createAppendActivities(store: EventStore) {
  return {
    async appendEvents(input: AppendEventsInput): Promise<AppendEventsResult> {
      try {
        const result = await store.append(input.streamId, input.expectedVersion, input.events);
        return { streamVersion: result.streamVersion };
      } catch (error) {
        if (error instanceof EventValidationError || error instanceof UnknownEventTypeError || error instanceof VersionConflictError) {
          throw ApplicationFailure.nonRetryable(error.message, error.name);
        }
        throw error;
      }
    },
  };
}

export type AppendActivities = ReturnType<typeof createAppendActivities>;
