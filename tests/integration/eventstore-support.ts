// Shared by the event store and relay tests: fresh stream ids and valid events, so each test
// writes only streams of its own on the shared test database.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../events/envelope.ts';

export function newVictimStreamId(): string {
  return `victim-test-${randomUUID()}`;
}

export function victimReported(streamId: string, personName = 'Kim Min-jun'): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'VictimReported',
    streamId,
    occurredAt: '2024-03-01T10:00:00.123456+07:00',
    actor: { agency: 'MOFA', role: 'operator', userId: 'call-centre-7' },
    correlationId: `report-${randomUUID()}`,
    causationId: null,
    data: { caseId: streamId, leadAgency: 'MOFA', personName, reportedBy: 'family', hostCountry: 'KH' },
  };
}
