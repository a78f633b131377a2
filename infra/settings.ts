// Connection settings of the application processes (worker, API, relay, projectors).
// Read from the environment, as docker-compose sets them; defaults point at the local stack.
import {
  appEnv,
  developmentKafkaPassword,
  KAFKA_ADMIN_PRINCIPAL,
  type KafkaLogin,
  loadStackConfig,
  type MetricsEndpoint,
  ownerDatabaseUrl,
} from './config.ts';
import { loadTemporalConnection, type TemporalConnection } from './temporal-connection.ts';

export interface Settings {
  /** The application's role (taskforce_app): it appends events and writes read models, nothing more. */
  databaseUrl: string;
  kafkaBrokers: string[];
  /**
   * Who this process is to Kafka (SASL/SCRAM-SHA-512): KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD,
   * one principal per process (kafka/principals.ts). Unset, the local stack's admin principal, and
   * a principal's development password, stand in (refused outside a local stack, infra/secrets.ts).
   */
  kafkaLogin: KafkaLogin;
  /** KAFKA_TLS_CA_FILE: talk to Kafka over TLS, trusting the certificate authority in this PEM file; unset: no TLS (the local stack's loopback). */
  kafkaTlsCaFile: string | undefined;
  /** How to reach Temporal: address, namespace, TLS and API key (infra/temporal-connection.ts); connect with `temporal.connectOptions`. */
  temporal: TemporalConnection;
  /** `temporal.connectOptions.address`, for messages and the loopback check. */
  temporalAddress: string;
  temporalNamespace: string;
  apiPort: number;
  /** The API's listening address: loopback unless a deployment says otherwise. */
  apiHost: string;
  taskQueue: string;
  /** Kafka topics are `<topicPrefix>.<case kind>.events`; tests use a fresh prefix each. */
  topicPrefix: string;
  /** TASKFORCE_METRICS_HOST: where the metrics endpoints listen, loopback unless a deployment says otherwise. */
  metricsHost: string;
  /** The port of each metrics endpoint (infra/config.ts); 0: none. */
  metricsPorts: Record<MetricsEndpoint, number>;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const stack = loadStackConfig(env);
  const defaults = appEnv(stack);
  const temporal = loadTemporalConnection(env, { address: defaults.TEMPORAL_ADDRESS, namespace: defaults.TEMPORAL_NAMESPACE });
  return {
    databaseUrl: env.DATABASE_URL ?? defaults.DATABASE_URL,
    kafkaBrokers: (env.KAFKA_BROKERS ?? defaults.KAFKA_BROKERS).split(',').map((b) => b.trim()),
    kafkaLogin: kafkaLoginFromEnv(env),
    kafkaTlsCaFile: env.KAFKA_TLS_CA_FILE || undefined,
    temporal,
    temporalAddress: temporal.connectOptions.address,
    temporalNamespace: temporal.namespace,
    apiPort: Number(env.TASKFORCE_API_PORT ?? defaults.TASKFORCE_API_PORT),
    apiHost: env.TASKFORCE_API_HOST ?? '127.0.0.1',
    taskQueue: env.TASKFORCE_TASK_QUEUE ?? 'taskforce-cases',
    topicPrefix: env.TASKFORCE_TOPIC_PREFIX ?? 'taskforce',
    metricsHost: env.TASKFORCE_METRICS_HOST ?? '127.0.0.1',
    metricsPorts: stack.metricsPorts,
  };
}

function kafkaLoginFromEnv(env: NodeJS.ProcessEnv): KafkaLogin {
  const username = env.KAFKA_SASL_USERNAME || KAFKA_ADMIN_PRINCIPAL;
  return { username, password: env.KAFKA_SASL_PASSWORD || developmentKafkaPassword(username) };
}

/** Where `taskforce migrate` connects: DATABASE_OWNER_URL, the role that owns the schema, or the local stack's owner. */
export function migrationDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_OWNER_URL ?? ownerDatabaseUrl(loadStackConfig(env));
}
