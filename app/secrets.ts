// Which process holds which deployment secret. Each process asks first thing, so none starts with
// a secret printed in this repository outside a local stack (infra/secrets.ts). A new secret is one
// line here; tests/unit/docker-compose.test.ts checks that compose hands each process exactly these.
import { SEAL_KEYS } from '../access/message-seal.ts';
import { TOKEN_SECRET } from '../api/auth/tokens.ts';
import { PAYLOAD_KEYS } from '../codec/keys.ts';
import { keyringSecret } from '../infra/keyring.ts';
import { processLogger } from '../infra/logger.ts';
import { DATABASE_PASSWORD, type DeploymentSecret, KAFKA_PASSWORD, refuseDevelopmentSecrets } from '../infra/secrets.ts';
import { MASTER_KEYS } from '../privacy/master-key.ts';

/** The long-running processes, and kafka-acls, which grants the Kafka ACLs once (app/kafka-acls.ts). */
export type AppProcess = 'api' | 'worker' | 'relay' | 'projector' | 'router' | 'kafka-acls';

const HELD_BY: ReadonlyArray<readonly [DeploymentSecret, readonly AppProcess[]]> = [
  [DATABASE_PASSWORD, ['api', 'worker', 'relay', 'projector', 'router']],
  [KAFKA_PASSWORD, ['api', 'relay', 'projector', 'router', 'kafka-acls']],
  [TOKEN_SECRET, ['api']],
  [keyringSecret(PAYLOAD_KEYS), ['api', 'worker']],
  [keyringSecret(SEAL_KEYS), ['api', 'worker']],
  [keyringSecret(MASTER_KEYS), ['api', 'worker', 'router']],
];

export function secretsOf(name: AppProcess): DeploymentSecret[] {
  return HELD_BY.filter(([, holders]) => holders.includes(name)).map(([secret]) => secret);
}

/** Exits 1, saying which variables to set and how, when `name` would start with a development secret outside a local stack. */
export function exitOnDevelopmentSecrets(name: AppProcess, env: NodeJS.ProcessEnv = process.env): void {
  try {
    refuseDevelopmentSecrets(secretsOf(name), env);
  } catch (error) {
    processLogger().fatal(`taskforce ${name}: ${(error as Error).message}`);
    process.exit(1);
  }
}
