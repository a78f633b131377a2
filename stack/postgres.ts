// PostgreSQL from the Debian package, in a cluster of our own. initdb refuses to run as root, so as
// root the cluster belongs to the `postgres` user, and lives where that user can reach it: in the
// data folder, or, when the checkout is out of its reach (under a home folder of mode 700, as /root
// is), in /var/lib/taskforce/<hash of the data folder's path>. It listens on TCP only: a unix
// socket's path (at most 107 bytes) would not fit under a checkout at a long path. The superuser
// has a password of its own, made with the cluster and kept in the data folder (mode 600); the
// application's roles get theirs from the stack config (eventstore/provision.ts).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { provisionDatabase } from '../eventstore/provision.ts';
import { databaseUrl, type StackConfig } from '../infra/config.ts';
import { ensurePrerequisites, type Prerequisite } from './prerequisites.ts';
import { assertPortFree, runningPid, type ServiceProcess, spawnDetached, stopProcess, waitUntil } from './process.ts';
import { run } from './run.ts';
import type { ServiceStatus } from './status.ts';

const SUPERUSER = 'postgres';
/** Where clusters go that the `postgres` user could not reach in their data folder. */
const OUTSIDE_ROOT = '/var/lib/taskforce';

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

const POSTGRESQL: Prerequisite = { name: 'PostgreSQL', present: () => findBinDir() !== undefined, debianPackages: ['postgresql'] };

/** The folder of PostgreSQL's programs (initdb, postgres), installed first if need be. */
async function ensureInstalled(): Promise<string> {
  await ensurePrerequisites('The event store', [POSTGRESQL]);
  const binDir = findBinDir();
  if (!binDir) throw new Error('postgresql is installed but no initdb was found under /usr/lib/postgresql/*/bin');
  return binDir;
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

/** Where the cluster goes when the `postgres` user cannot reach the data folder (as root only). */
export function clusterDirOutside(config: StackConfig): string {
  return path.join(OUTSIDE_ROOT, crypto.createHash('sha256').update(config.dataDir).digest('hex').slice(0, 16));
}

/** True when `owner` may enter `dir`: search permission on it and on every folder above it. */
function canEnter(dir: string, owner: { uid?: number; gid?: number }): boolean {
  return spawnSync('test', ['-x', dir], { ...owner, cwd: '/', stdio: 'ignore' }).status === 0;
}

/** The cluster's folder: where one was made before, else in the data folder if its owner can reach that. */
function clusterDir(config: StackConfig, owner: { uid?: number; gid?: number }): string {
  const inside = path.join(config.dataDir, 'postgres');
  if (owner.uid === undefined) return inside;
  const outside = clusterDirOutside(config);
  removeClusterOfEarlierCheckout(config, outside);
  if (fs.existsSync(path.join(inside, 'PG_VERSION'))) return inside;
  if (fs.existsSync(path.join(outside, 'PG_VERSION'))) return outside;
  fs.mkdirSync(config.dataDir, { recursive: true });
  return canEnter(config.dataDir, owner) ? inside : outside;
}

/** Beside a cluster outside its data folder: that folder's path, so the cluster can go when the checkout has gone. */
function dataFolderNote(outsideDir: string): string {
  return `${outsideDir}.data-folder`;
}

/**
 * Deletes the clusters outside their data folders whose data folder is gone (a deleted clone, a CI
 * run's checkout) and on which no server runs: nothing else would ever free their disk.
 */
function removeOrphanedClusters(): void {
  const notes = fs.existsSync(OUTSIDE_ROOT) ? fs.readdirSync(OUTSIDE_ROOT).filter((name) => name.endsWith('.data-folder')) : [];
  for (const name of notes) {
    const note = path.join(OUTSIDE_ROOT, name);
    const cluster = note.slice(0, -'.data-folder'.length);
    const dataFolder = fs.readFileSync(note, 'utf8').trim();
    if (fs.existsSync(dataFolder) || fs.existsSync(path.join(cluster, 'postmaster.pid'))) continue;
    console.log(`  removing ${cluster}, the PostgreSQL cluster of ${dataFolder}, which is gone`);
    fs.rmSync(cluster, { recursive: true, force: true });
    fs.rmSync(note, { force: true });
  }
}

/**
 * A cluster outside the data folder that this data folder has never run (neither the superuser's
 * password nor a PostgreSQL log is in it) was made for an earlier checkout at this same path,
 * deleted and cloned again: that password went with the old checkout, so nothing could log in to
 * it. It is removed, unless a server still runs on it.
 */
function removeClusterOfEarlierCheckout(config: StackConfig, outside: string): void {
  if (!fs.existsSync(path.join(outside, 'PG_VERSION'))) return;
  if (fs.existsSync(superuserPasswordFile(config)) || fs.existsSync(postgresProcess(config).logFile)) return;
  if (fs.existsSync(path.join(outside, 'postmaster.pid'))) {
    throw new Error(
      `a PostgreSQL server is running on ${outside}, the cluster of an earlier checkout at this path; stop it ` +
        `(kill the postgres process named in ${path.join(outside, 'postmaster.pid')}), then start again`,
    );
  }
  console.log(`  removing ${outside}, the PostgreSQL cluster of an earlier checkout at ${config.dataDir}, which is gone`);
  fs.rmSync(outside, { recursive: true, force: true });
  fs.rmSync(dataFolderNote(outside), { force: true });
}

/** Deletes the cluster wherever it is (every case and event); the stack must be down. */
export function removePostgresCluster(config: StackConfig): void {
  const outside = clusterDirOutside(config);
  for (const file of [path.join(config.dataDir, 'postgres'), outside, dataFolderNote(outside)]) {
    fs.rmSync(file, { recursive: true, force: true });
  }
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
      `  the PostgreSQL superuser of the ${config.profile} stack still has the password it shared with the owner role; ` +
        `\`npm run stack -- reset --profile ${config.profile}\` makes a new cluster whose superuser has one of its own`,
    );
  }
  return SHARED_SUPERUSER_PASSWORD;
}

function initCluster(config: StackConfig, dir: string, binDir: string, owner: { uid?: number; gid?: number }): void {
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return;
  const outside = dir === clusterDirOutside(config);
  console.log(`  initdb ${dir}${outside ? ` (outside the data folder: the postgres user cannot reach ${config.dataDir})` : ''}`);
  if (outside) {
    removeOrphanedClusters();
    fs.mkdirSync(OUTSIDE_ROOT, { recursive: true });
    fs.chmodSync(OUTSIDE_ROOT, 0o755);
    fs.writeFileSync(dataFolderNote(dir), `${config.dataDir}\n`);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(superuserPasswordFile(config), `${crypto.randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  // Beside the cluster, where its owner can read it (the temporary folder may be out of its reach too).
  const pwFile = path.join(path.dirname(dir), `.initdb-password-${process.pid}`);
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
  const binDir = await ensureInstalled();
  const owner = clusterOwner();
  const dir = clusterDir(config, owner);
  initCluster(config, dir, binDir, owner);
  if (runningPid(svc) === undefined) {
    await assertPortFree('postgres', config.postgres.port);
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
        'unix_socket_directories=',
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
  await waitUntil('postgres', () => postgresHealthy(config), 60_000, svc);
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
