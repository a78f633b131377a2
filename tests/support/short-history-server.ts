// A Temporal dev server of a test's own (in memory, headless, a free port) that suggests
// continue-as-new after a few dozen history events instead of some four thousand, so every case
// workflow really continues as new within one short scenario. The stack's servers keep the default.
import { type ChildProcess, spawn } from 'node:child_process';
import { loadStackConfig } from '../../infra/config.ts';
import { searchAttributeFlags, temporalAnswers, temporalCliPath } from '../../stack/temporal.ts';
import { freePort } from './free-port.ts';
import { waitUntil } from './wait-until.ts';

export interface ShortHistoryServer {
  address: string;
  namespace: string;
  close(): Promise<void>;
}

/** Starts the server; `suggestContinueAsNewAfter` is the history length from which the server suggests it. */
export async function startShortHistoryServer(suggestContinueAsNewAfter: number): Promise<ShortHistoryServer> {
  const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');
  const port = await freePort();
  const namespace = 'default';
  const address = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    temporalCliPath(config),
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--namespace',
      namespace,
      '--log-level',
      'error',
      '--dynamic-config-value',
      `limit.historyCount.suggestContinueAsNew=${suggestContinueAsNewAfter}`,
      ...searchAttributeFlags(),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntil('the short-history Temporal server answers', async () => {
      if (child.exitCode !== null) throw new Error(`the short-history Temporal server exited (${child.exitCode}): ${stderr}`);
      return temporalAnswers(address, namespace);
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    namespace,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
