// GET /streams/events over real HTTP against the real event store: each agency receives the same
// events redacted by its own categories, nothing above its clearance or outside its case kinds, in
// the store's order; a reconnect with Last-Event-ID receives exactly the events missed; a burst
// larger than a connection's buffer arrives whole; the server's close ends open streams.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http, { type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { REDACTED } from '../../access/redact.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import type { Agency } from '../../events/envelope.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { loadSettings } from '../../infra/settings.ts';
import { comparePositions, parsePositionId } from '../../streams/stream-position.ts';
import {
  ARREST_LOCATION,
  appendCampaign,
  type Campaign,
  INTELLIGENCE_SUSPECT_NAME,
  newCampaign,
  operator,
  SUSPECT_NAME,
  suspectArrested,
  suspectIdentified,
  VICTIM_LOCATION,
  VICTIM_NAME,
  victimLocated,
  victimReported,
  victimRescued,
} from './agency-stream-support.ts';
import { SseClient } from './sse-client.ts';

// Before the API reads them: heartbeats often enough to watch, a buffer smaller than a burst.
process.env.TASKFORCE_SSE_HEARTBEAT_MS = '100';
process.env.TASKFORCE_SSE_BUFFER = '4';

const settings = loadSettings();
const secret = new TextEncoder().encode(`sse-test-${randomUUID()}-${randomUUID()}`);
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 6 });
const store = new EventStore(pool);
let health: HealthChecker;
let app: FastifyInstance;
let baseUrl: string;

/** Opens a stream for the caller on the API (the test's by default), with a token living `ttl`. */
async function openStream(
  caller: Caller,
  resume: { header?: string; query?: string } = {},
  server = baseUrl,
  ttl = '5m',
): Promise<SseClient> {
  return SseClient.connect(server, await signToken(secret, caller, ttl), resume);
}

/** The server side of every stream opened, to watch its socket push back. */
const streamResponses: ServerResponse[] = [];

async function buildStreamingApi(): Promise<{ api: FastifyInstance; url: string }> {
  const api = buildApi({ pool, health, tokens: createTokenVerifier(secret) });
  api.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/streams/')) streamResponses.push(reply.raw);
  });
  const address = await api.listen({ host: '127.0.0.1', port: 0 });
  return { api, url: address };
}

const AGENCIES: Agency[] = ['MOFA', 'HOST_POLICE', 'NPA', 'NIS'];

beforeAll(async () => {
  health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  ({ api: app, url: baseUrl } = await buildStreamingApi());
});

afterAll(async () => {
  await app?.close();
  await health?.close();
  await pool.end();
});

