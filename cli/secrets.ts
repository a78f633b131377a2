// `taskforce secrets init` writes fresh secrets for a deployment into the env file docker-compose
// reads; `taskforce secrets rotate <variable>` replaces one, or, for a keyring, puts a new key first
// and keeps the old ones so that what they sealed still opens (README, "Deploying").
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { KAFKA_PRINCIPALS, kafkaPasswordVariable } from '../kafka/principals.ts';
import { readEnvFile, setInEnvFile, writeEnvFile } from './env-file.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

export const DEFAULT_ENV_FILE = '.env.production';

interface EnvFileSecret {
  variable: string;
  /** What it is, as a comment in the file. */
  about: string;
  /** keyring: a new key goes first, the old ones stay; replace: the new value stands alone. */
  rotation: 'keyring' | 'replace';
  /** A fresh value; for a keyring one "keyId:base64Key" entry whose id is not in `taken`. */
  fresh(today: string, taken: ReadonlySet<string>): string;
  /** What to do after rotating it. */
  afterRotation: string;
}

const password = () => randomBytes(32).toString('hex');

/** "<prefix>-<today>", or with ".2", ".3" … when a key of that id exists already. */
function keyEntry(prefix: string): EnvFileSecret['fresh'] {
  return (today, taken) => {
    let id = `${prefix}-${today}`;
    for (let n = 2; taken.has(id); n += 1) id = `${prefix}-${today}.${n}`;
    return `${id}:${randomBytes(32).toString('base64')}`;
  };
}

/** What a Kafka principal's password is for, in the env file. */
function kafkaPrincipalAbout(principal: string): string {
  if (principal === 'admin') return 'the Kafka admin principal: the broker itself, and the one that grants the ACLs';
  if (principal.startsWith('agency-')) return `Kafka principal ${principal}: reads that agency's topic only; hand it to the agency`;
  return `Kafka principal ${principal}, which the ${principal} process logs in as`;
}

/** One SCRAM password per Kafka principal (kafka/principals.ts); the broker gets them all when it formats its storage. */
const KAFKA_SECRETS: readonly EnvFileSecret[] = KAFKA_PRINCIPALS.map((principal) => ({
  variable: kafkaPasswordVariable(principal),
  about: kafkaPrincipalAbout(principal),
  rotation: 'replace',
  fresh: password,
  afterRotation: [
    `set it on the broker: docker compose exec kafka /opt/kafka/bin/kafka-configs.sh --bootstrap-server localhost:9092 --command-config /tmp/admin.properties`,
    `--alter --entity-type users --entity-name ${principal} --add-config "SCRAM-SHA-512=[password=<the new value>]",`,
    principal === 'admin'
      ? 'then docker compose up -d (the broker and kafka-acls restart with it)'
      : principal.startsWith('agency-')
        ? 'then give the agency the new password'
        : `then docker compose up -d (the ${principal} restarts with it)`,
  ].join(' '),
}));

/** The broker's TLS keystore (docker-compose.yml makes it at the first start, in the kafka-tls volume). */
const KAFKA_KEYSTORE_SECRET: EnvFileSecret = {
  variable: 'TASKFORCE_KAFKA_KEYSTORE_PASSWORD',
  about: "the Kafka broker's TLS keystore (kafka-tls volume)",
  rotation: 'replace',
  fresh: password,
  afterRotation:
    'change the keystore to it: docker compose exec kafka keytool -storepasswd -keystore /etc/kafka/secrets/broker.p12 (old, then new value), then docker compose up -d',
};

