// Case events for the projection tests, valid against the catalogue: victim stories cut at any
// step, and a whole raid-to-flight campaign across operation, suspect, victim and flight streams.
// Pure, so unit and integration tests share them.
import { randomUUID } from 'node:crypto';
import { eventDefinition, validateEventData } from '../../events/catalogue.ts';
import type { Actor, EventEnvelope, NewEvent } from '../../events/envelope.ts';

const ACTOR: Actor = { agency: 'MOFA', role: 'operator', userId: 'call-centre-7' };

/** The data of each step of a victim's case, in lifecycle order; a case stops at any step. */
function victimStory(caseId: string, hostCountry: string, flightId: string): { type: string; data: Record<string, unknown> }[] {
  return [
    {
      type: 'VictimReported',
      data: {
        caseId,
        leadAgency: 'MOFA',
        personName: `Person ${caseId.slice(-6)}`,
        birthDate: '1999-04-01',
        reportedBy: 'family',
        hostCountry,
        lastKnownLocation: 'Compound B, Sihanoukville',
        contactPhone: '+82-10-0000-0000',
        deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
      },
    },
    {
      type: 'VictimLocated',
      data: { caseId, location: 'Building 4, Compound B', confirmedBy: 'NPA', rescueDeadline: '2024-03-20T00:00:00.000Z' },
    },
    { type: 'RescueRequested', data: { caseId, requestedFrom: 'HOST_POLICE', operationId: 'operation-test' } },
    { type: 'VictimRescued', data: { caseId, rescuedBy: 'HOST_POLICE', operationId: 'operation-test' } },
    { type: 'VictimSheltered', data: { caseId, shelter: 'Embassy shelter' } },
    {
      type: 'VictimScreened',
      data: {
        caseId,
        outcome: 'victim',
        statement: 'Recruited through a fake job offer.',
        welfare: { injury: 'minor', medicalNeed: 'none', reportedAbuse: ['beaten'], note: 'Bruises on both arms.' },
      },
    },
    { type: 'VictimTravelDocumentIssued', data: { caseId, documentType: 'travel_certificate', documentNumber: 'TC1234567' } },
    { type: 'VictimRepatriated', data: { caseId, flightId } },
    { type: 'VictimFollowUpStarted', data: { caseId } },
    { type: 'VictimCaseClosed', data: { caseId } },
  ];
}

export const VICTIM_STORY_LENGTH = 10;

/** The first `steps` events of a victim's case, as a writer hands them to the event store. */
export function victimEvents(caseId: string, steps: number, options: { hostCountry?: string; reportedAt?: Date } = {}): NewEvent[] {
  const start = (options.reportedAt ?? new Date('2024-03-01T02:00:00.000Z')).getTime();
  return victimStory(caseId, options.hostCountry ?? 'KH', 'flight-test')
    .slice(0, steps)
    .map(({ type, data }, i) => ({
      eventId: randomUUID(),
      type,
      streamId: caseId,
      occurredAt: new Date(start + i * 3_600_000).toISOString(),
      actor: ACTOR,
      correlationId: `test-${caseId}`,
      causationId: null,
      data,
    }));
}

export type Fact = [streamId: string, type: string, data: Record<string, unknown>];

export const SUSPECT_DEADLINES = {
  provisionalArrestDays: 60,
  provisionalArrestWarningDays: 5,
  detentionWarrantHours: 48,
  detentionWarrantWarningHours: 12,
  detentionDays: 10,
  detentionExtensionDays: 10,
  requestChaseDays: 30,
};

/**
 * A joint operation that raids two targets, detains a suspect and rescues a victim, each handed to
 * their own case; the suspect is deported on a charter flight (a second suspect loses its seat),
 * and another suspect waits under provisional arrest. Validated against the catalogue.
 */
