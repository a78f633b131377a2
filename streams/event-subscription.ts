// One reader's stream of events from a position on: the events it may see, redacted for it
// (event-view.ts), each exactly once and in the store's commit-safe order.
//
// It reads the store itself until it reaches the shared feed's position, then joins the feed and
// takes its events as they are handed out. Its buffer is bounded: when a slow client lets the
// buffer fill up, the subscription leaves the feed and reads the store again at its own pace once
// the client has caught up with the buffer, so a slow client costs a few queries, never memory,
// and never a lost event.
import type { Caller } from '../access/caller.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { StorePosition } from '../eventstore/stored-events.ts';
import type { ClassifiedEvent, ClassifiedReader } from './classified-events.ts';
import { eventAsSeenBy } from './event-view.ts';
import type { StoreFeed } from './store-feed.ts';
import { comparePositions } from './stream-position.ts';

export interface VisibleEvent {
  position: StorePosition;
  event: EventEnvelope;
  /** The trace of the command that appended it, when it was traced (infra/tracing.ts). */
  traceparent?: string | undefined;
}

export class EventSubscription {
  private readonly queue: VisibleEvent[] = [];
  /** The last event taken in: queued for the reader, or passed over as not its to see. */
  private position: StorePosition;
  private live = false;
  private closed = false;
  private waiter: (() => void) | undefined;
  private readonly onHandOut = (events: readonly ClassifiedEvent[]) => this.takeLive(events);

  constructor(
    private readonly feed: StoreFeed,
    private readonly store: ClassifiedReader,
    private readonly reader: Caller,
    from: StorePosition,
    /** Events held for the reader at most; also the size of a catch-up read. */
    private readonly bufferSize: number,
  ) {
    this.position = from;
  }

  /** The next event the reader may see, waiting for one; undefined once closed. Call one at a time. */
  async next(): Promise<VisibleEvent | undefined> {
    for (;;) {
      const queued = this.queue.shift();
      if (queued) return queued;
      if (this.closed) return undefined;
      if (this.live) await new Promise<void>((resolve) => (this.waiter = resolve));
      else await this.catchUp();
    }
  }

  /**
   * A position every event up to which was handed out by `next` or is not the reader's to see; a
   * resuming reader loses nothing from there. Undefined while events wait in the buffer.
   */
  get handedOutThrough(): StorePosition | undefined {
    return this.queue.length === 0 ? this.position : undefined;
  }

  close(): void {
    this.closed = true;
    this.feed.unsubscribe(this.onHandOut);
    this.queue.length = 0;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Joins the feed if it has caught up with it (in the same tick: nothing can come between), or reads on. */
  private async catchUp(): Promise<void> {
    if (comparePositions(this.position, this.feed.position) >= 0) {
      this.live = true;
      this.feed.subscribe(this.onHandOut);
      return;
    }
    const batch = await this.store.readAll(this.position, this.bufferSize);
    if (this.closed) return;
    // The feed's position is a settled event's: a read from before it cannot come back empty.
    if (batch.length === 0) throw new Error('the event store returned nothing before the feed’s position');
    for (const stored of batch) this.take(stored);
  }

  private takeLive(events: readonly ClassifiedEvent[]): void {
    for (const stored of events) {
      if (comparePositions(stored.position, this.position) <= 0) continue;
      if (this.queue.length >= this.bufferSize) {
        // The reader is slow: read the rest from the store once it has caught up with the buffer.
        this.live = false;
        this.feed.unsubscribe(this.onHandOut);
        break;
      }
      this.take(stored);
    }
    this.wake();
  }

  private take(stored: ClassifiedEvent): void {
    const visible = eventAsSeenBy(this.reader, stored.event, stored.caseClassification);
    if (visible) this.queue.push({ position: stored.position, event: visible, traceparent: stored.traceparent });
    this.position = stored.position;
  }
}
