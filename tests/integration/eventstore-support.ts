// Shared by the event store and relay tests: fresh stream ids and valid events, so each test
// writes only streams of its own on the shared test database.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../events/envelope.ts';

export function newVictimStreamId(): string {
  return `victim-test-${randomUUID()}`;
}

/** A small victim event whose schema is unlikely to grow; `rescuedBy` is the field tests break. */
export function victimRescued(streamId: string, operationId = 'op-test'): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'VictimRescued',
    streamId,
    occurredAt: '2024-03-01T10:00:00.123456+07:00',
    actor: { agency: 'NPA', role: 'operator', userId: 'korea-desk-3' },
    correlationId: `raid-${randomUUID()}`,
    causationId: null,
    data: { caseId: streamId, rescuedBy: 'HOST_POLICE', operationId },
  };
}
