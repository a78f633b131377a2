// One place that turns environment variables into the stack's ports, folders and URLs.
// The `test`, `chaos` and `bench` profiles have their own ports and data folders, so `npm test` runs
// beside `npm start`, the fault-injection run can kill its services without touching either, and
// `npm run bench` measures on services that neither of them loads.
import path from 'node:path';

export const PROFILES = ['dev', 'test', 'chaos', 'bench'] as const;
export type Profile = (typeof PROFILES)[number];

/** A PostgreSQL role that logs in, and its password. */
export interface DatabaseLogin {
  user: string;
  password: string;
}

/**
 * The two roles of the application's database (docs/ARCHITECTURE.md, "Least privilege in
 * PostgreSQL"). Their names are fixed, since migrations and audit/trail.sql grant to them by name;
 * only the passwords change from one installation to the next.
 */
export const DATABASE_ROLES = {
  /** Owns the database, the event store and the migrations' record; migrations run as it. */
  owner: 'taskforce',
  /** What the processes log in as: appends events, writes the read models, owns nothing else. */
  app: 'taskforce_app',
} as const;

/** The local stack's passwords, printed here: a process refuses them outside a local stack (infra/secrets.ts). */
export const DEVELOPMENT_DATABASE_PASSWORDS = { owner: 'taskforce', app: 'taskforce-app' } as const;

/** A Kafka principal (a SASL/SCRAM user) and its password. */
export interface KafkaLogin {
  username: string;
  password: string;
}

/**
 * The Kafka principal the broker itself logs in as, a super user: the local stack and the tests
 * use it too, the processes each have their own (kafka/principals.ts).
 */
export const KAFKA_ADMIN_PRINCIPAL = 'admin';

/** The local stack's Kafka principals log in with these passwords: a process refuses them outside a local stack (infra/secrets.ts). */
export const DEVELOPMENT_KAFKA_PASSWORD_PREFIX = 'taskforce-dev-kafka-';

export function developmentKafkaPassword(principal: string): string {
  return `${DEVELOPMENT_KAFKA_PASSWORD_PREFIX}${principal}`;
}

export interface StackConfig {
  profile: Profile;
  rootDir: string;
  dataDir: string;
  cacheDir: string;
  postgres: { port: number; database: string; owner: DatabaseLogin; app: DatabaseLogin };
  /** `admin` is the broker's own login and its super user (SASL/SCRAM, with a development password). */
  kafka: { port: number; controllerPort: number; heapMb: number; admin: KafkaLogin };
  temporal: { port: number; uiPort: number; namespace: string };
  apiPort: number;
  /** The local OpenID Connect provider (stack/oidc.ts); its issuer is http://127.0.0.1:<port>. */
  oidcPort: number;
  /** Where each process without an HTTP API of its own answers GET /metrics; 0: no endpoint. */
  metricsPorts: Record<MetricsEndpoint, number>;
}

/**
 * The metrics endpoints besides the API's own /metrics: one per process, and the Temporal SDK's,
 * which its Rust core serves in the worker process (Runtime telemetry).
 */
export const METRICS_ENDPOINTS = ['worker', 'temporal-sdk', 'relay', 'projector', 'router'] as const;
export type MetricsEndpoint = (typeof METRICS_ENDPOINTS)[number];

/** TASKFORCE_WORKER_METRICS_PORT, TASKFORCE_TEMPORAL_SDK_METRICS_PORT, …: one variable per endpoint. */
export function metricsPortVariable(endpoint: MetricsEndpoint): string {
  return `TASKFORCE_${endpoint.toUpperCase().replace('-', '_')}_METRICS_PORT`;
}

const DEFAULT_PORTS: Record<
  Profile,
  { pg: number; kafka: number; temporal: number; ui: number; api: number; oidc: number; metrics: number }
> = {
  dev: { pg: 5433, kafka: 9092, temporal: 7233, ui: 8233, api: 3000, oidc: 3001, metrics: 9401 },
  test: { pg: 5443, kafka: 9192, temporal: 7333, ui: 8333, api: 3100, oidc: 3101, metrics: 9411 },
  // The fault-injection run kills services; it gets a stack of its own so other tests are unharmed.
  chaos: { pg: 5453, kafka: 9292, temporal: 7433, ui: 8433, api: 3200, oidc: 3201, metrics: 9421 },
  // Benchmarks write millions of rows and time what they do: nothing else runs on this stack.
  bench: { pg: 5463, kafka: 9392, temporal: 7533, ui: 8533, api: 3300, oidc: 3301, metrics: 9431 },
};

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, lowest = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < lowest || value > 65535) {
    throw new Error(`${name} must be a port number (${lowest}-65535), got "${raw}"`);
  }
  return value;
}

