// The API process as an operator runs it: `app/api.ts` reads the app settings, listens on
// TASKFORCE_API_PORT, answers over a real socket, and exits cleanly on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';

const entry = path.resolve(import.meta.dirname, '../../app/api.ts');
let child: ChildProcess | undefined;

function start(env: NodeJS.ProcessEnv): { process: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const started = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  let output = '';
  started.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  started.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));
  return { process: started, output: () => output, exited };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

describe('the API process (app/api.ts)', () => {
  it('listens on the configured port, logs its URL, serves /health and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const api = start({ TASKFORCE_API_PORT: String(port), TASKFORCE_TOKEN_SECRET: '' });
    await waitFor(() => api.output().includes('Taskforce API listening'), 'the API to listen');
    expect(api.output()).toContain(`http://127.0.0.1:${port}`);
    expect(api.output()).toContain('TASKFORCE_TOKEN_SECRET is not set');

    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/health`)).status, { timeout: 20_000 }).toBe(200);
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('ok');

    api.process.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(api.output()).toContain('SIGTERM: closing');
  });

  it('refuses to start in production without a token secret, saying why', async () => {
    const api = start({ NODE_ENV: 'production', TASKFORCE_TOKEN_SECRET: '', TASKFORCE_API_PORT: String(await freePort()) });
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/TASKFORCE_TOKEN_SECRET is not set: in production/);
  });
});
