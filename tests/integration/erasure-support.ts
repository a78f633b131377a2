// Shared by the erasure tests: a victim case whose every personal value is unique to the test (so a
// search of raw rows for it can only find this case), written as the workflows write it.
import { randomUUID } from 'node:crypto';
import type { Actor, NewEvent } from '../../events/envelope.ts';

const ACTOR: Actor = { agency: 'MOFA', role: 'operator', userId: 'consul-erasure-test' };

export interface PersonalStory {
  caseId: string;
  /** Every personal value the story records, each found nowhere else. */
  personal: { name: string; birthDate: string; phone: string; location: string; shelter: string; statement: string; document: string };
  /** The victim case's events from the report to closure. */
  events: NewEvent[];
  /** A raid that found the same person, naming the case: a personal fact about them in another stream. */
  raid: { operationId: string; events: NewEvent[] };
}

function event(streamId: string, type: string, data: Record<string, unknown>, at: number): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    streamId,
    occurredAt: new Date(Date.parse('2024-05-01T00:00:00.000Z') + at * 3_600_000).toISOString(),
    actor: ACTOR,
    correlationId: `erasure-test-${streamId}`,
    causationId: null,
    data,
  };
}

export function personalStory(): PersonalStory {
  const ref = randomUUID();
  const caseId = `victim-erasure-${ref}`;
  const operationId = `operation-erasure-${ref}`;
  const token = ref.slice(0, 8);
  const personal = {
    name: `Erasable Person ${token}`,
    birthDate: `19${50 + (Number.parseInt(token.slice(0, 2), 16) % 50)}-0${1 + (Number.parseInt(token.slice(2, 4), 16) % 9)}-1${Number.parseInt(token.slice(4, 6), 16) % 10}`,
    phone: `+82-10-${token.slice(0, 4)}-${token.slice(4, 8)}`,
    location: `Compound ${token}, Sihanoukville`,
    shelter: `Shelter ${token}`,
    statement: `Held in compound ${token} after a fake job offer.`,
    document: `TC${token.toUpperCase()}`,
  };
  const events = [
    event(
      caseId,
      'VictimReported',
      {
        caseId,
        leadAgency: 'MOFA',
        personName: personal.name,
        birthDate: personal.birthDate,
        reportedBy: 'family',
        hostCountry: 'KH',
        lastKnownLocation: personal.location,
        contactPhone: personal.phone,
        deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
      },
      0,
    ),
    event(caseId, 'VictimRescued', { caseId, rescuedBy: 'HOST_POLICE', operationId }, 1),
    event(caseId, 'VictimSheltered', { caseId, shelter: personal.shelter }, 2),
    event(caseId, 'VictimScreened', { caseId, outcome: 'victim', statement: personal.statement, welfare: null }, 3),
    event(caseId, 'VictimTravelDocumentIssued', { caseId, documentType: 'travel_certificate', documentNumber: personal.document }, 4),
    event(caseId, 'VictimRepatriated', { caseId }, 5),
    event(caseId, 'VictimFollowUpStarted', { caseId }, 6),
    event(caseId, 'VictimCaseClosed', { caseId }, 7),
  ];
  const raid = [
    event(
      operationId,
      'OperationPlanned',
      { operationId, leadAgency: 'NPA', hostCountry: 'KH', codeName: `Erasure ${token}`, partnerAgencies: ['HOST_POLICE'] },
      0,
    ),
    event(operationId, 'OperationLaunched', { operationId }, 0.5),
    event(
      operationId,
      'PersonRescued',
      {
        operationId,
        personRef: 'P1',
        caseId,
        targetRef: 'T1',
        personName: personal.name,
        birthDate: personal.birthDate,
        hostCountry: 'KH',
        rescuedBy: 'HOST_POLICE',
      },
      1,
    ),
  ];
  return { caseId, personal, events, raid: { operationId, events: raid } };
}

/** The personal values of the story found anywhere in `text`. */
export function personalValuesIn(story: PersonalStory, text: string): string[] {
  return Object.values(story.personal).filter((value) => text.includes(value));
}
