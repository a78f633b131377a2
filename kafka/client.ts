// The one place a Kafka client is built: every process, tool and test connects through here, so
// how we reach the brokers (addresses, later credentials), how often we retry and what we log are
// decided once.
import { Kafka, logLevel } from 'kafkajs';

export type { Kafka } from 'kafkajs';

/** Where the brokers are: the part of the application settings (infra/settings.ts) a client needs. */
export interface KafkaConnection {
  kafkaBrokers: string[];
}

/** For probes that should report an outage quickly rather than ride it out (kafkajs's defaults otherwise). */
export interface ProbeOptions {
  /** How many times a failed request is tried again. */
  retries?: number;
  /** Bound on connecting to a broker and on each request, in milliseconds. */
  timeoutMs?: number;
}

export function kafkaClient(connection: KafkaConnection, clientId: string, probe: ProbeOptions = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: connection.kafkaBrokers,
    // kafkajs logs are off: they could echo message contents; failures surface as thrown errors.
    logLevel: logLevel.NOTHING,
    connectionTimeout: probe.timeoutMs,
    requestTimeout: probe.timeoutMs,
    retry: probe.retries === undefined ? undefined : { retries: probe.retries },
  });
}
