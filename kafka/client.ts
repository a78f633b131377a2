// The one place a Kafka client is built: every process, tool and test connects through here, so
// how we reach the brokers (addresses, TLS), who we log in as (SASL/SCRAM, one principal per
// process), how often we retry and what we log are decided once.
import fs from 'node:fs';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { KafkaLogin } from '../infra/config.ts';
import { processLogger } from '../infra/logger.ts';
import { loadSettings } from '../infra/settings.ts';

export type { Kafka } from 'kafkajs';

/** Where the brokers are and who to be there: the part of the application settings (infra/settings.ts) a client needs. */
export interface KafkaConnection {
  kafkaBrokers: string[];
  /**
   * The principal to log in as. Unset: this process's own (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD);
   * null: none at all, which the broker refuses (tests/integration/kafka-acls.test.ts shows it does).
   */
  kafkaLogin?: KafkaLogin | null;
  /** TLS trusting this certificate authority (PEM file). Unset: this process's own setting (KAFKA_TLS_CA_FILE). */
  kafkaTlsCaFile?: string;
}

/** For probes that should report an outage quickly rather than ride it out (kafkajs's defaults otherwise). */
export interface ProbeOptions {
  /** How many times a failed request is tried again. */
  retries?: number;
  /** Bound on connecting to a broker and on each request, in milliseconds. */
  timeoutMs?: number;
  /** Log nothing: for a probe whose failure is an answer (the stack asking whether Kafka is up yet), not news. */
  silent?: boolean;
}

const LEVELS = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' } as const;

/** What of a kafkajs log entry we keep: names of things and the error, never a message's key, value or headers. */
const KEPT_FIELDS = ['broker', 'clientId', 'groupId', 'memberId', 'topic', 'partition', 'retryCount', 'retryTime', 'error'] as const;

/**
 * How long after a client is built a broker that refuses or drops the connection counts as Kafka
 * still coming up (the stack or compose starting it beside the processes), not as an outage.
 */
export const KAFKA_STARTING_MS = 60_000;

/**
 * What kafkajs says while a broker is still coming up: no answer yet (a refused or dropped
 * connection, a timeout, no seed broker), or, on a fresh broker, answers that the group coordinator
 * is not there or still loading (retriable; kafkajs asks again) and the relay, projectors and router
 * racing to create the same topics (kafka/create-topics.ts retries, and throws what is not retriable).
 */
const NOT_ANSWERING_YET =
  /ECONNREFUSED|ECONNRESET|Connection error|Connection timeout|Failed to connect to seed broker|KafkaJSConnectionError|group coordinator is not available|coordinator is loading|Topic creation errors/;

/**
 * The level a kafkajs entry is logged at: its own, except that while Kafka may still be starting,
 * "connection refused" and its kin are warnings (kafkajs retries them), so a newcomer's first
 * `npm start` shows no errors that are only Kafka taking its time.
 */
export function kafkaLogLevel(entry: Pick<LogEntry, 'level' | 'log'>, msSinceClientBuilt: number): 'error' | 'warn' | 'info' | 'debug' {
  const level = LEVELS[entry.level as keyof typeof LEVELS];
  if (level !== 'error' || msSinceClientBuilt >= KAFKA_STARTING_MS) return level;
  return NOT_ANSWERING_YET.test(`${entry.log.message} ${String(entry.log.error ?? '')}`) ? 'warn' : level;
}

/** kafkajs's logs into the process's logger (its logCreator), as `component: "kafkajs"` lines. */
function kafkaLogger(builtAt: number): (entry: LogEntry) => void {
  return (entry) => {
    if (entry.level === logLevel.NOTHING) return;
    const { namespace, log } = entry;
    const kept = Object.fromEntries(KEPT_FIELDS.filter((field) => log[field] !== undefined).map((field) => [field, log[field]]));
    processLogger()[kafkaLogLevel(entry, Date.now() - builtAt)]({ component: 'kafkajs', namespace, ...kept }, log.message);
  };
}

export function kafkaClient(connection: KafkaConnection, clientId: string, probe: ProbeOptions = {}): Kafka {
  const own = connection.kafkaLogin === undefined || connection.kafkaTlsCaFile === undefined ? loadSettings() : undefined;
  const login = connection.kafkaLogin === undefined ? own?.kafkaLogin : connection.kafkaLogin;
  const caFile = connection.kafkaTlsCaFile ?? own?.kafkaTlsCaFile;
  return new Kafka({
    clientId,
    brokers: connection.kafkaBrokers,
    sasl: login ? { mechanism: 'scram-sha-512', username: login.username, password: login.password } : undefined,
    ssl: caFile ? { ca: [fs.readFileSync(caFile, 'utf8')] } : undefined,
    // From WARN up: its INFO lines are per-connection chatter (joins, reconnects) that the processes report themselves.
    logLevel: probe.silent ? logLevel.NOTHING : logLevel.WARN,
    logCreator: () => kafkaLogger(Date.now()),
    connectionTimeout: probe.timeoutMs,
    requestTimeout: probe.timeoutMs,
    retry: probe.retries === undefined ? undefined : { retries: probe.retries },
  });
}
