// Starting, finding and stopping the stack's background processes through pid files,
// so `stack down` stops exactly what `stack up` started and nothing else.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sleep } from '../infra/sleep.ts';

export interface ServiceProcess {
  name: string;
  pidFile: string;
  logFile: string;
  /** A word that must appear in /proc/<pid>/cmdline, guarding against a recycled pid. */
  marker: string;
}

export function readPid(service: ServiceProcess): number | undefined {
  try {
    const pid = Number(fs.readFileSync(service.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat); // a zombie has exited already
  } catch {
    return true;
  }
}

/** The pid of the running process this service started, if it is still ours. */
export function runningPid(service: ServiceProcess): number | undefined {
  const pid = readPid(service);
  if (pid === undefined || !isAlive(pid)) return undefined;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes(service.marker)) return undefined;
  } catch {
    return undefined;
  }
  return pid;
}

export interface SpawnOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
}

export function spawnDetached(service: ServiceProcess, options: SpawnOptions): number {
  fs.mkdirSync(path.dirname(service.logFile), { recursive: true });
  fs.mkdirSync(path.dirname(service.pidFile), { recursive: true });
  const log = fs.openSync(service.logFile, 'a');
  fs.writeSync(log, `\n--- ${new Date().toISOString()} starting ${options.command} ${options.args.join(' ')}\n`);
  const child = spawn(options.command, options.args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${service.name}: ${options.command} did not spawn`);
  child.unref();
  fs.writeFileSync(service.pidFile, `${child.pid}\n`);
  return child.pid;
}

export async function stopProcess(service: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<boolean> {
  const pid = runningPid(service);
  if (pid === undefined) {
    fs.rmSync(service.pidFile, { force: true });
    return false;
  }
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
  fs.rmSync(service.pidFile, { force: true });
  return true;
}

/**
 * Polls `check` until it returns true, or fails with the last error and the log's tail: at once when
 * the `service` it waits for has exited (a server that cannot start does not keep us waiting).
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, service?: ServiceProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  const failure = (why: string) => {
    const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
    const tail = service ? `\n--- last lines of ${service.logFile}:\n${tailOf(service.logFile, 20)}` : '';
    return new Error(`${what} ${why}${reason}${tail}`);
  };
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (service && runningPid(service) === undefined) throw failure('exited while starting');
    await sleep(250);
  }
  throw failure(`was not ready within ${Math.round(timeoutMs / 1000)} s`);
}

export function tailOf(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function portIsOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Fails early with a clear message when a port we need belongs to someone else. */
export async function assertPortFree(service: string, port: number): Promise<void> {
  if (await portIsOpen(port)) {
    throw new Error(
      `${service}: port ${port} is already in use by another program. Stop it, or choose another port with the environment variable named in README.md (Configuration).`,
    );
  }
}

/**
 * Runs `work` holding a lock file (the holder's pid inside); waits while a live process holds it,
 * takes it over from a dead one.
 */
export async function withLockFile<T>(lock: string, what: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (!Number.isInteger(holder) || !isAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${what} is locked by process ${holder}`);
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
