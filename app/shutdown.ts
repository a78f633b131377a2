// How every application process stops on SIGTERM or SIGINT: it closes what it opened, newest first,
// and exits 0. A close can hang for as long as a client keeps retrying a server that is gone (a
// Temporal worker whose server stopped answering took 30 s to stop, and one still connecting
// ignored SIGTERM altogether), so after SHUTDOWN_DEADLINE_MS the process exits 1 anyway, naming
// what had not closed. The supervisor of `npm start` sends SIGKILL only 20 s after SIGTERM.

/** Well inside the 10 s an operator (or `npm start`'s Ctrl-C) waits for a process to go. */
export const SHUTDOWN_DEADLINE_MS = 8000;

/** A second signal sooner than this after the first is the same request twice, not a hurry. */
const REPEAT_AFTER_MS = 1000;

export interface Shutdown {
  /** Something to close on the way out, named for the log; closed newest first. */
  closes(what: string, close: () => unknown): void;
  /** True from the first signal on. */
  readonly stopping: boolean;
}

export function shutdownOnSignal(processName: string, log: (line: string) => void, deadlineMs = SHUTDOWN_DEADLINE_MS): Shutdown {
  const open: { what: string; close: () => unknown }[] = [];
  let first: NodeJS.Signals | undefined;
  let firstAt = 0;

  /** What is still open, in the order it closes. */
  const stillOpen = () =>
    open
      .map((o) => o.what)
      .reverse()
      .join(', ');

  const stop = async (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      // A signal to `npm start`'s process group (Ctrl-C, or kill of the group) reaches each child
      // just before the supervisor's own SIGTERM: only the same signal again, later, means "do not wait".
      if (signal !== first || Date.now() - firstAt < REPEAT_AFTER_MS) return;
      log(`${signal} again: exiting without waiting for ${stillOpen() || 'anything'}`);
      process.exit(1);
    }
    first = signal;
    firstAt = Date.now();
    log(`${signal}: closing ${stillOpen() || 'nothing (still starting)'}`);
    setTimeout(() => {
      log(`${processName}: ${stillOpen()} did not close within ${deadlineMs / 1000} s; exiting`);
      process.exit(1);
    }, deadlineMs);
    while (open.length > 0) {
      const last = open[open.length - 1]!;
      try {
        await last.close();
      } catch (error) {
        log(`${processName}: closing ${last.what} failed (${error instanceof Error ? error.message : String(error)})`);
      }
      open.splice(open.indexOf(last), 1);
    }
    log(`${processName} stopped`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));

  return {
    closes: (what, close) => {
      open.push({ what, close });
    },
    get stopping() {
      return first !== undefined;
    },
  };
}
