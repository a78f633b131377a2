// Connection settings of the application processes (worker, API, relay, projectors).
// Read from the environment, as docker-compose sets them; defaults point at the local stack.
import { appEnv, loadStackConfig } from './config.ts';

export interface Settings {
  databaseUrl: string;
  kafkaBrokers: string[];
  temporalAddress: string;
  temporalNamespace: string;
  apiPort: number;
  taskQueue: string;
  /** Kafka topics are `<topicPrefix>.<case kind>.events`; tests use a fresh prefix each. */
  topicPrefix: string;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const defaults = appEnv(loadStackConfig(env));
  return {
    databaseUrl: env.DATABASE_URL ?? defaults.DATABASE_URL,
    kafkaBrokers: (env.KAFKA_BROKERS ?? defaults.KAFKA_BROKERS).split(',').map((b) => b.trim()),
    temporalAddress: env.TEMPORAL_ADDRESS ?? defaults.TEMPORAL_ADDRESS,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? defaults.TEMPORAL_NAMESPACE,
    apiPort: Number(env.TASKFORCE_API_PORT ?? defaults.TASKFORCE_API_PORT),
    taskQueue: env.TASKFORCE_TASK_QUEUE ?? 'taskforce-cases',
    topicPrefix: env.TASKFORCE_TOPIC_PREFIX ?? 'taskforce',
  };
}
