// Kafka's logins and ACLs against the real broker: a client must log in (SASL/SCRAM) with a known
// password; an agency's principal reads its own topic in a group named after it, and is refused
// another agency's topic, the case topics and any other group; the relay writes the case topics
// and reads nothing; the router and the projectors read them in their own groups. Each test run grants the ACLs for topics and groups of its own prefix.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agency } from '../../events/envelope.ts';
import { developmentKafkaPassword, type KafkaLogin } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
import { grantPipelineAcls, type PipelineNames } from '../../kafka/acls.ts';
import { type Kafka, kafkaClient, type ProbeOptions } from '../../kafka/client.ts';
import { describeCluster } from '../../kafka/cluster.ts';
import { agencyPrincipal } from '../../kafka/principals.ts';
import { orderedProducer } from '../../kafka/producer.ts';
import { caseTopic, ensureCaseTopics } from '../../kafka/topics.ts';
import { agencyTopic, ensureAgencyTopics } from '../../streams/agency-topics.ts';
import { CaseKind } from '../../workflows/kinds.ts';

const settings = loadSettings();
const prefix = `acl-${randomUUID()}`;
const names: PipelineNames = {
  topicPrefix: prefix,
  agencyTopic: (agency) => agencyTopic(prefix, agency),
  routerGroup: `${prefix}.agency-router`,
  projectionGroupPrefix: `${prefix}.projection`,
};
const MOFA_TOPIC = agencyTopic(prefix, 'MOFA');
const NPA_TOPIC = agencyTopic(prefix, 'NPA');
const VICTIM_TOPIC = caseTopic(prefix, 'victim');

function developmentLogin(principal: string): KafkaLogin {
  return { username: principal, password: developmentKafkaPassword(principal) };
}

/** A client as `login`; by default one that gives up at the first refusal. */
function clientAs(login: KafkaLogin | null, name: string, probe: ProbeOptions = { retries: 0, timeoutMs: 5000 }): Kafka {
  return kafkaClient({ kafkaBrokers: settings.kafkaBrokers, kafkaLogin: login }, `kafka-acls-test-${name}`, probe);
}

/**
 * A group the principal may not use: the broker answers the coordinator lookup with
 * GROUP_AUTHORIZATION_FAILED, which kafkajs reports as not finding the coordinator.
 */
const GROUP_REFUSED = /GROUP_AUTHORIZATION_FAILED|Failed to find group coordinator/;

const admin = kafkaClient(settings, 'kafka-acls-test-admin');
const mofa = clientAs(developmentLogin(agencyPrincipal('MOFA')), 'mofa');

/** The error's kafkajs type (e.g. TOPIC_AUTHORIZATION_FAILED), its name, and its causes', with their messages. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { type?: string; name?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    parts.push(`${e.type ?? e.name}: ${e.message}`);
  }
  return parts.join(' <- ');
}

/** The first message's value read from `topic` in `groupId`, or the error that stopped the consumer. */
async function readFirst(kafka: Kafka, topic: string, groupId: string): Promise<string> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 0 } });
  try {
    return await new Promise<string>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      const timer = setTimeout(() => reject(new Error(`nothing read from ${topic} within 30 s`)), 30_000);
      (async () => {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message.value?.toString() ?? '');
          },
        });
      })().catch((error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    return describeError(error);
  }
  throw new Error('the broker allowed it');
}

beforeAll(async () => {
  await grantPipelineAcls(admin, names);
  await ensureCaseTopics(admin, prefix, 1);
  await ensureAgencyTopics(admin, prefix, 1, 3_600_000);
  const producer = orderedProducer(admin);
  await producer.connect();
  await producer.sendBatch({
    acks: -1,
    topicMessages: [MOFA_TOPIC, NPA_TOPIC, VICTIM_TOPIC].map((topic) => ({ topic, messages: [{ key: 'k', value: `on ${topic}` }] })),
  });
  await producer.disconnect();
});

afterAll(async () => {
  const cleanup = admin.admin();
  await cleanup.connect();
  const topics = [...CaseKind.options.map((kind) => caseTopic(prefix, kind)), ...Agency.options.map(names.agencyTopic)];
  await cleanup.deleteTopics({ topics }).catch(() => undefined);
  await cleanup.disconnect();
});

