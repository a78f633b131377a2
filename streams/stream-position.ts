// A place in the event store's all-streams order as an SSE event id: "<transaction id>-<global
// position>". A client hands the last id it saw back (Last-Event-ID) and continues right after it.
import { z } from 'zod';
import type { StorePosition } from '../eventstore/stored-events.ts';

const ID = /^(\d{1,20})-(\d{1,20})$/;

export const StreamPositionId = z.string().regex(ID, 'an event id is "<transaction id>-<global position>", as the stream sent it');

export function positionId(position: StorePosition): string {
  return `${position.transactionId}-${position.globalPosition}`;
}

/** The position an id names; undefined when it is not one this stream sent. */
export function parsePositionId(id: string): StorePosition | undefined {
  const match = ID.exec(id);
  return match ? { transactionId: BigInt(match[1]!), globalPosition: BigInt(match[2]!) } : undefined;
}

/** Negative, zero or positive as `a` comes before, at or after `b` in the all-streams order. */
export function comparePositions(a: StorePosition, b: StorePosition): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.globalPosition !== b.globalPosition) return a.globalPosition < b.globalPosition ? -1 : 1;
  return 0;
}
