// The names the Kafka ACLs are granted for (kafka/acls.ts), read from the environment exactly as the
// router and the projectors read them, so a prefix or group set there is the one granted.
import type { PipelineNames } from '../kafka/acls.ts';
import { projectionSettingsFromEnv } from '../projections/settings.ts';
import { agencyTopic } from './agency-topics.ts';
import { routerSettingsFromEnv } from './router-settings.ts';

export function pipelineNamesFromEnv(env: NodeJS.ProcessEnv = process.env): PipelineNames {
  const router = routerSettingsFromEnv(env);
  return {
    topicPrefix: router.topicPrefix,
    agencyTopic: (agency) => agencyTopic(router.topicPrefix, agency),
    routerGroup: router.groupId,
    projectionGroupPrefix: projectionSettingsFromEnv(env).groupPrefix,
  };
}
