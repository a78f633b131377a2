// The agency router against the real PostgreSQL and Kafka: events appended to the store, published
// by the relay, arrive on each agency's topic only when that agency may see them, redacted by its
// own categories. The tests read the agency topics once the router has committed past the events
// on the case topics (offsets are committed only after the copies are acknowledged), so what is
// absent there was never written; a restarted router carries on where the last one stopped.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../access/redact.ts';
import { Agency, type EventEnvelope } from '../../events/envelope.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { type RelayHandle, startRelay } from '../../eventstore/relay.ts';
import { loadSettings } from '../../infra/settings.ts';
import { kafkaClient } from '../../kafka/client.ts';
import { topicConfig } from '../../kafka/topic-config.ts';
import { caseTopic } from '../../kafka/topics.ts';
import {
  agencyProduceRequests,
  type RouterHandle,
  type RouterSettings,
  routerSettingsFromEnv,
  startAgencyRouter,
} from '../../streams/agency-router.ts';
import { agencyTopic } from '../../streams/agency-topics.ts';
import { CaseKind } from '../../workflows/kinds.ts';
import {
  ARREST_LOCATION,
  appendCampaign,
  type Campaign,
  INTELLIGENCE_SUSPECT_NAME,
  newCampaign,
  SUSPECT_NAME,
  suspectArrested,
  VICTIM_LOCATION,
  VICTIM_NAME,
} from './agency-stream-support.ts';
import { isolatedRelaySettings } from './relay-support.ts';

interface TopicMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  headers: Record<string, string>;
  envelope: EventEnvelope;
}

const settings = loadSettings();
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
const store = new EventStore(pool);
const kafka = kafkaClient(settings, 'agency-stream-test');
const relaySettings = isolatedRelaySettings();
const prefix = relaySettings.topicPrefix;
const routerSettings: RouterSettings = {
  ...routerSettingsFromEnv({ ...process.env, TASKFORCE_TOPIC_PREFIX: prefix }),
  log: () => undefined,
};
let relay: RelayHandle;
const routers: RouterHandle[] = [];

async function startRouter(): Promise<RouterHandle> {
  const router = await startAgencyRouter(routerSettings);
  routers.push(router);
  return router;
}

// Generous: the relay publishes only below the oldest transaction in flight on the shared database,
// and another test may hold one open for a while.
const PATIENCE_MS = 45_000;

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads `topics` from the beginning until `done` holds for what was read (in each partition's order). */
async function readTopics(topics: string[], done: (read: TopicMessage[]) => boolean): Promise<TopicMessage[]> {
  const read: TopicMessage[] = [];
  if (done(read)) return read;
  const consumer = kafka.consumer({ groupId: `agency-stream-test-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topics} timed out after ${read.length} messages`)), PATIENCE_MS);
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          read.push({
            topic,
            partition,
            offset: BigInt(message.offset),
            key: message.key!.toString(),
            headers,
            envelope: JSON.parse(message.value!.toString()),
          });
          if (done(read)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return read;
}

/** Every message on the agency's topic up to its current end. */
async function readAgencyTopic(agency: Agency): Promise<TopicMessage[]> {
  const topic = agencyTopic(prefix, agency);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const end = new Map(ends.map((e) => [e.partition, BigInt(e.high)]));
  return readTopics([topic], (read) =>
    [...end].every(([partition, high]) => high === 0n || read.some((m) => m.partition === partition && m.offset + 1n >= high)),
  );
}

/**
 * Waits until the router has committed past every event of these streams on the case topics: by
 * the router's contract, their copies are then on the agency topics. (The relay publishes every
 * test's events on the shared database, so counting routed events would prove nothing.)
 */
async function waitUntilRouted(streamIds: string[], count: number): Promise<void> {
  const caseTopics = CaseKind.options.map((kind) => caseTopic(prefix, kind));
  const ours = (m: TopicMessage) => streamIds.includes(m.envelope.streamId);
  const published = (await readTopics(caseTopics, (read) => read.filter(ours).length >= count)).filter(ours);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor('the router to commit past the events', async () => {
      const committed = await admin.fetchOffsets({ groupId: routerSettings.groupId, topics: caseTopics });
      return published.every((m) => {
        const offset = committed.find((c) => c.topic === m.topic)?.partitions.find((p) => p.partition === m.partition)?.offset;
        return offset !== undefined && BigInt(offset) > m.offset;
      });
    });
  } finally {
    await admin.disconnect();
  }
}

