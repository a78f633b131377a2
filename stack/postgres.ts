// PostgreSQL from the Debian package, in a cluster of our own under the data folder.
// initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
// The superuser has a password of its own, made with the cluster and kept beside it (mode 600);
// the application's roles get theirs from the stack config (eventstore/provision.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { provisionDatabase } from '../eventstore/provision.ts';
import { databaseUrl, type StackConfig } from '../infra/config.ts';
import { assertPortFree, runningPid, type ServiceProcess, spawnDetached, stopProcess, waitUntil } from './process.ts';
import { run } from './run.ts';
import type { ServiceStatus } from './status.ts';

const SUPERUSER = 'postgres';

export function postgresProcess(config: StackConfig): ServiceProcess {
  return {
    name: 'postgres',
    pidFile: path.join(config.dataDir, 'pids', 'postgres.pid'),
    logFile: path.join(config.dataDir, 'logs', 'postgres.log'),
    marker: 'postgres',
  };
}

function findBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
}

function ensureInstalled(): string {
  const found = findBinDir();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error('PostgreSQL is not installed. Install the Debian package first: sudo apt-get install -y postgresql');
  }
  console.log('  installing PostgreSQL (apt-get install postgresql)…');
  run('apt-get', ['update', '-q'], { timeoutMs: 600_000 });
  run('apt-get', ['install', '-y', '-q', 'postgresql'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeoutMs: 900_000,
  });
  const installed = findBinDir();
  if (!installed) throw new Error('apt-get installed postgresql but no initdb was found under /usr/lib/postgresql/*/bin');
  return installed;
}

/** As root the cluster runs as `postgres`; otherwise as the current user. */
function clusterOwner(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${SUPERUSER}:`));
  if (!line) throw new Error('running as root, but there is no `postgres` user to own the cluster (the postgresql package creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function clusterDir(config: StackConfig): string {
  return path.join(config.dataDir, 'postgres');
}

function superuserPasswordFile(config: StackConfig): string {
  return path.join(config.dataDir, 'postgres-superuser.password');
}

/** What the superuser's password was before it had one of its own: the owner's development password. */
const SHARED_SUPERUSER_PASSWORD = 'taskforce';

let warnedOfSharedPassword = false;

function superuserPassword(config: StackConfig): string {
  const file = superuserPasswordFile(config);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  if (!warnedOfSharedPassword) {
    warnedOfSharedPassword = true;
    console.warn(
      `  the PostgreSQL superuser of ${clusterDir(config)} still has the password it shared with the owner role; ` +
        `\`npm run stack -- reset --profile ${config.profile}\` makes a new cluster whose superuser has one of its own`,
    );
  }
  return SHARED_SUPERUSER_PASSWORD;
}

function initCluster(config: StackConfig, binDir: string, owner: { uid?: number; gid?: number }): void {
  const dir = clusterDir(config);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return;
  console.log(`  initdb ${dir}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(superuserPasswordFile(config), `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  const pwFile = path.join(os.tmpdir(), `taskforce-pw-${process.pid}`);
  fs.writeFileSync(pwFile, `${superuserPassword(config)}\n`, { mode: 0o600 });
  if (owner.uid !== undefined && owner.gid !== undefined) {
    fs.chownSync(dir, owner.uid, owner.gid);
    fs.chownSync(pwFile, owner.uid, owner.gid);
  }
  try {
    run(
      path.join(binDir, 'initdb'),
      ['-D', dir, '-U', SUPERUSER, '--pwfile', pwFile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'],
      { ...owner, cwd: '/' },
    );
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

export function superuserUrl(config: StackConfig, database = 'postgres'): string {
  return databaseUrl(config, { user: SUPERUSER, password: superuserPassword(config) }, database);
}

async function ensureDatabase(config: StackConfig): Promise<void> {
  const { database, owner, app } = config.postgres;
  await provisionDatabase(superuserUrl(config), { database, owner, app });
}

export async function postgresHealthy(config: StackConfig): Promise<boolean> {
  const client = new pg.Client({ connectionString: superuserUrl(config), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function postgresUp(config: StackConfig): Promise<void> {
  const svc = postgresProcess(config);
  const binDir = ensureInstalled();
  const owner = clusterOwner();
  initCluster(config, binDir, owner);
  if (runningPid(svc) === undefined) {
    await assertPortFree('postgres', config.postgres.port);
    const dir = clusterDir(config);
    spawnDetached(svc, {
      command: path.join(binDir, 'postgres'),
      args: [
        '-D',
        dir,
        '-p',
        String(config.postgres.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${dir}`,
        '-c',
        'max_connections=200',
        '-c',
        'shared_buffers=256MB',
        '-c',
        'log_min_messages=warning',
      ],
      cwd: '/',
      ...owner,
    });
  }
  await waitUntil('postgres', () => postgresHealthy(config), 60_000, svc.logFile);
  await ensureDatabase(config);
}

export async function postgresDown(config: StackConfig): Promise<boolean> {
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, then stop cleanly.
  return stopProcess(postgresProcess(config), 'SIGINT');
}

export async function postgresStatus(config: StackConfig): Promise<ServiceStatus> {
  return {
    service: 'postgres',
    port: config.postgres.port,
    pid: runningPid(postgresProcess(config)),
    healthy: await postgresHealthy(config),
  };
}
