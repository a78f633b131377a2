// The outbox relay as a process: `tsx app/relay.ts` publishes appended events to Kafka until
// SIGTERM or SIGINT. Start several for failover; one publishes, the others wait for its lock.
import { relaySettingsFromEnv, startRelay } from '../eventstore/relay.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';

exitOnDevelopmentSecrets('relay');
const relay = startRelay(relaySettingsFromEnv());

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second signal: do not wait for the batch in flight
    stopping = true;
    void relay.stop().then(() => process.exit(0));
  });
}
