// Fail closed: a secret printed in this repository (or a stand-in for one left unset) is refused
// unless the process runs on a local stack, where TASKFORCE_PROFILE names one and every address is
// a loopback address; the refusal names each variable and how to make a real value.
import { describe, expect, it } from 'vitest';
import { loadTokenSecret, TOKEN_SECRET } from '../../api/auth/tokens.ts';
import { secretsOf } from '../../app/secrets.ts';
import { PAYLOAD_KEYS } from '../../codec/keys.ts';
import { DEVELOPMENT_DATABASE_PASSWORDS, developmentKafkaPassword } from '../../infra/config.ts';
import { keyringSecret, loadKeyring } from '../../infra/keyring.ts';
import { DATABASE_PASSWORD, isLoopback, KAFKA_PASSWORD, outsideLocalStack, refuseDevelopmentSecrets } from '../../infra/secrets.ts';
import { MASTER_KEYS } from '../../privacy/master-key.ts';

const quiet = () => undefined;
const developmentTokenSecret = new TextDecoder().decode(loadTokenSecret({}, quiet));
const developmentKeyEntry = `dev-1:${loadKeyring(PAYLOAD_KEYS, {}, quiet).active.key.toString('base64')}`;
const realKey = (id: string) => `${id}:${Buffer.alloc(32, 7).toString('base64')}`;

const LOCAL: NodeJS.ProcessEnv = {
  TASKFORCE_PROFILE: 'test',
  DATABASE_URL: `postgres://taskforce_app:${DEVELOPMENT_DATABASE_PASSWORDS.app}@127.0.0.1:5443/taskforce`,
  KAFKA_BROKERS: '127.0.0.1:9192',
  TEMPORAL_ADDRESS: 'localhost:7333',
};
const COMPOSE: NodeJS.ProcessEnv = {
  DATABASE_URL: `postgres://taskforce_app:${'a'.repeat(64)}@postgres:5432/taskforce`,
  KAFKA_BROKERS: 'kafka:9092',
  KAFKA_SASL_USERNAME: 'api',
  KAFKA_SASL_PASSWORD: 'b'.repeat(64),
  TEMPORAL_ADDRESS: 'temporal:7233',
  TASKFORCE_API_HOST: '0.0.0.0',
  TASKFORCE_TOKEN_SECRET: 'x'.repeat(44),
  TASKFORCE_PAYLOAD_KEYS: realKey('payload-1'),
  TASKFORCE_DATA_KEY_MASTER: realKey('master-1'),
  TASKFORCE_SEAL_KEYS: realKey('seal-1'),
};
const apiSecrets = secretsOf('api');