/** The profile's metrics ports, one after another from its first, each overridable (0: none, e.g. a second relay on the same host). */
function metricsPortsFromEnv(env: NodeJS.ProcessEnv, first: number): Record<MetricsEndpoint, number> {
  return Object.fromEntries(
    METRICS_ENDPOINTS.map((endpoint, i) => [endpoint, intFromEnv(env, metricsPortVariable(endpoint), first + i, 0)]),
  ) as Record<MetricsEndpoint, number>;
}

export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): Profile {
  const profile = env.TASKFORCE_PROFILE ?? 'dev';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new Error(`TASKFORCE_PROFILE must be one of ${PROFILES.join(', ')}, got "${profile}"`);
  }
  return profile as Profile;
}

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env, profile: Profile = profileFromEnv(env)): StackConfig {
  const rootDir = path.resolve(import.meta.dirname, '..');
  const ports = DEFAULT_PORTS[profile];
  const base = path.resolve(rootDir, env.TASKFORCE_HOME ?? '.taskforce');
  const kafkaPort = intFromEnv(env, 'TASKFORCE_KAFKA_PORT', ports.kafka);
  return {
    profile,
    rootDir,
    dataDir: path.resolve(env.TASKFORCE_DATA_DIR ?? path.join(base, profile)),
    cacheDir: path.resolve(env.TASKFORCE_CACHE_DIR ?? path.join(base, 'cache')),
    postgres: {
      port: intFromEnv(env, 'TASKFORCE_PG_PORT', ports.pg),
      database: env.TASKFORCE_PG_DATABASE ?? 'taskforce',
      owner: { user: DATABASE_ROLES.owner, password: env.TASKFORCE_PG_OWNER_PASSWORD ?? DEVELOPMENT_DATABASE_PASSWORDS.owner },
      app: { user: DATABASE_ROLES.app, password: env.TASKFORCE_PG_APP_PASSWORD ?? DEVELOPMENT_DATABASE_PASSWORDS.app },
    },
    kafka: {
      port: kafkaPort,
      controllerPort: intFromEnv(env, 'TASKFORCE_KAFKA_CONTROLLER_PORT', kafkaPort + 1),
      heapMb: intFromEnv(env, 'TASKFORCE_KAFKA_HEAP_MB', 768),
      admin: { username: KAFKA_ADMIN_PRINCIPAL, password: developmentKafkaPassword(KAFKA_ADMIN_PRINCIPAL) },
    },
    temporal: {
      port: intFromEnv(env, 'TASKFORCE_TEMPORAL_PORT', ports.temporal),
      uiPort: intFromEnv(env, 'TASKFORCE_TEMPORAL_UI_PORT', ports.ui),
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    },
    apiPort: intFromEnv(env, 'TASKFORCE_API_PORT', ports.api),
    oidcPort: intFromEnv(env, 'TASKFORCE_OIDC_PORT', ports.oidc),
    metricsPorts: metricsPortsFromEnv(env, ports.metrics),
  };
}

/** Connection settings the application processes read; docker-compose sets the same names. */
export interface AppEnv {
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  TASKFORCE_API_PORT: string;
}

/** The URL of the local stack's database for `login`. */
export function databaseUrl(config: StackConfig, login: DatabaseLogin, database = config.postgres.database): string {
  return `postgres://${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@127.0.0.1:${config.postgres.port}/${database}`;
}

/** Where migrations go: the owner's URL (the processes' DATABASE_URL cannot change the schema). */
export function ownerDatabaseUrl(config: StackConfig): string {
  return databaseUrl(config, config.postgres.owner);
}

export function appEnv(config: StackConfig): AppEnv {
  return {
    DATABASE_URL: databaseUrl(config, config.postgres.app),
    KAFKA_BROKERS: `127.0.0.1:${config.kafka.port}`,
    TEMPORAL_ADDRESS: `127.0.0.1:${config.temporal.port}`,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TASKFORCE_API_PORT: String(config.apiPort),
  };
}
