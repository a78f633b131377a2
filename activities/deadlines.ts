// Looks up the deadlines that apply to a new case in the process's deadline table
// (config/deadlines.json, validated when the worker started).
import { ApplicationFailure } from '@temporalio/activity';
import type { DeadlineTable } from '../workflows/case-kit/deadlines.ts';
import type { DeadlineActivities } from '../workflows/case-kit/ports.ts';

/** The failure type of a case opened for a host country the deadlines file does not name. */
export const UNKNOWN_HOST_COUNTRY = 'UnknownHostCountry';

export function createDeadlineActivities(table: DeadlineTable): DeadlineActivities {
  return {
    async resolveVictimDeadlines() {
      return table.victim();
    },
    async resolveSuspectDeadlines(hostCountry: string) {
      const deadlines = table.suspect(hostCountry);
      // Not retried: the API refuses such a country; a case that reaches here another way fails to open instead of guessing a period.
      if (!deadlines) {
        throw ApplicationFailure.nonRetryable(
          `no provisional-arrest period for host country ${hostCountry} in the deadlines file; add it with its source`,
          UNKNOWN_HOST_COUNTRY,
        );
      }
      return deadlines;
    },
  };
}