/** The message the API's refusal would give, or undefined when it would start. */
function refusal(env: NodeJS.ProcessEnv): string | undefined {
  try {
    refuseDevelopmentSecrets(apiSecrets, env);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the development secrets', () => {
  it('are allowed on a local stack: a local profile, and every address on loopback', () => {
    expect(outsideLocalStack(LOCAL)).toEqual([]);
    expect(refusal(LOCAL)).toBeUndefined();
  });

  it('are refused without TASKFORCE_PROFILE, even on loopback, naming each variable and how to make one', () => {
    const { TASKFORCE_PROFILE: _, ...unprofiled } = LOCAL;
    const message = refusal(unprofiled);
    expect(message).toContain('refusing to start with development secrets outside a local stack (TASKFORCE_PROFILE is not set)');
    expect(message).toContain('DATABASE_URL carries a development password');
    expect(message).toContain('TASKFORCE_TOKEN_SECRET is not set');
    expect(message).toContain('make a real one: openssl rand -base64 32');
    expect(message).toContain('TASKFORCE_PAYLOAD_KEYS is not set');
    expect(message).toContain('TASKFORCE_DATA_KEY_MASTER is not set');
    expect(message).toContain('echo "<keyId>:$(openssl rand -base64 32)"');
    expect(message).toContain('taskforce secrets init --file .env.production');
  });

  it('are refused with a local profile when any address is not loopback, naming it', () => {
    for (const [variable, value, named] of [
      ['TASKFORCE_API_HOST', '0.0.0.0', '0.0.0.0'],
      ['DATABASE_URL', LOCAL.DATABASE_URL?.replace('127.0.0.1', 'db.internal'), 'db.internal'],
      ['KAFKA_BROKERS', '127.0.0.1:9192,kafka-2:9092', 'kafka-2'],
      ['TEMPORAL_ADDRESS', '10.0.0.5:7233', '10.0.0.5'],
    ] as const) {
      expect(outsideLocalStack({ ...LOCAL, [variable]: value })).toEqual([`${variable} names ${named}, not a loopback address`]);
      expect(refusal({ ...LOCAL, [variable]: value }), variable).toContain(`${variable} names ${named}`);
    }
  });

  it('do not stop a deployment with real secrets, wherever it runs', () => {
    expect(outsideLocalStack(COMPOSE)).not.toEqual([]);
    expect(refusal(COMPOSE)).toBeUndefined();
  });

  it('include a set value that is the development one: the token secret, a listed development key, a local password', () => {
    expect(TOKEN_SECRET.developmentUse(developmentTokenSecret)).toMatch(/is the development secret/);
    const payload = keyringSecret(PAYLOAD_KEYS);
    expect(payload.developmentUse(`${realKey('new')},${developmentKeyEntry}`)).toBe('lists the development payload key (as "dev-1")');
    expect(payload.developmentUse(realKey('new'))).toBeUndefined();
    expect(keyringSecret(MASTER_KEYS).developmentUse(undefined)).toMatch(/^is not set \(personal data keys are wrapped/);
    for (const password of Object.values(DEVELOPMENT_DATABASE_PASSWORDS)) {
      expect(DATABASE_PASSWORD.developmentUse(`postgres://taskforce:${password}@db:5432/taskforce`)).toMatch(/development password/);
    }
    expect(DATABASE_PASSWORD.developmentUse(COMPOSE.DATABASE_URL)).toBeUndefined();
    expect(KAFKA_PASSWORD.developmentUse(undefined)).toMatch(/^is not set/);
    expect(KAFKA_PASSWORD.developmentUse(developmentKafkaPassword('relay'))).toMatch(/development password/);
    expect(KAFKA_PASSWORD.developmentUse(COMPOSE.KAFKA_SASL_PASSWORD)).toBeUndefined();
  });

  it('are listed per process: each holds only what it reads', () => {
    const variables = (name: Parameters<typeof secretsOf>[0]) => secretsOf(name).map((s) => s.variable);
    expect(variables('api')).toEqual([
      'DATABASE_URL',
      'KAFKA_SASL_PASSWORD',
      'TASKFORCE_TOKEN_SECRET',
      'TASKFORCE_PAYLOAD_KEYS',
      'TASKFORCE_SEAL_KEYS',
      'TASKFORCE_DATA_KEY_MASTER',
    ]);
    expect(variables('worker')).toEqual(['DATABASE_URL', 'TASKFORCE_PAYLOAD_KEYS', 'TASKFORCE_SEAL_KEYS', 'TASKFORCE_DATA_KEY_MASTER']);
    expect(variables('router')).toEqual(['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'TASKFORCE_DATA_KEY_MASTER']);
    expect(variables('relay')).toEqual(['DATABASE_URL', 'KAFKA_SASL_PASSWORD']);
    expect(variables('projector')).toEqual(['DATABASE_URL', 'KAFKA_SASL_PASSWORD']);
    expect(variables('kafka-acls')).toEqual(['KAFKA_SASL_PASSWORD']);
  });
});

describe('a loopback address', () => {
  it('is localhost, 127.0.0.0/8, ::1 or a Unix socket, and nothing else', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', 'postgres', '127.0.0.1.nip.io', '::']) expect(isLoopback(host), host).toBe(false);
  });
});
