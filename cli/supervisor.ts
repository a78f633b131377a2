// Keeps the application processes of `taskforce start` running: one that exits on its own is
// started again after a pause that doubles with each crash, since every process resumes where it
// left off (the relay from its checkpoint, the projectors from their stored offsets, the worker
// from Temporal). One that keeps crashing is not a passing fault: the supervisor gives up and says so.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';

export interface SupervisorOptions {
  /** Starts the named process. */
  start(name: string): ChildProcess;
  /** Progress lines: a crash and the restart it causes. */
  log(line: string): void;
  /** Called once when a process crashed more often than allowed; the caller stops everything. */
  giveUp(reason: string): void;
  /** Crashes allowed within `crashWindowMs` before giving up (default 5). */
  crashesAllowed?: number;
  crashWindowMs?: number;
  /** The pause before the first restart; it doubles with each crash in the window (default 1 s). */
  firstRestartDelayMs?: number;
}

/** Time a process has to finish its batch and exit after SIGTERM. */
const STOP_GRACE_MS = 20_000;

interface Supervised {
  name: string;
  child: ChildProcess;
  crashes: number[];
  restart?: NodeJS.Timeout;
}

/**
 * How a child ended, in words. The children are tsx, which passes on its own child's death by a
 * signal as exit code 128 + the signal's number: a `kill -9` of the process shows as 137, so name it.
 */
export function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal !== null) return signal;
  if (code === null) return 'no exit code';
  const byNumber = Object.entries(os.constants.signals).find(([, number]) => code === 128 + number);
  return byNumber ? `${byNumber[0]} (exit code ${code})` : String(code);
}

/** Calls `ended` once when the child exits, or fails to start at all ('error' without 'exit'). */
function onEnd(child: ChildProcess, ended: (how: string) => void): void {
  let done = false;
  const end = (how: string) => {
    if (done) return;
    done = true;
    ended(how);
  };
  if (child.exitCode !== null || child.signalCode !== null) end(`exited with ${exitDescription(child.exitCode, child.signalCode)}`);
  child.once('exit', (code, signal) => end(`exited with ${exitDescription(code, signal)}`));
  child.once('error', (error) => end(`could not run (${error.message})`));
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => onEnd(child, () => resolve()));
}

export class Supervisor {
  private readonly processes: Supervised[];
  private stopping = false;
  private readonly crashesAllowed: number;
  private readonly crashWindowMs: number;
  private readonly firstRestartDelayMs: number;

  constructor(
    names: readonly string[],
    private readonly options: SupervisorOptions,
  ) {
    this.crashesAllowed = options.crashesAllowed ?? 5;
    this.crashWindowMs = options.crashWindowMs ?? 120_000;
    this.firstRestartDelayMs = options.firstRestartDelayMs ?? 1000;
    this.processes = names.map((name) => ({ name, child: options.start(name), crashes: [] }));
    for (const supervised of this.processes) this.watch(supervised);
  }

  /** The process running under this name now (a restart replaces it). */
  current(name: string): ChildProcess | undefined {
    return this.processes.find((p) => p.name === name)?.child;
  }

  /**
   * Stops every process with SIGTERM, and SIGKILL for any still there after `STOP_GRACE_MS`, and
   * waits until all have exited; no restarts from here on.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const supervised of this.processes) {
      clearTimeout(supervised.restart);
      supervised.child.kill('SIGTERM');
    }
    const force = setTimeout(() => {
      for (const supervised of this.processes) supervised.child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(this.processes.map((supervised) => exitOf(supervised.child)));
    clearTimeout(force);
  }

  private watch(supervised: Supervised): void {
    onEnd(supervised.child, (how) => {
      if (this.stopping) return;
      const now = Date.now();
      supervised.crashes = [...supervised.crashes.filter((at) => now - at < this.crashWindowMs), now];
      if (supervised.crashes.length > this.crashesAllowed) {
        this.options.giveUp(
          `${supervised.name} ${how}, having crashed ${supervised.crashes.length} times within ${this.crashWindowMs / 1000} s`,
        );
        return;
      }
      const delayMs = this.firstRestartDelayMs * 2 ** (supervised.crashes.length - 1);
      this.options.log(`${supervised.name} ${how}; starting it again in ${delayMs / 1000} s`);
      supervised.restart = setTimeout(() => {
        if (this.stopping) return;
        supervised.child = this.options.start(supervised.name);
        this.watch(supervised);
      }, delayMs);
    });
  }
}
