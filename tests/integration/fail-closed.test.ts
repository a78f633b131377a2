// Every process as an operator starts it: outside a local stack (here: no TASKFORCE_PROFILE) and
// with the development secrets, each of app/*.ts exits 1 before it connects to anything, naming
// the variables it needs and how to make them. On the local stack they start (api-process.test.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretsOf } from '../../app/secrets.ts';
import { APP_PROCESSES } from '../../cli/start.ts';

function run(name: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, `../../app/${name}.ts`)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** The test stack's environment without its profile, and so with the development secrets standing in. */
const UNSET = ['TASKFORCE_PROFILE', 'TASKFORCE_TOKEN_SECRET', 'TASKFORCE_PAYLOAD_KEYS', 'TASKFORCE_DATA_KEY_MASTER'];
const deployed = Object.fromEntries(Object.entries(process.env).filter(([name]) => !UNSET.includes(name)));

describe('outside a local stack, with the development secrets', () => {
  it.each(APP_PROCESSES)('%s refuses to start, naming each secret it holds and how to make it', async (name) => {
    const { code, output } = await run(name, deployed);
    expect(code).toBe(1);
    expect(output).toContain(
      `taskforce ${name}: refusing to start with development secrets outside a local stack (TASKFORCE_PROFILE is not set)`,
    );
    for (const secret of secretsOf(name)) expect(output).toContain(`${secret.variable} `);
    expect(output).toContain('make a real one:');
    expect(output).toContain('taskforce secrets init --file .env.production');
    expect(output).not.toMatch(/listening|polling|running|routing/);
  });
});