describe('GET /streams/events', () => {
  let campaign: Campaign;
  const clients = new Map<Agency, SseClient>();

  beforeAll(async () => {
    for (const agency of AGENCIES) clients.set(agency, await openStream(operator(agency)));
    campaign = newCampaign();
    await appendCampaign(store, campaign);
    const expected: Record<string, number> = { MOFA: 5, HOST_POLICE: 2, NPA: 5, NIS: 3 };
    for (const agency of AGENCIES) {
      const client = clients.get(agency)!;
      await client.waitFor(`${agency}'s events`, () => client.of(...Object.values(campaign)).length >= expected[agency]!);
    }
  });

  afterAll(() => {
    for (const client of clients.values()) client.close();
  });

  it('sends each event as id, event type and envelope, in the store’s order', async () => {
    const mofa = clients.get('MOFA')!.of(campaign.victim);
    expect(mofa.map((e) => e.event)).toEqual(['VictimReported', 'VictimLocated', 'VictimRescued']);
    expect(mofa.map((e) => e.envelope.type)).toEqual(mofa.map((e) => e.event));
    const stored = await store.readStream(campaign.victim);
    expect(mofa.map((e) => e.envelope.eventId)).toEqual(stored.map((e) => e.eventId));
    const positions = clients.get('MOFA')!.events.map((e) => parsePositionId(e.id)!);
    for (let i = 1; i < positions.length; i++) expect(comparePositions(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
  });

  it('shows MOFA the victim’s whereabouts, the police and host police not', () => {
    const mofa = clients.get('MOFA')!.of(campaign.victim);
    expect(mofa[0]!.envelope.data).toMatchObject({ lastKnownLocation: VICTIM_LOCATION, contactPhone: '+855 12 345 678' });
    expect(mofa[1]!.envelope.data.location).toBe(VICTIM_LOCATION);
    const npa = clients.get('NPA')!.of(campaign.victim);
    expect(npa.map((e) => e.envelope.data.location ?? e.envelope.data.lastKnownLocation).slice(0, 2)).toEqual([REDACTED, REDACTED]);
    expect(clients.get('HOST_POLICE')!.of(campaign.victim)).toEqual([]);
    expect(clients.get('NIS')!.of(campaign.victim)).toEqual([]);
  });

  it('shows the host police where the suspect was arrested, MOFA only who was arrested', () => {
    const arrest = (agency: Agency) =>
      clients
        .get(agency)!
        .of(campaign.suspect)
        .find((e) => e.event === 'SuspectArrested')!.envelope;
    expect(arrest('HOST_POLICE').data.location).toBe(ARREST_LOCATION);
    expect(arrest('MOFA').data.location).toBe(REDACTED);
    const identified = clients
      .get('MOFA')!
      .of(campaign.suspect)
      .find((e) => e.event === 'SuspectIdentified')!;
    expect(identified.envelope.data.personName).toBe(SUSPECT_NAME);
  });

  it('sends the SECRET identification from intelligence to NIS alone', () => {
    // It was appended first: every other client has received later events, so it was passed over.
    const nis = clients.get('NIS')!.of(campaign.intelligenceSuspect);
    expect(nis.map((e) => [e.envelope.classification, e.envelope.data.personName])).toEqual([['SECRET', INTELLIGENCE_SUSPECT_NAME]]);
    for (const agency of AGENCIES.filter((a) => a !== 'NIS')) {
      const client = clients.get(agency)!;
      expect(client.of(campaign.intelligenceSuspect), agency).toEqual([]);
      expect(JSON.stringify(client.events), agency).not.toContain(INTELLIGENCE_SUSPECT_NAME);
    }
  });

  it('keeps a RESTRICTED reader from a case from the event that made it CONFIDENTIAL on, later RESTRICTED events included', async () => {
    const client = await openStream({ ...operator('MOFA'), clearance: 'RESTRICTED' });
    try {
      const victim = `victim-restricted-${randomUUID().slice(0, 8)}`;
      const marker = `victim-marker-${randomUUID().slice(0, 8)}`;
      await store.append(victim, 0, [victimReported(victim), victimLocated(victim), victimRescued(victim)]);
      await store.append(marker, 0, [victimReported(marker)]);
      await client.waitFor('the event after them', () => client.of(marker).length >= 1);
      expect(client.of(victim).map((e) => e.event)).toEqual(['VictimReported']);
    } finally {
      client.close();
    }
  });

  it('shows an analyst the facts of the cases its agency works, none of the people in them', async () => {
    const client = await openStream({ ...operator('MOFA'), role: 'analyst' });
    try {
      const victim = `victim-analyst-${randomUUID().slice(0, 8)}`;
      await store.append(victim, 0, [victimReported(victim), victimLocated(victim)]);
      await client.waitFor('both events', () => client.of(victim).length >= 2);
      const [reported, located] = client.of(victim);
      expect(reported!.envelope.data).toMatchObject({
        reportedBy: 'family',
        personName: REDACTED,
        lastKnownLocation: REDACTED,
        contactPhone: REDACTED,
      });
      expect(located!.envelope.data).toMatchObject({ confirmedBy: 'NPA', location: REDACTED });
      expect(JSON.stringify(client.events)).not.toContain(VICTIM_NAME);
    } finally {
      client.close();
    }
  });

  it('moves the client’s last id past events it may not see, with heartbeats while nothing it sees happens', async () => {
    const hostPolice = await openStream(operator('HOST_POLICE'));
    try {
      const victim = `victim-unseen-${randomUUID().slice(0, 8)}`;
      await store.append(victim, 0, [victimReported(victim)]);
      const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
        'SELECT transaction_id, global_position FROM events WHERE stream_id = $1',
        [victim],
      );
      const appended = { transactionId: BigInt(rows[0]!.transaction_id), globalPosition: BigInt(rows[0]!.global_position) };
      const passed = (id: string | undefined) => id !== undefined && comparePositions(parsePositionId(id)!, appended) >= 0;
      // On a quiet database a heartbeat's id moves it; another test's suspect event, which the host
      // police may see, can get there first, and a resume from either id skips the victim's event.
      await hostPolice.waitFor('the last id to pass the victim event', () => passed(hostPolice.lastId));
      expect(hostPolice.of(victim)).toEqual([]);
      await hostPolice.waitFor('a heartbeat', () => hostPolice.comments.includes('heartbeat'));
      if (!hostPolice.events.some((e) => passed(e.id))) expect(hostPolice.heartbeatIds.some(passed)).toBe(true);
    } finally {
      hostPolice.close();
    }
  });
});

describe('resuming with Last-Event-ID', () => {
  it('delivers exactly the events appended while the client was away, and none before', async () => {
    const victim = `victim-resume-${randomUUID().slice(0, 8)}`;
    const suspect = `suspect-resume-${randomUUID().slice(0, 8)}`;
    const first = await openStream(operator('MOFA'));
    await store.append(victim, 0, [victimReported(victim), victimLocated(victim)]);
    await first.waitFor('the first two events', () => first.of(victim).length === 2);
    const lastSeen = first.of(victim).at(-1)!.id;
    first.close();
    await first.ended;

    await store.append(victim, 2, [victimRescued(victim)]);
    await store.append(suspect, 0, [suspectIdentified(suspect), suspectArrested(suspect)]);

    const resumed = await openStream(operator('MOFA'), { header: lastSeen });
    try {
      await resumed.waitFor('the missed events', () => resumed.of(victim, suspect).length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(resumed.of(victim, suspect).map((e) => `${e.envelope.streamId}@${e.envelope.streamVersion}`)).toEqual([
        `${victim}@3`,
        `${suspect}@1`,
        `${suspect}@2`,
      ]);
      for (const { id } of resumed.events) expect(comparePositions(parsePositionId(id)!, parsePositionId(lastSeen)!)).toBeGreaterThan(0);
    } finally {
      resumed.close();
    }
  });

  it('takes the id from the query when no header is sent, and the header over the query', async () => {
    const victim = `victim-query-${randomUUID().slice(0, 8)}`;
    const first = await openStream(operator('MOFA'));
    await store.append(victim, 0, [victimReported(victim), victimLocated(victim), victimRescued(victim)]);
    await first.waitFor('three events', () => first.of(victim).length === 3);
    first.close();
    const [one, two] = first.of(victim);

    const byQuery = await openStream(operator('MOFA'), { query: one!.id });
    const byHeader = await openStream(operator('MOFA'), { query: one!.id, header: two!.id });
    try {
      await byQuery.waitFor('events 2 and 3', () => byQuery.of(victim).length >= 2);
      await byHeader.waitFor('event 3', () => byHeader.of(victim).length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(byQuery.of(victim).map((e) => e.envelope.streamVersion)).toEqual([2, 3]);
      expect(byHeader.of(victim).map((e) => e.envelope.streamVersion)).toEqual([3]);
    } finally {
      byQuery.close();
      byHeader.close();
    }
  });

  it('delivers a burst larger than the connection’s buffer whole and in order', async () => {
    const victim = `victim-burst-${randomUUID().slice(0, 8)}`;
    const client = await openStream(operator('MOFA'));
    try {
      const burst = [victimReported(victim), ...Array.from({ length: 24 }, () => victimRescued(victim))];
      await store.append(victim, 0, burst);
      await client.waitFor('the whole burst', () => client.of(victim).length >= burst.length);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(client.of(victim).map((e) => e.envelope.streamVersion)).toEqual(burst.map((_, i) => i + 1));
    } finally {
      client.close();
    }
  });
});

describe('a slow client', () => {
  it('is held to its buffer while its socket pushes back, then receives every event in order', async () => {
    const run = randomUUID().slice(0, 8);
    const streams = Array.from({ length: 20 }, (_, i) => `victim-slow-${run}-${i}`);
    const token = await signToken(secret, operator('MOFA'), '5m');
    const request = http.get(`${baseUrl}/streams/events`, { headers: { authorization: `Bearer ${token}` } });
    const [response] = (await once(request, 'response')) as [http.IncomingMessage];
    response.setEncoding('utf8');
    let text = '';
    await new Promise<void>((resolve) => {
      const read = (chunk: string) => {
        text += chunk;
        if (!text.includes(': connected')) return;
        response.off('data', read);
        response.pause();
        resolve();
      };
      response.on('data', read);
    });
    const server = streamResponses.at(-1)!;
    const closeListeners = server.listenerCount('close');
    try {
      // About 6 MB, more than the loopback socket buffers take (about 4) while the client reads nothing, in
      // events small enough that a relay's batch of 500 never exceeds the broker's 1 MiB limit on
      // one partition (every relay running on the shared database publishes them).
      const note = 'x'.repeat(1000);
      const perStream = 200;
      for (const streamId of streams) {
        const burst = Array.from({ length: perStream }, () => ({
          ...victimRescued(streamId),
          type: 'VictimFollowUpStarted',
          data: { caseId: streamId, note },
        }));
        await store.append(streamId, 0, burst);
      }
      const deadline = Date.now() + 30_000;
      while (!server.writableNeedDrain) {
        if (Date.now() > deadline) throw new Error('the socket never pushed back');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.resume();
      const frame = new RegExp(`"streamId":"(victim-slow-${run}-\\d+)","streamVersion":(\\d+)`, 'g');
      let received: RegExpExecArray[] = [];
      while (received.length < streams.length * perStream) {
        if (Date.now() > deadline + 15_000) throw new Error(`only ${received.length} events arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        received = [...text.matchAll(frame)];
      }
      for (const streamId of streams) {
        const versions = received.filter((m) => m[1] === streamId).map((m) => Number(m[2]));
        expect(versions, streamId).toEqual(Array.from({ length: perStream }, (_, i) => i + 1));
      }
      // Each wait for the socket removed its listeners: none piled up on the response.
      expect(server.listenerCount('close')).toBe(closeListeners);
      expect(server.listenerCount('drain')).toBe(0);
    } finally {
      request.destroy();
    }
  }, 60_000);
});

describe('the stream’s edges', () => {
  it('refuses auditors (403) and an id it never sent (400) with problem documents', async () => {
    const auditor = await signToken(secret, { ...operator('MOFA'), role: 'auditor' }, '5m');
    const refused = await app.inject({ method: 'GET', url: '/streams/events', headers: { authorization: `Bearer ${auditor}` } });
    expect(refused.statusCode).toBe(403);
    const analystToken = await signToken(secret, operator('MOFA'), '5m');
    for (const request of [
      { url: '/streams/events', headers: { 'last-event-id': 'not-an-id' } },
      { url: '/streams/events?lastEventId=12', headers: {} },
    ]) {
      const bad = await app.inject({
        method: 'GET',
        url: request.url,
        headers: { authorization: `Bearer ${analystToken}`, ...request.headers },
      });
      expect(bad.statusCode, request.url).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('ends a stream when its bearer token expires, saying why', async () => {
    // Token expiry is in whole seconds: a 1 s token signed just before a second ticks over can be
    // expired when it arrives, so give it 2 s.
    const client = await openStream(operator('MOFA'), {}, baseUrl, '2s');
    const started = Date.now();
    await client.ended;
    expect(Date.now() - started).toBeLessThan(4500);
    expect(client.comments).toContain('the bearer token expired; reconnect with a new one');
  });

  it('ends open streams when the server closes, without waiting for the clients', async () => {
    const own = await buildStreamingApi();
    const client = await openStream(operator('NPA'), {}, own.url);
    const started = Date.now();
    await own.api.close();
    await client.ended;
    expect(Date.now() - started).toBeLessThan(4000);
    expect(client.status).toBe(200);
  });
});
