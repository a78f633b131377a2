// The outbox relay as a process: `tsx app/relay.ts` publishes appended events to Kafka until
// SIGTERM or SIGINT. Start several for failover; one publishes, the others wait for its lock.
import { relaySettingsFromEnv, startRelay } from '../eventstore/relay.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { shutdownOnSignal } from './shutdown.ts';

exitOnDevelopmentSecrets('relay');
const settings = relaySettingsFromEnv();
const shutdown = shutdownOnSignal('relay', settings.log);
const relay = startRelay(settings);
shutdown.closes('the outbox relay (its batch in flight)', () => relay.stop());
