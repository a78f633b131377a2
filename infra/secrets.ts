// Fail closed: a process refuses to start with a secret anyone can read in this repository (the
// development token secret, payload key, master key, database and Kafka passwords) unless it runs on a local
// stack, where TASKFORCE_PROFILE names one (dev, test, chaos) and every address it listens on or
// connects to is a loopback address. Each secret is described once, beside the code that reads it;
// app/secrets.ts lists which process holds which, and each process asks here before it starts.
import { DEVELOPMENT_DATABASE_PASSWORDS, DEVELOPMENT_KAFKA_PASSWORD_PREFIX, PROFILES } from './config.ts';
import { loadSettings } from './settings.ts';

export interface DeploymentSecret {
  /** The environment variable that holds it. */
  variable: string;
  /** Why `value` (undefined when unset) is no secret, e.g. "is not set (…)", or undefined when it may be one. */
  developmentUse(value: string | undefined): string | undefined;
  /** How to make a real one, for the refusal. */
  howToMake: string;
}

/** The password in DATABASE_URL: the local stack's roles have theirs printed in infra/config.ts. */
export const DATABASE_PASSWORD: DeploymentSecret = {
  variable: 'DATABASE_URL',
  developmentUse(value) {
    if (!value) return "is not set (the local stack's role and its development password stand in)";
    const developmentPasswords: readonly string[] = Object.values(DEVELOPMENT_DATABASE_PASSWORDS);
    return developmentPasswords.includes(passwordOf(value)) ? 'carries a development password printed in infra/config.ts' : undefined;
  },
  howToMake: '`openssl rand -hex 32`, set on the role (`taskforce migrate --provision` sets it from DATABASE_URL)',
};

/** The password of the process's Kafka principal: the local stack's are printed in infra/config.ts. */
export const KAFKA_PASSWORD: DeploymentSecret = {
  variable: 'KAFKA_SASL_PASSWORD',
  developmentUse(value) {
    if (!value) return "is not set (the local stack's development password of the principal stands in)";
    return value.startsWith(DEVELOPMENT_KAFKA_PASSWORD_PREFIX) ? 'is a development password printed in infra/config.ts' : undefined;
  },
  howToMake: '`taskforce secrets init` makes one per Kafka principal (TASKFORCE_KAFKA_<PRINCIPAL>_PASSWORD), the broker gets them all',
};

function passwordOf(databaseUrl: string): string {
  try {
    return decodeURIComponent(new URL(databaseUrl).password);
  } catch {
    return '';
  }
}

/** localhost, 127.0.0.0/8 and ::1; an empty host is a Unix socket, local too. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === '' || bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** The host of "host:port" or "[v6]:port". */
function hostOf(address: string): string {
  return /^\[[^\]]*\]/.exec(address)?.[0] ?? address.split(':')[0] ?? '';
}

function databaseHost(databaseUrl: string): string {
  try {
    return new URL(databaseUrl).hostname;
  } catch {
    return databaseUrl;
  }
}

/** What says this process runs outside a local stack; empty when it runs on one. */
export function outsideLocalStack(env: NodeJS.ProcessEnv): string[] {
  const profile = env.TASKFORCE_PROFILE;
  const reasons = (PROFILES as readonly (string | undefined)[]).includes(profile) ? [] : ['TASKFORCE_PROFILE is not set'];
  const settings = loadSettings(env);
  const addresses: [variable: string, host: string][] = [
    ['TASKFORCE_API_HOST', settings.apiHost],
    ['TASKFORCE_METRICS_HOST', settings.metricsHost],
    ['DATABASE_URL', databaseHost(settings.databaseUrl)],
    ...settings.kafkaBrokers.map((broker): [string, string] => ['KAFKA_BROKERS', hostOf(broker)]),
    ['TEMPORAL_ADDRESS', hostOf(settings.temporalAddress)],
  ];
  for (const [variable, host] of addresses) {
    if (!isLoopback(host)) reasons.push(`${variable} names ${host}, not a loopback address`);
  }
  return reasons;
}

/**
 * Throws, naming each variable and how to make a real value, when `secrets` hold a development
 * value and the process runs outside a local stack.
 */
export function refuseDevelopmentSecrets(secrets: readonly DeploymentSecret[], env: NodeJS.ProcessEnv): void {
  const found = secrets.flatMap((secret) => {
    const use = secret.developmentUse(env[secret.variable]);
    return use ? [`  ${secret.variable} ${use}; make a real one: ${secret.howToMake}`] : [];
  });
  if (found.length === 0) return;
  const outside = outsideLocalStack(env);
  if (outside.length === 0) return;
  throw new Error(
    [
      `refusing to start with development secrets outside a local stack (${outside.join('; ')}):`,
      ...found,
      'Every secret of a deployment at once: `taskforce secrets init --file .env.production` (README, "Deploying").',
    ].join('\n'),
  );
}
