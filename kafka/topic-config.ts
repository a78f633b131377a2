// A topic's configuration as the broker holds it: what topic creation set (an agency topic's
// retention, say), read back.
import kafkajs, { type Kafka } from 'kafkajs';

/** The value of the setting `name` of `topic`, or undefined if the broker reports none. */
export async function topicConfig(kafka: Kafka, topic: string, name: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      // kafkajs's named exports are not all visible to an ES module: this one is reached through the default.
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
    });
    return resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
  } finally {
    await admin.disconnect();
  }
}
