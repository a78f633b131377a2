// docker-compose.yml cannot run here (no Docker engine), so this keeps it equivalent to the local
// stack (services, host ports, variable names, search attributes, processes) and holds it to the
// rules of a deployment that fails closed: every secret from the env file `taskforce secrets init`
// writes and none printed in the file, each process given exactly the secrets it holds, loopback
// binds for all but the TLS proxy in front of the API, the application's own database role,
// Temporal from its server image with its ports on the compose network, a read-only UI behind
// sign-in, Kafka only over SASL_SSL with a principal per process and per agency, restart policies,
// health checks and named volumes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { secretsOf } from '../../app/secrets.ts';
import { ENV_FILE_SECRETS } from '../../cli/secrets.ts';
import { APP_PROCESSES } from '../../cli/start.ts';
import { appEnv, DATABASE_ROLES, KAFKA_ADMIN_PRINCIPAL, loadStackConfig } from '../../infra/config.ts';
import { KAFKA_PRINCIPALS, kafkaPasswordVariable } from '../../kafka/principals.ts';
import { KAFKA_VERSION } from '../../stack/kafka.ts';
import { SEARCH_ATTRIBUTES } from '../../stack/temporal.ts';

interface ComposeService {
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  command?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const root = path.resolve(import.meta.dirname, '../..');
const text = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, ComposeService>;
  configs: Record<string, { content: string }>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const dev = loadStackConfig({}, 'dev');
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'KAFKA_SASL_PASSWORD', ...ENV_FILE_SECRETS.map((s) => s.variable)]);
/** What a deployer sets in the env file besides the secrets. */
const REQUIRED_SETTINGS = ['TASKFORCE_PUBLIC_HOST'];

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function published(name: string): { ip: string; host: number }[] {
  return (service(name).ports ?? []).map((mapping) => {
    const parts = mapping.split(':');
    return { ip: parts.length === 3 ? parts[0]! : '0.0.0.0', host: Number(parts.at(-2)) };
  });
}

describe('docker-compose.yml matches the local stack', () => {
  it('runs the services from official images, Kafka at the same version, Temporal from its server image', () => {
    expect(service('postgres').image).toMatch(/^postgres:/);
    expect(service('kafka').image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(service('temporal').image).toMatch(/^temporalio\/server:/);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:/);
    expect(text).not.toContain('auto-setup');
  });

  it('publishes the dev profile host ports, on loopback, and none of Temporal server', () => {
    expect(published('postgres')).toEqual([{ ip: '127.0.0.1', host: dev.postgres.port }]);
    expect(published('kafka')).toEqual([{ ip: '127.0.0.1', host: dev.kafka.port }]);
    expect(published('temporal-ui')).toEqual([{ ip: '127.0.0.1', host: dev.temporal.uiPort }]);
    expect(published('api')).toEqual([{ ip: '127.0.0.1', host: dev.apiPort }]);
    expect(published('temporal')).toEqual([]);
    expect(published('temporal-postgres')).toEqual([]);
  });

  it('runs every application process with the same environment variable names', () => {
    const names = Object.keys(appEnv(dev)).sort();
    for (const process of APP_PROCESSES) {
      expect(service(process).command?.join(' ')).toContain(`app/${process}.ts`);
      expect(
        Object.keys(service(process).environment ?? {})
          .filter((n) => names.includes(n))
          .sort(),
      ).toEqual(names);
    }
  });

  it('registers the same search attributes', () => {
    const setup = service('temporal-setup').command?.join(' ') ?? '';
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) expect(setup).toContain(`${name}=${type}`);
    expect(setup.match(/\w+=(Keyword|Datetime)/g)).toHaveLength(Object.keys(SEARCH_ATTRIBUTES).length);
  });
});

