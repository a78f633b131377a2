// One Server-Sent Events connection: writes a subscription's events as `id` (the resumable
// position), `event` (the event type) and `data` (the JSON envelope), waits for the socket to drain
// before taking the next event (the subscription's bounded buffer holds the rest), and writes a
// comment every heartbeat so proxies keep an idle connection open. A heartbeat also carries the
// position the client has got to when events it may not see went past, so a reconnect does not
// read them again. The stream ends when the caller's token expires: a reconnect with a fresh token
// and the last id picks up where it ended. With tracing on, writing a traced event is a span in the
// command's trace (infra/tracing.ts).
import type { ServerResponse } from 'node:http';
import { SpanKind } from '@opentelemetry/api';
import { Counter, Gauge } from '../infra/metrics.ts';
import { inSpanContinuing } from '../infra/tracing.ts';
import type { EventSubscription, VisibleEvent } from './event-subscription.ts';
import { comparePositions, positionId } from './stream-position.ts';

export interface SseSettings {
  heartbeatMs: number;
  /** How long a client waits before reconnecting (the `retry` field). */
  retryMs: number;
}

const openConnections = new Gauge({ name: 'taskforce_sse_connections', help: 'Event streams (GET /streams/events) open now.' });
const deliveredEvents = new Counter({
  name: 'taskforce_sse_delivered_events_total',
  help: 'Events written to event streams (GET /streams/events).',
});

/** The longest delay setTimeout takes (about 24.8 days); a token living longer ends the stream then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function eventFrame({ position, event }: VisibleEvent): string {
  // JSON.stringify escapes line breaks, so the envelope is one `data` line.
  return `id: ${positionId(position)}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export class SseConnection {
  private heartbeat: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private lastId: VisibleEvent['position'] | undefined;
  private ended = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly subscription: EventSubscription,
    private readonly settings: SseSettings,
  ) {}

  /** Streams until the client goes away, `close` is called or the subscription fails; then ends the response. */
  async serve(headers: Record<string, string | number | readonly string[] | undefined>, until: Date): Promise<void> {
    const { response } = this;
    response.on('close', () => this.subscription.close());
    response.writeHead(200, {
      ...Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${this.settings.retryMs}\n: connected\n\n`);
    openConnections.inc();
    this.heartbeat = setInterval(() => this.beat(), this.settings.heartbeatMs);
    this.expiry = setTimeout(
      () => {
        if (!this.ended && !response.destroyed) response.write(': the bearer token expired; reconnect with a new one\n\n');
        this.close();
      },
      Math.min(Math.max(until.getTime() - Date.now(), 0), MAX_TIMER_MS),
    );
    try {
      for (let next = await this.subscription.next(); next; next = await this.subscription.next()) {
        this.lastId = next.position;
        deliveredEvents.inc();
        await this.deliver(next);
      }
    } finally {
      this.end();
    }
  }

  /** Writes one event, and waits for the socket to take more when its buffer is full. */
  private deliver(next: VisibleEvent): Promise<void> {
    return inSpanContinuing(
      'deliver to event stream',
      SpanKind.PRODUCER,
      [next.traceparent],
      { 'taskforce.case_id': next.event.streamId, 'taskforce.event_type': next.event.type },
      async () => {
        if (!this.response.write(eventFrame(next))) await this.drained();
      },
    );
  }

  /** Resolves when the socket takes writes again, or is gone; leaves no listener behind. */
  private drained(): Promise<void> {
    const { response } = this;
    if (response.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
  }

  /** Ends the stream (the server is shutting down); the client reconnects with its last id. */
  close(): void {
    this.subscription.close();
  }

  private beat(): void {
    if (this.ended || this.response.destroyed) return;
    const through = this.subscription.handedOutThrough;
    const advanced = through && (!this.lastId || comparePositions(through, this.lastId) > 0);
    if (advanced) this.lastId = through;
    // An `id` without `data` moves the client's Last-Event-ID and dispatches nothing.
    this.response.write(advanced ? `: heartbeat\nid: ${positionId(through)}\n\n` : ': heartbeat\n\n');
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.heartbeat) openConnections.dec(); // counted open where the heartbeat started
    clearInterval(this.heartbeat);
    clearTimeout(this.expiry);
    this.subscription.close();
    if (!this.response.writableEnded) this.response.end();
  }
}