/** What a topic holds of one stream, by type, duplicates (at least once) dropped. */
function ofStream(messages: TopicMessage[], streamId: string): Map<string, EventEnvelope> {
  const byType = new Map<string, EventEnvelope>();
  for (const { envelope } of messages.filter((m) => m.envelope.streamId === streamId)) byType.set(envelope.type, envelope);
  return byType;
}

let campaign: Campaign;
let router: RouterHandle;
const topics = new Map<Agency, TopicMessage[]>();

beforeAll(async () => {
  relay = startRelay(relaySettings);
  await relay.active;
  router = await startRouter();
  campaign = newCampaign();
  const appended = await appendCampaign(store, campaign);
  await waitUntilRouted(Object.values(campaign), appended);
  for (const agency of Agency.options) topics.set(agency, await readAgencyTopic(agency));
});

afterAll(async () => {
  await Promise.all(routers.map((r) => r.stop()));
  await relay?.stop();
  await pool.end();
});

describe('the agency router', () => {
  it('gives MOFA the victim’s whereabouts and the suspect’s identity, but not where the suspect was arrested', () => {
    const mofa = topics.get('MOFA')!;
    const victim = ofStream(mofa, campaign.victim);
    expect([...victim.keys()]).toEqual(['VictimReported', 'VictimLocated', 'VictimRescued']);
    expect(victim.get('VictimReported')!.data).toMatchObject({ personName: VICTIM_NAME, lastKnownLocation: VICTIM_LOCATION });
    // A topic carries what the agency's liaison may see: whereabouts, never contact details.
    expect(victim.get('VictimReported')!.data.contactPhone).toBe(REDACTED);
    expect(victim.get('VictimLocated')!.data.location).toBe(VICTIM_LOCATION);
    const suspect = ofStream(mofa, campaign.suspect);
    expect(suspect.get('SuspectIdentified')!.data.personName).toBe(SUSPECT_NAME);
    expect(suspect.get('SuspectArrested')!.data.location).toBe(REDACTED);
  });

  it('gives the host police nothing of the victim, and the suspect’s arrest location in clear', () => {
    const hostPolice = topics.get('HOST_POLICE')!;
    expect(hostPolice.some((m) => m.envelope.streamId === campaign.victim)).toBe(false);
    const suspect = ofStream(hostPolice, campaign.suspect);
    expect(suspect.get('SuspectArrested')!.data).toMatchObject({ arrestedBy: 'HOST_POLICE', location: ARREST_LOCATION });
    expect(suspect.get('SuspectIdentified')!.data.personName).toBe(SUSPECT_NAME);
  });

  it('gives the police the victim’s identity but not the whereabouts, which only officers assigned to the case see', () => {
    const victim = ofStream(topics.get('NPA')!, campaign.victim);
    expect(victim.get('VictimReported')!.data).toMatchObject({
      personName: VICTIM_NAME,
      lastKnownLocation: REDACTED,
      contactPhone: REDACTED,
    });
    expect(victim.get('VictimLocated')!.data.location).toBe(REDACTED);
  });

  it('keeps a SECRET identification from intelligence on NIS’s topic alone', () => {
    for (const agency of Agency.options) {
      const secret = topics.get(agency)!.filter((m) => m.envelope.streamId === campaign.intelligenceSuspect);
      if (agency === 'NIS') {
        expect(secret.map((m) => [m.envelope.classification, m.envelope.data.personName])).toEqual([['SECRET', INTELLIGENCE_SUSPECT_NAME]]);
      } else {
        expect(secret, agency).toEqual([]);
      }
    }
    const others = Agency.options.filter((agency) => agency !== 'NIS').flatMap((agency) => topics.get(agency)!.map((m) => m.envelope));
    expect(JSON.stringify(others)).not.toContain(INTELLIGENCE_SUSPECT_NAME);
  });

  it('writes each copy as a CloudEvent keyed by its case, in the case’s order, with its classification in a header', async () => {
    const mofa = topics.get('MOFA')!.filter((m) => m.envelope.streamId === campaign.victim);
    expect(mofa.map((m) => m.envelope.streamVersion)).toEqual([1, 2, 3]);
    const original = (await store.readStream(campaign.victim))[1]!;
    expect(mofa[1]).toMatchObject({
      key: campaign.victim,
      headers: {
        ce_specversion: '1.0',
        ce_id: original.eventId,
        ce_type: 'VictimLocated',
        ce_source: '/taskforce/victim',
        ce_subject: campaign.victim,
        'taskforce-stream-version': '2',
        'taskforce-classification': 'CONFIDENTIAL',
      },
    });
    expect(mofa[1]!.envelope).toEqual(original);
  });

  it('opens the victim’s sealed values for the agencies that may see them, on topics that keep them for a bounded time', async () => {
    const onCaseTopic = await readTopics([caseTopic(prefix, 'victim')], (read) =>
      read.some((m) => m.envelope.streamId === campaign.victim),
    );
    const sealed = onCaseTopic.find((m) => m.envelope.streamId === campaign.victim)!;
    expect(JSON.stringify(sealed.envelope)).not.toContain(VICTIM_LOCATION);
    expect(ofStream(topics.get('MOFA')!, campaign.victim).get('VictimReported')!.data.lastKnownLocation).toBe(VICTIM_LOCATION);
    expect(await topicConfig(kafka, agencyTopic(prefix, 'MOFA'), 'retention.ms')).toBe(String(routerSettings.agencyRetentionMs));
  });

  it('resumes after a restart from the committed offsets: new events arrive, routed ones are not routed again', async () => {
    await router.stop();
    routers.splice(routers.indexOf(router), 1);
    await startRouter();
    const another = `suspect-stream-${randomUUID().slice(0, 8)}`;
    await store.append(another, 0, [suspectArrested(another)]);
    await waitUntilRouted([another], 1);
    const hostPolice = await readAgencyTopic('HOST_POLICE');
    expect(ofStream(hostPolice, another).get('SuspectArrested')!.data.location).toBe(ARREST_LOCATION);
    const suspectCopies = hostPolice.filter((m) => m.envelope.streamId === campaign.suspect);
    expect(suspectCopies.map((m) => m.envelope.streamVersion)).toEqual([1, 2]);
  });

  it('splits a batch of large copies into produce requests the broker accepts, keeping each topic’s order', () => {
    const messages = Array.from({ length: 600 }, (_, i) => ({ key: `suspect-${i % 7}`, value: `${i}:${'x'.repeat(1900)}` }));
    const requests = agencyProduceRequests(
      prefix,
      new Map([
        ['MOFA', messages],
        ['NPA', messages.slice(0, 100)],
      ] as const),
    );
    expect(requests.length).toBeGreaterThan(2);
    for (const request of requests) {
      const bytes = request.flatMap((t) => t.messages).reduce((sum, m) => sum + String(m.value).length + String(m.key).length, 0);
      expect(bytes).toBeLessThanOrEqual(512 * 1024);
    }
    const sent = (agency: Agency) =>
      requests.flatMap((r) => r.filter((t) => t.topic === agencyTopic(prefix, agency)).flatMap((t) => t.messages.map((m) => m.value)));
    expect(sent('MOFA')).toEqual(messages.map((m) => m.value));
    expect(sent('NPA')).toEqual(messages.slice(0, 100).map((m) => m.value));
  });
});