export const ENV_FILE_SECRETS: readonly EnvFileSecret[] = [
  {
    variable: 'TASKFORCE_TOKEN_SECRET',
    about: "signs the API's bearer tokens",
    rotation: 'replace',
    fresh: () => randomBytes(32).toString('base64'),
    afterRotation: 'restart the API (docker compose up -d); tokens signed with the old secret are refused from then on',
  },
  {
    variable: 'TASKFORCE_PAYLOAD_KEYS',
    about: 'encrypt Temporal payloads; the first encrypts, every listed key decrypts',
    rotation: 'keyring',
    fresh: keyEntry('payload'),
    afterRotation:
      'restart the API and the worker (docker compose up -d); keep the old keys until every workflow that ran before is closed and past the namespace retention',
  },
  {
    variable: 'TASKFORCE_DATA_KEY_MASTER',
    about: "wrap each victim case's data key; the first wraps, every listed key unwraps",
    rotation: 'keyring',
    fresh: keyEntry('master'),
    afterRotation:
      'restart the API, the worker and the router (docker compose up -d); keep every old master key: the data keys it wrapped stay wrapped by it',
  },
  {
    variable: 'TASKFORCE_SEAL_KEYS',
    about: 'seal every message the API (and the worker, between cases) sends a case; the first seals, every listed key verifies',
    rotation: 'keyring',
    fresh: keyEntry('seal'),
    afterRotation:
      'restart the API and the worker together (docker compose up -d); keep the old key until no command sealed with it waits in a case',
  },
  {
    variable: 'POSTGRES_PASSWORD',
    about: 'the PostgreSQL superuser, used only to provision roles',
    rotation: 'replace',
    fresh: password,
    afterRotation:
      "set it in PostgreSQL before the next `docker compose up`: docker compose exec postgres psql -U postgres -c '\\password postgres' (paste the new value)",
  },
  {
    variable: 'TASKFORCE_PG_OWNER_PASSWORD',
    about: 'the owner role (taskforce), which runs migrations',
    rotation: 'replace',
    fresh: password,
    afterRotation: 'docker compose up -d: `taskforce migrate --provision` sets it on the role',
  },
  {
    variable: 'TASKFORCE_PG_APP_PASSWORD',
    about: "the application's role (taskforce_app), which every process logs in as",
    rotation: 'replace',
    fresh: password,
    afterRotation: 'docker compose up -d: `taskforce migrate --provision` sets it on the role, then the processes restart with it',
  },
  {
    variable: 'TEMPORAL_PG_PASSWORD',
    about: "Temporal's own PostgreSQL",
    rotation: 'replace',
    fresh: password,
    afterRotation:
      "set it in Temporal's PostgreSQL before the next `docker compose up`: docker compose exec temporal-postgres psql -U temporal -c '\\password temporal' (paste the new value)",
  },
  {
    variable: 'TEMPORAL_UI_CLIENT_SECRET',
    about: "the Temporal UI's OpenID Connect client secret",
    rotation: 'replace',
    fresh: password,
    afterRotation: 'give the OpenID Connect provider the new secret for client temporal-ui, then restart temporal-ui',
  },
  ...KAFKA_SECRETS,
  KAFKA_KEYSTORE_SECRET,
];

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Writes every secret, fresh, into `file` (owner-only); refuses to replace an existing file unless `force`. */
export function initSecretsFile(file: string, options: { force?: boolean; now?: Date } = {}): void {
  const date = today(options.now ?? new Date());
  const lines = [
    `# Taskforce deployment secrets, made ${date} by \`taskforce secrets init\`. Keep this file, and a copy`,
    '# of it somewhere safe: the keys below are the only way to open the data they sealed.',
    '# Rotate one with `taskforce secrets rotate <VARIABLE>` (README, "Deploying").',
    ...ENV_FILE_SECRETS.flatMap((secret) => [`# ${secret.about}`, `${secret.variable}=${secret.fresh(date, new Set())}`]),
    '# The API\'s public host name: the TLS proxy gets its certificate for it (README, "Deploying").',
    '# TASKFORCE_PUBLIC_HOST=taskforce.example.org',
  ];
  writeEnvFile(file, lines, options.force ?? false);
}

/** Rotates `variable` in `file` and returns what to do next. */
export function rotateSecret(file: string, variable: string, now: Date = new Date()): string {
  const secret = ENV_FILE_SECRETS.find((s) => s.variable === variable);
  if (!secret) throw new Error(`${variable} is not a secret of the env file; one of ${ENV_FILE_SECRETS.map((s) => s.variable).join(', ')}`);
  const current = readEnvFile(file)[variable] ?? '';
  const entries = current.split(',').filter(Boolean);
  const taken = new Set(entries.map((entry) => entry.split(':')[0] ?? ''));
  const fresh = secret.fresh(today(now), taken);
  setInEnvFile(file, variable, secret.rotation === 'keyring' ? [fresh, ...entries].join(',') : fresh);
  return secret.afterRotation;
}

export function registerSecretsCommands(program: Command): void {
  const secrets = program.command('secrets').description("a deployment's secrets, in the env file docker-compose reads");
  // With --json the answer names the file and the variables, never a secret's value.
  withJsonOption(
    secrets
      .command('init')
      .description('write fresh secrets for a deployment (mode 600)')
      .option('--file <path>', 'the env file', DEFAULT_ENV_FILE)
      .option('--force', 'replace an existing file (its keys are lost, and with them what they sealed)'),
  ).action((options: JsonOption & { file: string; force?: boolean }) => {
    initSecretsFile(options.file, { force: options.force ?? false });
    if (options.json) return printJson({ file: options.file, variables: Object.keys(readEnvFile(options.file)) });
    console.log(`wrote ${options.file}; now set TASKFORCE_PUBLIC_HOST in it, then: docker compose --env-file ${options.file} up -d`);
  });
  withJsonOption(
    secrets
      .command('rotate')
      .description('replace one secret; for a keyring, put a new key first and keep the old ones')
      .argument('<variable>', ENV_FILE_SECRETS.map((s) => s.variable).join(' | '))
      .option('--file <path>', 'the env file', DEFAULT_ENV_FILE),
  ).action((variable: string, options: JsonOption & { file: string }) => {
    const next = rotateSecret(options.file, variable);
    if (options.json) return printJson({ file: options.file, rotated: variable, next });
    console.log(`rotated ${variable} in ${options.file}; next: ${next}`);
  });
}
