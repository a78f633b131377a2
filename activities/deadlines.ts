// Looks up the deadlines that apply to a case, from configuration and treaty data.
import { type SuspectDeadlines, suspectDeadlinesFor, VICTIM_DEADLINES, type VictimDeadlines } from '../config/deadlines.ts';

export const deadlineActivities = {
  async resolveVictimDeadlines(): Promise<VictimDeadlines> {
    return VICTIM_DEADLINES;
  },
  async resolveSuspectDeadlines(hostCountry: string): Promise<SuspectDeadlines> {
    return suspectDeadlinesFor(hostCountry);
  },
};

export type DeadlineActivities = typeof deadlineActivities;
