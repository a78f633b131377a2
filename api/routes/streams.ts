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
import { z } from 'zod';
import { EventEnvelope } from '../../events/envelope.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { classifiedReader } from '../../streams/classified-events.ts';
import { EventSubscription } from '../../streams/event-subscription.ts';
import { SseConnection } from '../../streams/sse.ts';
import { streamSettingsFromEnv } from '../../streams/sse-settings.ts';
import { StoreFeed } from '../../streams/store-feed.ts';
import { parsePositionId, StreamPositionId } from '../../streams/stream-position.ts';
import { tooMany } from '../abuse-limits.ts';
import { keepTokenInCookie, tokenExpiry } from '../auth/token-cookie.ts';
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

/** The cookie GET /streams/events accepts the bearer token from, for a browser's EventSource. */
export const STREAM_TOKEN_COOKIE = 'taskforce_stream_token';

export const streamRoutes: ApiPlugin = (app, context) => {
  const settings = streamSettingsFromEnv();
  const store = classifiedReader(context.pool, new EventStore(context.pool));
  const feed = new StoreFeed(context.pool, store, { ...settings.feed, log: (line) => app.log.warn(line) });
  const open = new Map<SseConnection, Promise<void>>();
  /** Open streams per caller: each holds a connection and a share of the feed, so one caller gets a few. */
  const openPerCaller = new Map<string, number>();

  // Open streams would hold the server's close forever: end them first; clients reconnect elsewhere.
  app.addHook('preClose', async () => {
    for (const connection of open.keys()) connection.close();
    await Promise.all(open.values());
  });
  app.addHook('onClose', async () => feed.close());

  addRoute(
    app,
    {
      method: 'POST',
      url: '/streams/session',
      operationId: 'startStreamSession',
      summary: 'Keep the bearer token in an HttpOnly cookie that only GET /streams/events accepts, until it expires',
      description:
        'A browser’s EventSource cannot send an Authorization header. A web page on the API’s own origin posts here once ' +
        'with its bearer token; the cookie (HttpOnly, SameSite=Strict, Path=/streams) then carries the token to ' +
        '`new EventSource("/streams/events")`. The cookie lives no longer than the token.',
      tags: ['streams'],
      access: 'event.stream',
      response: z.object({ until: z.string().describe('when the token, and so the cookie, expires') }),
    },
    ({ request, reply }) => ({ until: keepTokenInCookie(request, reply, STREAM_TOKEN_COOKIE, '/streams').toISOString() }),
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/streams/events',
      operationId: 'streamEvents',
      summary: 'live domain events the caller may see, as Server-Sent Events',
      description:
        'Each message has `id` (a position to resume after), `event` (the event type) and `data` (the event envelope, its ' +
        'personal fields redacted for the caller). Events of case kinds the caller’s agency has no access to, and events of a ' +
        'case or an event above its clearance (the case as of each event), are left out. Reconnect with the Last-Event-ID header (or `lastEventId`) to receive every event after ' +
        'that id and none before; without one the stream starts with the next event appended. Comment lines keep the ' +
        'connection open while nothing happens. The stream ends when the bearer token expires: reconnect with a new token ' +
        '(from a browser: the cookie POST /streams/session sets) ' +
        'and the last id.',
      tags: ['streams'],
      access: 'event.stream',
      query: z.object({
        lastEventId: StreamPositionId.optional().describe('resume after this id; the Last-Event-ID header takes precedence'),
      }),
      response: EventEnvelope.describe('the `data` of each message'),
      contentType: 'text/event-stream',
      tokenCookie: STREAM_TOKEN_COOKIE,
    },
    async ({ query, caller, request, reply }) => {
      const id = resumeId(request, query.lastEventId);
      const callerKey = `${caller.agency}/${caller.userId}`;
      const already = openPerCaller.get(callerKey) ?? 0;
      if (already >= context.limits.streamsPerCaller) {
        throw tooMany(reply, `${already} event streams are open for this caller, the most allowed: close one first`, 5);
      }
      // Counted before the first wait, so two streams opened at once cannot both take the last place.
      openPerCaller.set(callerKey, already + 1);
      const release = () => {
        const left = (openPerCaller.get(callerKey) ?? 1) - 1;
        if (left > 0) openPerCaller.set(callerKey, left);
        else openPerCaller.delete(callerKey);
      };
      let connection: SseConnection;
      try {
        await feed.ready();
        const from = id === undefined ? feed.position : parsePositionId(id)!;
        connection = new SseConnection(reply.raw, new EventSubscription(feed, store, caller, from, settings.bufferSize), settings.sse);
      } catch (error) {
        release();
        throw error;
      }
      reply.hijack();
      const served = connection
        .serve(reply.getHeaders(), tokenExpiry(request, STREAM_TOKEN_COOKIE))
        // Name and code only: a message could quote a value from an event.
        .catch((error: unknown) =>
          request.log.warn({ error: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'event stream failed'),
        )
        .finally(() => {
          open.delete(connection);
          release();
        });
      open.set(connection, served);
      return undefined;
    },
  );
};
