// A minimal EventSource over fetch for the stream tests (sse.test.ts, the authorization matrix):
// it collects events, comments and heartbeat ids, and keeps the last id as a browser does.
import type { EventEnvelope } from '../../events/envelope.ts';

export interface Received {
  id: string;
  event: string;
  envelope: EventEnvelope;
}

/** A minimal EventSource over fetch: collects events, comments, and the last id as a browser keeps it. */
export class SseClient {
  readonly events: Received[] = [];
  readonly comments: string[] = [];
  /** Ids that came without data (heartbeats), moving the last id without an event. */
  readonly heartbeatIds: string[] = [];
  lastId: string | undefined;
  status = 0;
  private readonly abort: AbortController;
  private done = false;
  readonly ended: Promise<void>;
  private markConnected: () => void = () => undefined;
  private readonly connected = new Promise<void>((resolve) => {
    this.markConnected = resolve;
  });

  private constructor(response: Response, abort: AbortController) {
    this.abort = abort;
    this.status = response.status;
    this.ended = this.read(response).finally(() => {
      this.done = true;
    });
  }

  /** Opens GET /streams/events on `server` with the bearer token, resuming after an id when given. */
  static async connect(server: string, token: string, resume: { header?: string; query?: string } = {}): Promise<SseClient> {
    const abort = new AbortController();
    const url = `${server}/streams/events${resume.query ? `?lastEventId=${encodeURIComponent(resume.query)}` : ''}`;
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(resume.header ? { 'last-event-id': resume.header } : {}),
      },
      signal: abort.signal,
    });
    if (response.status !== 200) throw new Error(`the stream answered ${response.status}: ${await response.text()}`);
    const client = new SseClient(response, abort);
    await Promise.race([
      client.connected,
      client.ended.then(() => {
        throw new Error(`the stream ended before it said it was connected: ${client.comments.join('; ')}`);
      }),
    ]);
    return client;
  }

  /** Events of these streams, in arrival order. */
  of(...streamIds: string[]): Received[] {
    return this.events.filter((e) => streamIds.includes(e.envelope.streamId));
  }

  /** Generous: the store is read only below the oldest transaction in flight, and other tests share the database. */
  async waitFor(what: string, condition: () => boolean, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.done) throw new Error(`the stream ended before ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${this.events.map((e) => e.event)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(response: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = '';
    let frame: Record<string, string> = {};
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (line === '') {
            if (frame.id !== undefined) this.lastId = frame.id;
            if (frame.id !== undefined && frame.data === undefined) this.heartbeatIds.push(frame.id);
            if (frame.data !== undefined) this.events.push({ id: frame.id!, event: frame.event!, envelope: JSON.parse(frame.data) });
            frame = {};
          } else if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            if (line === ': connected') this.markConnected();
          } else {
            const colon = line.indexOf(':');
            frame[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
          }
        }
      }
    } catch (error) {
      if (!this.abort.signal.aborted) throw error;
    }
  }
}
