// Kafka topic names of the per-agency streams, and who an agency topic is written for. Keyed by
// stream id like the case topics, so a case's events stay in order on one partition.
import type { Caller } from '../access/caller.ts';
import { Agency } from '../events/envelope.ts';
import type { Kafka } from '../kafka/client.ts';
import { createTopics } from '../kafka/create-topics.ts';

export function agencyTopic(topicPrefix: string, agency: Agency): string {
  return `${topicPrefix}.agency.${agency}.events`;
}

/**
 * The reader whose view an agency topic carries: the agency's liaison with the highest clearance,
 * and no case assignment. A topic is copied into the agency's own systems, beyond the taskforce's
 * audit and out of an erasure's reach, so it carries what the taskforce passes to an agency through
 * its liaison officers (access/need-to-know.ts): identities and whereabouts within the agency's
 * categories, never contact details or statements, nor assignment-only categories (e.g. a victim's
 * location for the police); the policy still keeps SECRET material with the agencies allowed it.
 * Staff who need more read it over the API; systems that serve lower-cleared staff filter further
 * by the `taskforce-classification` header of each message.
 */
export function agencyTopicReader(agency: Agency): Caller {
  return { userId: `agency-topic:${agency}`, agency, role: 'liaison', clearance: 'SECRET' };
}

/** Creates the topic of every agency that does not exist yet, keeping messages for `retentionMs`. */
export async function ensureAgencyTopics(kafka: Kafka, topicPrefix: string, partitions: number, retentionMs: number): Promise<void> {
  await createTopics(
    kafka,
    Agency.options.map((agency) => ({
      topic: agencyTopic(topicPrefix, agency),
      numPartitions: partitions,
      configEntries: [{ name: 'retention.ms', value: String(retentionMs) }],
    })),
  );
}
