// GET /streams/events: the domain events the caller may see, live, as Server-Sent Events, each
// redacted for the caller exactly as the case routes redact (streams/event-view.ts).
//
// The source is the event store itself, not Kafka: its commit-safe all-streams order gives every
// event one position, so a position is the SSE id and a reconnect with Last-Event-ID reads on from
// exactly there, with no gap and no repeat, however long the client was away. One feed per process
// tails the store on NOTIFY and fans out to the connections (streams/store-feed.ts); a connection
// that starts behind, or falls behind, reads the store itself until it catches up. (A Kafka consumer
// per connection would cost a group or a partition assignment per client, and its offsets, one per
// partition, make a poor single resume id.)
import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { EventEnvelope } from '../../events/envelope.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { EventSubscription } from '../../streams/event-subscription.ts';
import { SseConnection } from '../../streams/sse.ts';
import { streamSettingsFromEnv } from '../../streams/sse-settings.ts';
import { StoreFeed } from '../../streams/store-feed.ts';
import { parsePositionId, StreamPositionId } from '../../streams/stream-position.ts';
import type { ApiPlugin } from '../context.ts';
import { badRequest, fieldIssues } from '../problem.ts';
import { addRoute } from '../route.ts';

const LAST_EVENT_ID = 'last-event-id';

/** The id to resume after: the header an EventSource sends on reconnecting wins over the query of its first URL. */
function resumeId(request: FastifyRequest, query: string | undefined): string | undefined {
  const header = request.headers[LAST_EVENT_ID];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return query;
  const parsed = StreamPositionId.safeParse(value);
  if (!parsed.success)
    throw badRequest('the Last-Event-ID header is not an id this stream sent', fieldIssues(`headers.${LAST_EVENT_ID}`, parsed.error));
  return parsed.data;
}

/** When the (already verified) bearer token expires: the stream must not outlive it. */
function tokenExpiry(request: FastifyRequest): Date {
  const token = request.headers.authorization?.split(/\s+/)[1] ?? '';
  return new Date((decodeJwt(token).exp ?? 0) * 1000);
}

export const streamRoutes: ApiPlugin = (app, context) => {
  const settings = streamSettingsFromEnv();
  const store = new EventStore(context.pool);
  const feed = new StoreFeed(context.pool, store, { ...settings.feed, log: (line) => app.log.warn(line) });
  const open = new Map<SseConnection, Promise<void>>();

  // Open streams would hold the server's close forever: end them first; clients reconnect elsewhere.
  app.addHook('preClose', async () => {
    for (const connection of open.keys()) connection.close();
    await Promise.all(open.values());
  });
  app.addHook('onClose', async () => feed.close());

  addRoute(
    app,
    {
      method: 'GET',
      url: '/streams/events',
      operationId: 'streamEvents',
      summary: 'live domain events the caller may see, as Server-Sent Events',
      description:
        'Each message has `id` (a position to resume after), `event` (the event type) and `data` (the event envelope, its ' +
        'personal fields redacted for the caller). Events of case kinds the caller’s agency has no access to, and above its ' +
        'clearance, are left out. Reconnect with the Last-Event-ID header (or `lastEventId`) to receive every event after ' +
        'that id and none before; without one the stream starts with the next event appended. Comment lines keep the ' +
        'connection open while nothing happens. The stream ends when the bearer token expires: reconnect with a new token ' +
        'and the last id.',
      tags: ['streams'],
      access: 'event.stream',
      query: z.object({
        lastEventId: StreamPositionId.optional().describe('resume after this id; the Last-Event-ID header takes precedence'),
      }),
      response: EventEnvelope.describe('the `data` of each message'),
      contentType: 'text/event-stream',
    },
    async ({ query, caller, request, reply }) => {
      const id = resumeId(request, query.lastEventId);
      await feed.ready();
      const from = id === undefined ? feed.position : parsePositionId(id)!;
      const connection = new SseConnection(reply.raw, new EventSubscription(feed, store, caller, from, settings.bufferSize), settings.sse);
      reply.hijack();
      const served = connection
        .serve(reply.getHeaders(), tokenExpiry(request))
        // Name and code only: a message could quote a value from an event.
        .catch((error: unknown) =>
          request.log.warn({ error: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'event stream failed'),
        )
        .finally(() => open.delete(connection));
      open.set(connection, served);
      return undefined;
    },
  );
};