describe('docker-compose.yml fails closed', () => {
  it('takes every secret from the env file `taskforce secrets init` writes, and refuses to start without it', () => {
    const required = new Set([...text.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]));
    expect([...required].sort()).toEqual([...ENV_FILE_SECRETS.map((s) => s.variable), ...REQUIRED_SETTINGS].sort());
    expect(text).not.toMatch(/\$\{\w*(PASSWORD|SECRET|KEYS|MASTER)\w*(:-|\})/); // no secret with a default
  });

  it('prints no secret: every password, key and secret is interpolated from the env file', () => {
    for (const [name, { environment = {} }] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(environment)) {
        if (/PASSWORD|PWD|SECRET|KEYS|KEY_MASTER/.test(variable)) expect(value, `${name} ${variable}`).toMatch(/^\$\{\w+:\?/);
        for (const url of String(value).match(/postgres:\/\/[^@\s]*@/g) ?? []) {
          expect(url, `${name} ${variable}`).toMatch(/^postgres:\/\/\w+:\$\{\w+:\?[^}]*\}@$/);
        }
      }
    }
    expect(text).not.toMatch(/taskforce-dev-only|local development/);
  });

  it('hands each process exactly the secrets it holds (app/secrets.ts), and no other service any of them', () => {
    for (const process of APP_PROCESSES) {
      const given = Object.keys(service(process).environment ?? {}).filter((n) => SECRET_VARIABLES.has(n));
      expect(given.sort(), process).toEqual(
        secretsOf(process as Parameters<typeof secretsOf>[0])
          .map((s) => s.variable)
          .sort(),
      );
    }
    for (const name of ['temporal', 'temporal-ui', 'temporal-setup', 'kafka', 'proxy']) {
      expect(
        Object.keys(service(name).environment ?? {}).filter((n) => n.startsWith('TASKFORCE_')),
        name,
      ).toEqual([]);
    }
  });

  it('binds every published port to loopback but the TLS proxy, the API’s only public door', () => {
    for (const name of Object.keys(services).filter((n) => n !== 'proxy')) {
      for (const port of published(name)) expect(port.ip, name).toBe('127.0.0.1');
    }
    expect(
      published('proxy')
        .map((p) => p.host)
        .sort(),
    ).toEqual([443, 80].sort());
    expect(service('proxy').image).toMatch(/^caddy:/);
    expect(compose.configs.caddyfile?.content).toContain('reverse_proxy api:3000');
  });

  it('connects the processes as the application role, migrates as the owner, and uses the superuser only to provision', () => {
    const appUrl = `postgres://${DATABASE_ROLES.app}:`;
    for (const process of APP_PROCESSES)
      expect(service(process).environment?.DATABASE_URL).toMatch(new RegExp(`^${appUrl}.*/${dev.postgres.database}$`));
    const migrate = service('migrate');
    expect(migrate.command?.join(' ')).toContain('cli/main.ts migrate --provision');
    expect(migrate.environment?.DATABASE_OWNER_URL).toMatch(new RegExp(`^postgres://${DATABASE_ROLES.owner}:.*/${dev.postgres.database}$`));
    expect(migrate.environment?.DATABASE_URL).toMatch(new RegExp(`^${appUrl}`));
    expect(migrate.environment?.DATABASE_SUPERUSER_URL).toMatch(/^postgres:\/\/postgres:/);
    const holders = Object.entries(services).filter(([, s]) => Object.keys(s.environment ?? {}).some((n) => /SUPERUSER|OWNER/.test(n)));
    expect(holders.map(([name]) => name)).toEqual(['migrate']);
    expect(service('postgres').environment?.POSTGRES_USER ?? 'postgres').toBe('postgres');
  });

  it("sets Temporal up on PostgreSQL with the admin tools' schema tool, for both of its databases", () => {
    const schema = service('temporal-schema');
    expect(schema.image).toMatch(/^temporalio\/admin-tools:/);
    const script = schema.command?.join('\n') ?? '';
    for (const database of ['temporal', 'temporal_visibility']) {
      for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d']) expect(script).toContain(`--db ${database} ${step}`);
    }
    expect(service('temporal').environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'temporal-postgres' });
    expect(service('temporal').depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
  });

  it('keeps the Temporal UI read only, behind OpenID Connect sign-in, with the API codec endpoint its only path to plaintext', () => {
    const ui = service('temporal-ui').environment ?? {};
    expect(ui).toMatchObject({ TEMPORAL_DISABLE_WRITE_ACTIONS: 'true', TEMPORAL_AUTH_ENABLED: 'true', TEMPORAL_AUTH_TYPE: 'oidc' });
    expect(ui.TEMPORAL_AUTH_PROVIDER_URL).toContain('http://oidc:3300');
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toMatch(/^https:\/\/.*\/codec$/);
  });

  it('lets clients reach Kafka only over SASL_SSL, each process as its own principal, and grants the ACLs first', () => {
    const kafka = service('kafka');
    const script = kafka.command?.join('\n') ?? '';
    const protocols = /listener\.security\.protocol\.map=(.*)/.exec(script)?.[1]?.split(',') ?? [];
    expect(protocols.sort()).toEqual(['BROKER:SASL_SSL', 'CONTROLLER:SASL_PLAINTEXT', 'HOST:SASL_SSL']);
    expect(script).toContain('CONTROLLER://127.0.0.1:9093'); // the controller on the container's loopback only
    expect(script).toContain('sasl.enabled.mechanisms=SCRAM-SHA-512');
    expect(script).toContain('authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(script).toContain(`super.users=User:${KAFKA_ADMIN_PRINCIPAL}`);
    expect(script).not.toMatch(/PLAINTEXT:PLAINTEXT|allow\.everyone/);
    // Every principal gets its SCRAM credential, from its own env file secret, when the storage is formatted.
    const scramCredential = /SCRAM-SHA-512=\[name=([\w-]+),password=\$\$(\w+)\]/g; // $$: compose's escape of $
    const credentials = new Map([...script.matchAll(scramCredential)].map((m) => [m[1], m[2]]));
    expect([...credentials.keys()].sort()).toEqual([...KAFKA_PRINCIPALS].sort());
    for (const principal of KAFKA_PRINCIPALS) {
      const variable = credentials.get(principal);
      expect(variable, principal).toBeDefined();
      expect(kafka.environment?.[variable ?? ''], principal).toMatch(new RegExp(`^\\$\\{${kafkaPasswordVariable(principal)}:\\?`));
    }
    expect(kafka.volumes).toContain('kafka-tls:/etc/kafka/secrets');
    for (const process of ['relay', 'router', 'projector', 'api'] as const) {
      const environment = service(process).environment ?? {};
      expect(environment.KAFKA_SASL_USERNAME, process).toBe(process);
      expect(environment.KAFKA_SASL_PASSWORD, process).toMatch(new RegExp(`^\\$\\{${kafkaPasswordVariable(process)}:\\?`));
      expect(environment.KAFKA_TLS_CA_FILE, process).toBe('/kafka-tls/ca.pem');
      expect(service(process).volumes, process).toContain('kafka-tls:/kafka-tls:ro');
      expect(service(process).depends_on?.['kafka-acls']?.condition, process).toBe('service_completed_successfully');
    }
    const acls = service('kafka-acls');
    expect(acls.command?.join(' ')).toContain('app/kafka-acls.ts');
    expect(acls.environment).toMatchObject({ KAFKA_SASL_USERNAME: KAFKA_ADMIN_PRINCIPAL, KAFKA_TLS_CA_FILE: '/kafka-tls/ca.pem' });
    expect(acls.environment?.KAFKA_SASL_PASSWORD).toMatch(new RegExp(`^\\$\\{${kafkaPasswordVariable(KAFKA_ADMIN_PRINCIPAL)}:\\?`));
  });

  it('restarts every service, checks the health of each one that keeps running, and keeps data in named volumes', () => {
    const oneShots = Object.entries(services).filter(([, s]) => s.restart?.startsWith('on-failure'));
    expect(oneShots.map(([name]) => name).sort()).toEqual(['kafka-acls', 'migrate', 'temporal-schema', 'temporal-setup']);
    for (const [name, s] of Object.entries(services)) {
      expect(s.restart, name).toMatch(/^(unless-stopped|on-failure:\d+)$/);
      if (s.restart === 'unless-stopped') expect(s.healthcheck?.test.length, name).toBeGreaterThan(1);
    }
    const dataOf = { postgres: '/var/lib/postgresql/data', 'temporal-postgres': '/var/lib/postgresql/data', kafka: '/var/lib/kafka/data' };
    for (const [name, dataDir] of Object.entries(dataOf)) {
      const volume = service(name)
        .volumes?.find((v) => v.split(':')[1] === dataDir)
        ?.split(':')[0];
      expect(Object.keys(compose.volumes), name).toContain(volume);
    }
  });
});
