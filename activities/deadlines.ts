// Looks up the deadlines that apply to a case, from configuration and treaty data.
import { suspectDeadlinesFor, VICTIM_DEADLINES } from '../workflows/case-kit/deadlines.ts';
import type { DeadlineActivities } from '../workflows/case-kit/ports.ts';

export const deadlineActivities: DeadlineActivities = {
  async resolveVictimDeadlines() {
    return VICTIM_DEADLINES;
  },
  async resolveSuspectDeadlines(hostCountry: string) {
    return suspectDeadlinesFor(hostCountry);
  },
};
