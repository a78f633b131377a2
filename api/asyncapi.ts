// The events this system publishes, as an AsyncAPI 3.0 document generated from the zod catalogue
// through the registry, so it cannot drift from the code: the case topics the relay writes, the
// per-agency topics the router writes, and the Server-Sent Events stream of the API. Every
// message is a domain event envelope whose `data` is its type's schema, with each personal field
// marked `x-personal-data` (its category), and the CloudEvents headers it travels with on Kafka.
import { z } from 'zod';
import { mayAccessKind } from '../access/need-to-know.ts';
import { allEventDefinitions, type CataloguedEvent } from '../events/catalogue.ts';
import { Agency, EventEnvelope } from '../events/envelope.ts';
import { personalData } from '../events/personal-data.ts';
import { caseTopic } from '../kafka/topics.ts';
import { agencyTopic, agencyTopicReader } from '../streams/agency-topics.ts';
import { CASE_KINDS } from '../workflows/kinds.ts';

type Schema = Record<string, unknown>;

/** AsyncAPI's default schema format is JSON Schema draft 7 (with extensions such as `x-personal-data`). */
function draft7(schema: z.ZodType): Schema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => {
      const mark = personalData.get(ctx.zodSchema);
      if (mark) ctx.jsonSchema['x-personal-data'] = mark.category;
    },
  }) as Schema;
  return json;
}

const CLOUD_EVENTS_HEADERS: Schema = {
  type: 'object',
  description: 'CloudEvents 1.0 in Kafka binary mode: the attributes as ce_* headers, the envelope as the value (kafka/cloudevents.ts)',
  properties: {
    ce_specversion: { type: 'string', const: '1.0' },
    ce_id: { type: 'string', description: 'the event id' },
    ce_source: { type: 'string', description: '/taskforce/<case kind>' },
    ce_type: { type: 'string', description: 'the event type' },
    ce_subject: { type: 'string', description: 'the case (stream) id; also the message key' },
    ce_time: { type: 'string', format: 'date-time', description: 'when the fact happened' },
    ce_traceparent: {
      type: 'string',
      pattern: '^[\\da-f]{2}-[\\da-f]{32}-[\\da-f]{16}-[\\da-f]{2}$',
      description: 'the W3C traceparent of the command that appended the event (CloudEvents distributed tracing), when tracing was on',
    },
    'content-type': { type: 'string', const: 'application/json' },
    'taskforce-stream-version': { type: 'string', description: "the event's version in its stream" },
    'taskforce-schema-version': { type: 'string', description: "the version of the event type's schema" },
    'taskforce-classification': { type: 'string', enum: ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] },
  },
  required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_subject', 'ce_time', 'taskforce-classification'],
};

function message(definition: CataloguedEvent): Schema {
  return {
    name: definition.type,
    title: definition.type,
    summary: definition.description,
    contentType: 'application/json',
    headers: { $ref: '#/components/schemas/CloudEventsHeaders' },
    payload: draft7(EventEnvelope.extend({ data: definition.data })),
    'x-case-kind': definition.kind,
    'x-schema-version': definition.version,
    'x-classification': definition.classification,
  };
}

const ref = (type: string) => ({ $ref: `#/components/messages/${type}` });
const messagesOf = (definitions: readonly CataloguedEvent[]) => Object.fromEntries(definitions.map((d) => [d.type, ref(d.type)]));

export function asyncApiDocument(version: string, topicPrefix = 'taskforce'): Schema {
  const definitions = allEventDefinitions();
  const channels: Record<string, Schema> = {};
  const operations: Record<string, Schema> = {};

  for (const { kind } of CASE_KINDS) {
    const channel = `${kind}CaseEvents`;
    channels[channel] = {
      address: caseTopic(topicPrefix, kind),
      servers: [{ $ref: '#/servers/kafka' }],
      description:
        `Every event of every ${kind} case, in commit order per case (key = case id), at least once. Personal values of victim ` +
        'cases are sealed (ciphertext that their case key opens; erasure destroys the key): consumers open them where they show them.',
      messages: messagesOf(definitions.filter((d) => d.kind === kind)),
    };
    operations[`publish${kind[0]!.toUpperCase()}${kind.slice(1)}CaseEvents`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channel}` },
      summary: 'The outbox relay publishes what the event store committed (eventstore/relay.ts).',
    };
  }

  for (const agency of Agency.options) {
    const reader = agencyTopicReader(agency);
    const seen = definitions.filter((d) => mayAccessKind(reader, d.kind));
    if (seen.length === 0) continue;
    const channel = `agency${agency}Events`;
    channels[channel] = {
      address: agencyTopic(topicPrefix, agency),
      servers: [{ $ref: '#/servers/kafka' }],
      description:
        `The events ${agency}'s liaison officers may see, redacted for it by the one policy (access/): kinds it does not work, ` +
        'SECRET material it may not read and events of a case already more secret than that are left out, personal fields ' +
        'outside its liaisons\' categories read "[REDACTED]". Filter further by the taskforce-classification header for staff ' +
        'of lower clearance.',
      messages: messagesOf(seen),
    };
    operations[`receive${agency}Events`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channel}` },
      summary: `${agency}'s systems read their agency topic (the agency router writes it: streams/agency-router.ts).`,
    };
  }

  channels.eventStream = {
    address: '/streams/events',
    servers: [{ $ref: '#/servers/api' }],
    description:
      'GET /streams/events as Server-Sent Events: each message has `id` (a position to resume after with Last-Event-ID), `event` ' +
      "(the event type) and `data` (the envelope, redacted for the caller). Only what the caller's role and clearance allow.",
    messages: messagesOf(definitions),
  };
  operations.receiveEventStream = {
    action: 'receive',
    channel: { $ref: '#/channels/eventStream' },
    summary: 'A signed-in caller follows the events it may see, live.',
    bindings: { http: { method: 'GET' } },
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Taskforce domain events',
      version,
      description:
        'The domain events of the taskforce case backend, generated from the event catalogue (workflows/<kind>/events.ts). ' +
        "Fields marked x-personal-data carry personal data of that category. Topic names start with the deployment's " +
        'TASKFORCE_TOPIC_PREFIX (`taskforce` here, the default).',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: 'localhost:9092', protocol: 'kafka', description: 'the Kafka cluster (KAFKA_BROKERS)' },
      api: { host: 'localhost:3000', protocol: 'http', description: 'the HTTP API (TASKFORCE_API_PORT)' },
    },
    channels,
    operations,
    components: {
      schemas: { CloudEventsHeaders: CLOUD_EVENTS_HEADERS },
      messages: Object.fromEntries(definitions.map((definition) => [definition.type, message(definition)])),
    },
  };
}
