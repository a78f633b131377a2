// A Temporal setting that cannot work stops a process at start, within seconds, with a line that
// names the setting: a certificate file that is not there, or TLS asked of a server that does not
// speak it (the test stack's plain loopback server). Never a hang, never a bare transport error.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptProcess } from './script-process.ts';

let started: ScriptProcess | undefined;
afterEach(async () => {
  await started?.kill('SIGKILL');
  started = undefined;
});

function start(script: string, env: Record<string, string>): ScriptProcess {
  started = new ScriptProcess(script, script, { TASKFORCE_TASK_QUEUE: `temporal-settings-${randomUUID()}`, ...env });
  return started;
}

describe('a Temporal setting that cannot work', () => {
  it.each(['app/worker.ts', 'app/api.ts'])('%s exits 1 before it connects, naming a certificate file that is not there', async (script) => {
    const missing = `/nonexistent/${randomUUID()}/ca.pem`;
    // The file is read before anything listens or connects, so the API's usual port is safe to name.
    const child = start(script, { TEMPORAL_TLS_SERVER_CA_CERT_PATH: missing });
    expect(await child.waitForExit(20_000)).toBe(1);
    expect(child.messages.join('\n')).toMatch(new RegExp(`TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read ${missing}: ENOENT`));
    expect(child.messages.join('\n')).not.toMatch(/polling|listening/);
  });

  it('the worker exits 1 within 15 s when TLS is asked of a server without it, naming TEMPORAL_TLS', async () => {
    const startedAt = Date.now();
    const worker = start('app/worker.ts', { TEMPORAL_TLS: 'true' });
    expect(await worker.waitForExit(15_000)).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(worker.messages.join('\n')).toMatch(/cannot connect to Temporal at 127\.0\.0\.1:\d+ \(TLS; from [^)]*TEMPORAL_TLS\b[^)]*\): \S/);
  });
});