export function raidAndFlightEvents(ref = randomUUID().slice(0, 8)): NewEvent[] {
  const operationId = `operation-${ref}`;
  const flightId = `flight-${ref}`;
  const [deported, dropped, waiting] = [`suspect-${ref}-1`, `suspect-${ref}-2`, `suspect-${ref}-3`];
  const rescued = `victim-${ref}-1`;
  const found = { operationId, hostCountry: 'KH', birthDate: '1990-01-02' };
  const identified = (caseId: string, source: string) => ({
    caseId,
    leadAgency: 'NPA',
    personName: `Suspect ${caseId}`,
    passportNumber: 'M12345678',
    hostCountry: 'KH',
    source,
    operationId,
    deadlines: SUSPECT_DEADLINES,
  });
  const facts: Fact[] = [
    [
      operationId,
      'OperationPlanned',
      { operationId, leadAgency: 'NPA', hostCountry: 'KH', codeName: 'Dawn', partnerAgencies: ['HOST_POLICE', 'MOFA'] },
    ],
    [operationId, 'OperationLaunched', { operationId }],
    [operationId, 'TargetRaided', { operationId, targetRef: 'T1', compound: 'Compound B', province: 'Preah Sihanouk' }],
    [operationId, 'TargetRaided', { operationId, targetRef: 'T2', compound: 'Casino 9', province: 'Banteay Meanchey' }],
    [
      operationId,
      'PersonDetained',
      {
        ...found,
        personRef: 'P1',
        caseId: deported,
        targetRef: 'T1',
        personName: 'Detained One',
        role: 'suspect',
        detainedBy: 'HOST_POLICE',
      },
    ],
    [
      operationId,
      'PersonRescued',
      { ...found, personRef: 'P2', caseId: rescued, targetRef: 'T2', personName: 'Rescued Two', rescuedBy: 'HOST_POLICE' },
    ],
    [operationId, 'PersonHandedToCase', { operationId, personRef: 'P1', caseId: deported, caseKind: 'suspect' }],
    [operationId, 'PersonHandedToCase', { operationId, personRef: 'P2', caseId: rescued, caseKind: 'victim' }],
    [operationId, 'OperationConcluded', { operationId, targetsRaided: 2, suspectsDetained: 1, victimsRescued: 1, pendingScreening: 0 }],
    [
      rescued,
      'VictimReported',
      {
        caseId: rescued,
        leadAgency: 'MOFA',
        personName: 'Rescued Two',
        reportedBy: 'police',
        hostCountry: 'KH',
        deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
      },
    ],
    [rescued, 'VictimRescued', { caseId: rescued, rescuedBy: 'HOST_POLICE', operationId }],
    [deported, 'SuspectIdentified', identified(deported, 'raid')],
    [deported, 'SuspectArrested', { caseId: deported, arrestedBy: 'HOST_POLICE', operationId, location: 'Dormitory room 12' }],
    [deported, 'SuspectDetained', { caseId: deported, basis: 'immigration', facility: 'Immigration detention centre' }],
    [deported, 'DeportationOrdered', { caseId: deported, orderReference: 'GDI-1' }],
    [deported, 'ReEntryBlacklisted', { caseId: deported }],
    [deported, 'SuspectTravelDocumentIssued', { caseId: deported, documentType: 'travel_certificate', documentNumber: 'TC7654321' }],
    [deported, 'SuspectJoinedManifest', { caseId: deported, flightId, seat: '12A' }],
    [dropped, 'SuspectIdentified', identified(dropped, 'raid')],
    [waiting, 'SuspectIdentified', identified(waiting, 'report')],
    [waiting, 'SuspectArrested', { caseId: waiting, arrestedBy: 'HOST_POLICE' }],
    [waiting, 'SuspectDetained', { caseId: waiting, basis: 'provisional_arrest', provisionalArrestDeadline: '2024-05-01T00:00:00.000Z' }],
    [flightId, 'FlightPlanned', { flightId, leadAgency: 'MOJ', hostCountry: 'KH' }],
    [
      flightId,
      'ManifestOpened',
      { flightId, flightNumber: 'KE9690', route: { origin: 'PNH', destination: 'ICN' }, capacity: 80, escortRatio: 2 },
    ],
    [flightId, 'CaseManifested', { flightId, caseId: deported, seat: '12A' }],
    [flightId, 'CaseManifested', { flightId, caseId: dropped, seat: '12B' }],
    [flightId, 'SeatReleased', { flightId, caseId: dropped, seat: '12B', cause: 'lost_clearance', reason: 'host case hold' }],
    [flightId, 'ManifestLocked', { flightId, manifested: 1 }],
    [flightId, 'EscortsAssigned', { flightId, officers: 2, manifested: 1, officersRequired: 2 }],
    [flightId, 'FlightDeparted', { flightId, caseIds: [deported], officers: 2 }],
    [
      deported,
      'SuspectArrestedOnBoard',
      { caseId: deported, flightId, warrantNumber: 'W-1', detentionWarrantDeadline: '2024-04-03T10:00:00.000Z' },
    ],
    [flightId, 'FlightLanded', { flightId, caseIds: [deported] }],
    [deported, 'SuspectLanded', { caseId: deported, flightId }],
    [flightId, 'HandoverCompleted', { flightId, handedOver: 1, receivedBy: 'NPA' }],
  ];
  return eventsOfFacts(facts, `test-${ref}`);
}

/** Facts as a writer hands them to the event store, a minute apart from 2024-04-01, validated by the catalogue. */
export function eventsOfFacts(facts: readonly Fact[], correlationId: string): NewEvent[] {
  const start = Date.parse('2024-04-01T00:00:00.000Z');
  return facts.map(([streamId, type, data], i) => ({
    eventId: randomUUID(),
    type,
    streamId,
    occurredAt: new Date(start + i * 60_000).toISOString(),
    actor: ACTOR,
    correlationId,
    causationId: null,
    data: validateEventData(type, data),
  }));
}

/** Envelopes of events from several streams, each stream's numbered from 1 in the order given. */
export function asStreamEnvelopes(events: readonly NewEvent[]): EventEnvelope[] {
  const versions = new Map<string, number>();
  return events.map((event) => {
    const version = (versions.get(event.streamId) ?? 0) + 1;
    versions.set(event.streamId, version);
    return asEnvelopes([event], version)[0]!;
  });
}

/** Stored envelopes, as the relay publishes them: versions from 1, the catalogue's classification. */
export function asEnvelopes(events: readonly NewEvent[], firstVersion = 1): EventEnvelope[] {
  return events.map((event, i) => {
    const definition = eventDefinition(event.type);
    return {
      ...event,
      schemaVersion: definition.version,
      classification: event.classification ?? definition.classification,
      streamVersion: firstVersion + i,
      recordedAt: event.occurredAt,
    };
  });
}

export function newVictimCaseId(): string {
  return `victim-test-${randomUUID()}`;
}
