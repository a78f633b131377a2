// A sleeper that a NOTIFY (or a stop) wakes early. The relay and the SSE store feed both wait this
// way between reads: a wake-up that arrives while no one waits is kept for the next wait.
export class Wakeup {
  private pending = false;
  private stopped = false;
  private waiter: (() => void) | undefined;

  wake(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** From now on every wait returns at once. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  /** Forgets earlier wake-ups: a read starts now, and a NOTIFY after this point triggers another. */
  clear(): void {
    this.pending = false;
  }

  /** Waits for a wake-up, a stop or the timeout, whichever comes first. */
  wait(ms: number): Promise<void> {
    if (this.pending || this.stopped) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}
