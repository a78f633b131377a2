// One of the app's entry points as a child process a test can watch and kill -9: `node --import tsx
// <script>` as a single process (no tsx wrapper), so SIGKILL reaches the script itself. The relay
// and the projector tests both run their process this way.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export class ScriptProcess {
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  /** `name` stands for the process in error messages; `script` is relative to the repository root. */
  constructor(
    private readonly name: string,
    script: string,
    env: Record<string, string>,
  ) {
    const root = path.resolve(import.meta.dirname, '../..');
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.output.push(...chunk.split('\n').filter(Boolean)));
    }
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** The `msg` of each line the process logged (its pino JSON lines); a line that is not JSON as it is. */
  get messages(): string[] {
    return this.output.map((line) => {
      try {
        const entry: unknown = JSON.parse(line);
        if (typeof entry === 'object' && entry !== null && 'msg' in entry && typeof entry.msg === 'string') return entry.msg;
      } catch {
        // not a JSON line (a crash's stack trace on stderr, say)
      }
      return line;
    });
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.some((line) => pattern.test(line))) {
      if (Date.now() > deadline) throw new Error(`${this.name} never logged ${pattern}; it logged:\n${this.output.join('\n')}`);
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited (${this.child.exitCode}):\n${this.output.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The exit code once the process has exited by itself; fails after `timeoutMs`, with what it logged. */
  async waitForExit(timeoutMs = 30_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} still runs after ${timeoutMs} ms; it logged:\n${this.output.join('\n')}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.exited, timedOut]);
      return this.child.exitCode;
    } finally {
      clearTimeout(timer);
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}