describe('Kafka logins', () => {
  it('refuses a client that does not log in, and one with a wrong password', async () => {
    // A client that asks for anything before the SASL handshake has its connection closed.
    expect(await refusal(describeCluster(clientAs(null, 'anonymous')))).toMatch(/Closed connection/);
    expect(await refusal(describeCluster(clientAs({ username: 'agency-MOFA', password: 'guessed' }, 'guesser')))).toMatch(
      /SASL|authentication/i,
    );
  });

  it('lets a principal with its password in', async () => {
    expect((await describeCluster(mofa)).brokers).toBeGreaterThan(0);
  });
});

describe("an agency's principal", () => {
  it('reads its own topic, in a consumer group named after it', async () => {
    expect(await readFirst(mofa, MOFA_TOPIC, `${MOFA_TOPIC}.test-${randomUUID()}`)).toBe(`on ${MOFA_TOPIC}`);
  });

  it("is refused another agency's topic", async () => {
    expect(await refusal(readFirst(mofa, NPA_TOPIC, `${MOFA_TOPIC}.test-${randomUUID()}`))).toMatch(/TOPIC_AUTHORIZATION_FAILED/);
  });

  it('is refused the case topics, where every contact is in clear', async () => {
    expect(await refusal(readFirst(mofa, VICTIM_TOPIC, `${MOFA_TOPIC}.test-${randomUUID()}`))).toMatch(/TOPIC_AUTHORIZATION_FAILED/);
  });

  it('is refused a consumer group not named after its topic, such as the router’s', async () => {
    expect(await refusal(readFirst(mofa, MOFA_TOPIC, names.routerGroup))).toMatch(GROUP_REFUSED);
  });
});

describe("the relay's principal", () => {
  const relay = clientAs(developmentLogin('relay'), 'relay');

  it('writes the case topics, and no agency topic', async () => {
    // The idempotent producer needs kafkajs's retries; a refusal is never retried.
    const producer = orderedProducer(clientAs(developmentLogin('relay'), 'relay-producer', {}));
    await producer.connect();
    try {
      await producer.send({ topic: VICTIM_TOPIC, acks: -1, messages: [{ key: 'k', value: 'from the relay' }] });
      expect(await refusal(producer.send({ topic: MOFA_TOPIC, acks: -1, messages: [{ key: 'k', value: 'forged' }] }))).toMatch(
        /TOPIC_AUTHORIZATION_FAILED/,
      );
    } finally {
      await producer.disconnect();
    }
  });

  it('cannot read them: it has no consumer group', async () => {
    expect(await refusal(readFirst(relay, VICTIM_TOPIC, `${names.projectionGroupPrefix}.test-${randomUUID()}`))).toMatch(GROUP_REFUSED);
  });
});

describe("the router's and the projectors' principals", () => {
  it('the router reads the case topics in its group and writes the agency topics', async () => {
    const router = clientAs(developmentLogin('router'), 'router');
    await ensureCaseTopics(router, prefix, 1);
    await ensureAgencyTopics(router, prefix, 1, 3_600_000);
    expect(await readFirst(router, VICTIM_TOPIC, names.routerGroup)).toBe(`on ${VICTIM_TOPIC}`);
    const producer = orderedProducer(clientAs(developmentLogin('router'), 'router-producer', {}));
    await producer.connect();
    await producer.send({ topic: NPA_TOPIC, acks: -1, messages: [{ key: 'k', value: 'routed' }] });
    await producer.disconnect();
  });

  it('a projector reads the case topics in its groups, a rebuild’s too, and no agency topic', async () => {
    const projector = clientAs(developmentLogin('projector'), 'projector');
    await ensureCaseTopics(projector, prefix, 1);
    const group = `${names.projectionGroupPrefix}.case-list`;
    expect(await readFirst(projector, VICTIM_TOPIC, group)).toBe(`on ${VICTIM_TOPIC}`);
    expect(await readFirst(projector, VICTIM_TOPIC, `${group}.rebuild-${randomUUID()}`)).toBe(`on ${VICTIM_TOPIC}`);
    expect(await refusal(readFirst(projector, MOFA_TOPIC, `${group}.rebuild-${randomUUID()}`))).toMatch(/TOPIC_AUTHORIZATION_FAILED/);
  });
});
