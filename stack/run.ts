// Running a command to completion, with its output kept for the error message (and, for a long
// one such as a download, handed on line by line as it comes).
import { spawn, spawnSync } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  timeoutMs?: number;
}

export function run(command: string, args: string[], options: RunOptions = {}): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    uid: options.uid,
    gid: options.gid,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${command} ${args.join(' ')} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${output}`);
  }
  return result.stdout;
}

export function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

export interface ShowingOptions extends RunOptions {
  /** Each line the command prints, on stdout or stderr, as it prints it. */
  onLine(line: string): void;
}

/** Runs a long command (a download) to completion, handing on its output line by line as it comes. */
export function runShowing(command: string, args: string[], options: ShowingOptions): Promise<void> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    uid: options.uid,
    gid: options.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 600_000,
  });
  const lastLines: string[] = [];
  const take = (line: string) => {
    lastLines.push(line);
    if (lastLines.length > 25) lastLines.shift();
    options.onLine(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) take(line);
    });
    stream.on('end', () => {
      if (partial) take(partial);
    });
  }
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${command} ${args.join(' ')} could not run: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${lastLines.join('\n').trim()}`));
    });
  });
}
