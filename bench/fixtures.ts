// Events the benchmarks append: valid against the catalogue, in streams named so they are easy to
// tell apart from real cases when a benchmark ran against the dev stack.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../events/envelope.ts';

export function benchStreamId(): string {
  return `victim-bench-${randomUUID()}`;
}

export function benchEvent(streamId: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'VictimRescued',
    streamId,
    occurredAt: new Date().toISOString(),
    actor: { agency: 'NPA', role: 'operator', userId: 'bench' },
    correlationId: `bench-${randomUUID()}`,
    causationId: null,
    data: { caseId: streamId, rescuedBy: 'HOST_POLICE', operationId: 'op-bench' },
  };
}
