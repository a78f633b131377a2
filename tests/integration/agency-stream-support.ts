// Shared by the agency-topic and SSE tests: one small campaign of events on fresh streams whose
// personal fields differ per agency (a victim's whereabouts, a suspect's arrest location) and one
// SECRET identification from intelligence, appended through the real event store.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../access/caller.ts';
import type { Agency, NewEvent } from '../../events/envelope.ts';
import type { EventStore } from '../../eventstore/event-store.ts';

export const VICTIM_LOCATION = 'Building 7, Jinbei compound, Sihanoukville';
export const ARREST_LOCATION = 'Poipet, Banteay Meanchey';
export const VICTIM_NAME = 'Lee Ji-woo';
export const SUSPECT_NAME = 'Park Min-jun';
export const INTELLIGENCE_SUSPECT_NAME = 'Choi Dong-hyun';

export interface Campaign {
  victim: string;
  suspect: string;
  /** A suspect identified from NIS intelligence: its events are SECRET. */
  intelligenceSuspect: string;
}

export function newCampaign(): Campaign {
  const id = randomUUID().slice(0, 8);
  return { victim: `victim-stream-${id}`, suspect: `suspect-stream-${id}`, intelligenceSuspect: `suspect-intel-${id}` };
}

const deadlines = {
  provisionalArrestDays: 45,
  provisionalArrestWarningDays: 7,
  detentionWarrantHours: 48,
  detentionWarrantWarningHours: 6,
  detentionDays: 10,
  detentionExtensionDays: 10,
  requestChaseDays: 14,
};

function event(streamId: string, type: string, agency: Agency, data: Record<string, unknown>, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    streamId,
    occurredAt: new Date().toISOString(),
    actor: { agency, role: 'operator', userId: `${agency.toLowerCase()}-desk` },
    correlationId: `stream-test-${randomUUID()}`,
    causationId: null,
    data: { caseId: streamId, ...data },
    ...extra,
  };
}

export function victimReported(streamId: string): NewEvent {
  return event(streamId, 'VictimReported', 'MOFA', {
    leadAgency: 'MOFA',
    personName: VICTIM_NAME,
    reportedBy: 'family',
    hostCountry: 'KH',
    lastKnownLocation: VICTIM_LOCATION,
    contactPhone: '+855 12 345 678',
    deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 3 },
  });
}

export function victimLocated(streamId: string): NewEvent {
  return event(streamId, 'VictimLocated', 'NPA', {
    location: VICTIM_LOCATION,
    confirmedBy: 'NPA',
    rescueDeadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  });
}

export function victimRescued(streamId: string): NewEvent {
  return event(streamId, 'VictimRescued', 'NPA', { rescuedBy: 'HOST_POLICE' });
}

export function suspectIdentified(streamId: string, source: 'report' | 'intelligence' = 'report'): NewEvent {
  const intelligence = source === 'intelligence';
  return event(
    streamId,
    'SuspectIdentified',
    intelligence ? 'NIS' : 'NPA',
    {
      leadAgency: intelligence ? 'NIS' : 'NPA',
      personName: intelligence ? INTELLIGENCE_SUSPECT_NAME : SUSPECT_NAME,
      hostCountry: 'KH',
      source,
      deadlines,
    },
    // What the SuspectCase decider does with intelligence: raise it to SECRET.
    intelligence ? { classification: 'SECRET' } : {},
  );
}

export function suspectArrested(streamId: string): NewEvent {
  return event(streamId, 'SuspectArrested', 'HOST_POLICE', { arrestedBy: 'HOST_POLICE', location: ARREST_LOCATION });
}

/** Appends the campaign: 3 victim events, 2 suspect events, 1 SECRET identification (6 in all). */
export async function appendCampaign(store: EventStore, campaign: Campaign): Promise<number> {
  await store.append(campaign.intelligenceSuspect, 0, [suspectIdentified(campaign.intelligenceSuspect, 'intelligence')]);
  await store.append(campaign.victim, 0, [victimReported(campaign.victim), victimLocated(campaign.victim)]);
  await store.append(campaign.suspect, 0, [suspectIdentified(campaign.suspect), suspectArrested(campaign.suspect)]);
  await store.append(campaign.victim, 2, [victimRescued(campaign.victim)]);
  return 6;
}

/** The readers the tests compare: each agency's operator, cleared as high as the policy lets it matter. */
export function operator(agency: Agency): Caller {
  return { userId: `${agency.toLowerCase()}-operator`, agency, role: 'operator', clearance: agency === 'NIS' ? 'SECRET' : 'CONFIDENTIAL' };
}
