// Connection settings of the application processes (worker, API, relay, projectors).
// Read from the environment, as docker-compose sets them; defaults point at the local stack.
import { appEnv, loadStackConfig, ownerDatabaseUrl } from './config.ts';

export interface Settings {
  /** The application's role (taskforce_app): it appends events and writes read models, nothing more. */
  databaseUrl: string;
  kafkaBrokers: string[];
  temporalAddress: string;
  temporalNamespace: string;
  apiPort: number;
  /** The API's listening address: loopback unless a deployment says otherwise. */
  apiHost: string;
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
    apiHost: env.TASKFORCE_API_HOST ?? '127.0.0.1',
    taskQueue: env.TASKFORCE_TASK_QUEUE ?? 'taskforce-cases',
    topicPrefix: env.TASKFORCE_TOPIC_PREFIX ?? 'taskforce',
  };
}

/** Where `taskforce migrate` connects: DATABASE_OWNER_URL, the role that owns the schema, or the local stack's owner. */
export function migrationDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_OWNER_URL ?? ownerDatabaseUrl(loadStackConfig(env));
}
