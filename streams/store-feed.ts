// The tail of the event store, read once per API process and shared by every live SSE connection:
// it wakes on the append's NOTIFY (polling only as a fallback, like the relay), reads the newly
// settled events in commit-safe order and hands each batch to every subscriber that has caught up.
// A thousand open streams then cost one query per wake-up, not a thousand.
//
// `position` is the last event handed out: every event after it will be handed to the subscribers
// in order, so a subscriber at or past it may join and miss nothing (event-subscription.ts).
import type pg from 'pg';
import { EVENTS_CHANNEL } from '../eventstore/event-store.ts';
import { hasUnsettled, lastSettledPosition, type StorePosition } from '../eventstore/stored-events.ts';
import { Wakeup } from '../eventstore/wakeup.ts';
import type { ClassifiedEvent, ClassifiedReader } from './classified-events.ts';

export interface FeedSettings {
  /** Events read per query. */
  batchSize: number;
  /** The fallback when no NOTIFY arrives (an append that crashed before notifying, a lost LISTEN connection). */
  pollIntervalMs: number;
  /** Progress and trouble lines; they never carry event data. */
  log: (line: string) => void;
}

export type FeedListener = (events: readonly ClassifiedEvent[]) => void;

const RESTART_DELAY_MS = 1000;
const FIRST_HELD_BACK_RETRY_MS = 5;
const LAST_HELD_BACK_RETRY_MS = 100;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class StoreFeed {
  private head: StorePosition | undefined;
  private readonly listeners = new Set<FeedListener>();
  private started: Promise<void> | undefined;
  private running: Promise<void> | undefined;
  /** Holds one of the pool's connections for LISTEN while the feed runs. */
  private listening: pg.PoolClient | undefined;
  private stopping = false;
  private readonly wakeup = new Wakeup();

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: ClassifiedReader,
    private readonly settings: FeedSettings,
  ) {}

  /** Starts tailing from the end of the store on first use; resolves once `position` is known. */
  ready(): Promise<void> {
    this.started ??= this.start().catch((error: unknown) => {
      this.started = undefined; // the next caller tries again (the database may be back)
      throw error;
    });
    return this.started;
  }

  /** The last event handed to the subscribers (after `ready`). */
  get position(): StorePosition {
    if (!this.head) throw new Error('the store feed has not started');
    return this.head;
  }

  subscribe(listener: FeedListener): void {
    this.listeners.add(listener);
  }

  unsubscribe(listener: FeedListener): void {
    this.listeners.delete(listener);
  }

  /** Stops tailing and gives the LISTEN connection back. */
  async close(): Promise<void> {
    this.stopping = true;
    this.wakeup.stop();
    await this.started?.catch(() => undefined);
    await this.running;
    this.dropListening();
  }

  private async start(): Promise<void> {
    this.head = await lastSettledPosition(this.pool);
    this.running = this.tail();
  }

  private async tail(): Promise<void> {
    let heldBackRetryMs = 0;
    while (!this.stopping) {
      try {
        await this.listen();
        this.wakeup.clear(); // a NOTIFY from now on may not be in this read: it will wake another
        const batch = await this.store.readAll(this.position, this.settings.batchSize);
        if (batch.length > 0) {
          this.handOut(batch);
          heldBackRetryMs = 0;
          continue;
        }
        if (await hasUnsettled(this.pool, this.position)) {
          // Committed events wait behind a transaction still in flight: look again soon.
          heldBackRetryMs = Math.min(Math.max(heldBackRetryMs * 2, FIRST_HELD_BACK_RETRY_MS), LAST_HELD_BACK_RETRY_MS);
          await this.wakeup.wait(heldBackRetryMs);
        } else {
          heldBackRetryMs = 0;
          await this.wakeup.wait(this.settings.pollIntervalMs);
        }
      } catch (error) {
        if (this.stopping) break;
        this.settings.log(`store feed: failed (${describe(error)}); retrying in ${RESTART_DELAY_MS} ms`);
        this.dropListening(error instanceof Error ? error : undefined);
        await this.wakeup.wait(RESTART_DELAY_MS);
      }
    }
  }

  /** The head moves in the same tick as the hand-out: a subscriber comparing with it never falls in between. */
  private handOut(batch: readonly ClassifiedEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        this.settings.log(`store feed: a subscriber failed (${describe(error)}); it is dropped`);
        this.listeners.delete(listener);
      }
    }
    this.head = batch.at(-1)!.position;
  }

  private async listen(): Promise<void> {
    if (this.listening) return;
    const client = await this.pool.connect();
    client.on('notification', () => this.wakeup.wake());
    client.on('error', () => {
      // The connection is gone: the loop listens again on a new one (and reads meanwhile).
      if (this.listening === client) this.dropListening();
      this.wakeup.wake();
    });
    try {
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.listening = client;
  }

  private dropListening(error?: Error): void {
    const client = this.listening;
    this.listening = undefined;
    client?.release(error ?? true);
  }
}
