// kafkajs logs "connection refused" at error level while it retries; during the first minute of a
// client, when Kafka may still be starting beside the processes, that is a warning, not an alarm.
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KAFKA_STARTING_MS, kafkaLogLevel } from '../../kafka/client.ts';

const refused = {
  level: logLevel.ERROR,
  log: { message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', timestamp: '', logger: 'kafkajs' },
};
const seedBroker = {
  level: logLevel.ERROR,
  log: {
    message: 'Failed to connect to seed broker, trying another broker from the list',
    error: 'Connection timeout',
    timestamp: '',
    logger: 'kafkajs',
  },
};
const refusedLogin = {
  level: logLevel.ERROR,
  log: { message: 'Failed to authenticate', error: 'SASL SCRAM SHA512 authentication failed', timestamp: '', logger: 'kafkajs' },
};

/** What a fresh broker answers in the processes' first seconds (seen on a first `npm start`). */
const freshBroker = [
  ['GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available'],
  ['InitProducerId(key: 22, version: 1)', "The coordinator is loading and hence can't process requests for this group"],
  ['CreateTopics(key: 19, version: 3)', 'Topic creation errors'],
].map(([request, error]) => ({ level: logLevel.ERROR, log: { message: `Response ${request}`, error, timestamp: '', logger: 'kafkajs' } }));

describe('the level of a kafkajs log line', () => {
  it('is a warning for a broker that does not answer yet, while Kafka may still be starting', () => {
    expect(kafkaLogLevel(refused, 5_000)).toBe('warn');
    expect(kafkaLogLevel(seedBroker, KAFKA_STARTING_MS - 1)).toBe('warn');
  });

  it("is a warning for a fresh broker's coordinator not being ready and for processes racing to create the same topics", () => {
    for (const entry of freshBroker) {
      expect(kafkaLogLevel(entry, 5_000), entry.log.error).toBe('warn');
      expect(kafkaLogLevel(entry, KAFKA_STARTING_MS), entry.log.error).toBe('error');
    }
  });

  it('is an error again once Kafka has had its minute', () => {
    expect(kafkaLogLevel(refused, KAFKA_STARTING_MS)).toBe('error');
    expect(kafkaLogLevel(seedBroker, 10 * KAFKA_STARTING_MS)).toBe('error');
  });

  it('stays an error for what no waiting mends, such as a refused login', () => {
    expect(kafkaLogLevel(refusedLogin, 1_000)).toBe('error');
  });

  it("keeps kafkajs's own level below error", () => {
    expect(kafkaLogLevel({ ...refused, level: logLevel.WARN }, 120_000)).toBe('warn');
    expect(kafkaLogLevel({ ...refused, level: logLevel.INFO }, 1_000)).toBe('info');
  });
});
