// The supervisor of `npm start` with real child processes: a process that crashes is started
// again, one that keeps crashing makes it give up, and stopping ends every process for good.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../../cli/supervisor.ts';
import { waitUntil } from '../support/wait-until.ts';

const RUNS_ON = 'setInterval(() => undefined, 1000)';

function node(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

describe('the supervisor of npm start', () => {
  it('starts a process that crashed again, and leaves the others alone', async () => {
    // Given a relay that crashes once, then runs, beside a worker that runs
    const log: string[] = [];
    let relayStarts = 0;
    supervisor = new Supervisor(['worker', 'relay'], {
      start: (name) => (name === 'relay' && relayStarts++ === 0 ? node('process.exit(3)') : node(RUNS_ON)),
      log: (line) => log.push(line),
      giveUp: (reason) => log.push(`gave up: ${reason}`),
      firstRestartDelayMs: 50,
    });
    const worker = supervisor.current('worker');
    // When the relay has crashed and the pause has passed
    await waitUntil('the relay is started again', async () => relayStarts === 2);
    // Then it runs again, the worker is the same process, and the restart was said
    expect(supervisor.current('relay')?.exitCode).toBeNull();
    expect(supervisor.current('worker')).toBe(worker);
    expect(log).toEqual(['relay exited with 3; starting it again in 0.05 s']);
  });

  it('names the signal that killed a process, also when tsx passed it on as exit code 128 + its number', async () => {
    const log: string[] = [];
    let starts = 0;
    supervisor = new Supervisor(['router'], {
      start: () =>
        starts++ === 0 ? node("process.kill(process.pid, 'SIGKILL')") : starts === 2 ? node('process.exit(137)') : node(RUNS_ON),
      log: (line) => log.push(line),
      giveUp: (reason) => log.push(`gave up: ${reason}`),
      firstRestartDelayMs: 20,
    });
    await waitUntil('the router is started a third time', async () => starts === 3);
    expect(log).toEqual([
      'router exited with SIGKILL; starting it again in 0.02 s',
      'router exited with SIGKILL (exit code 137); starting it again in 0.04 s',
    ]);
  });

  it('gives up on a process that keeps crashing, saying which and how often', async () => {
    const reasons: string[] = [];
    let starts = 0;
    supervisor = new Supervisor(['router'], {
      start: () => {
        starts++;
        return node('process.exit(1)');
      },
      log: () => undefined,
      giveUp: (reason) => reasons.push(reason),
      crashesAllowed: 2,
      firstRestartDelayMs: 20,
    });
    await waitUntil('the supervisor gives up', async () => reasons.length > 0);
    expect(reasons).toEqual(['router exited with 1, having crashed 3 times within 120 s']);
    expect(starts).toBe(3);
  });

  it('counts a process that cannot be started at all as a crash', async () => {
    const log: string[] = [];
    const reasons: string[] = [];
    supervisor = new Supervisor(['api'], {
      start: () => spawn('/nonexistent/taskforce-api', [], { stdio: 'ignore' }),
      log: (line) => log.push(line),
      giveUp: (reason) => reasons.push(reason),
      crashesAllowed: 1,
      firstRestartDelayMs: 20,
    });
    await waitUntil('the supervisor gives up', async () => reasons.length > 0);
    expect(log).toEqual([
      expect.stringMatching(/^api could not run \(spawn \/nonexistent\/taskforce-api ENOENT\); starting it again in 0.02 s$/),
    ]);
    expect(reasons).toEqual([expect.stringMatching(/^api could not run .*, having crashed 2 times within 120 s$/)]);
  });

  it('starts nothing again once stopped while a restart was pending', async () => {
    let starts = 0;
    supervisor = new Supervisor(['relay'], {
      start: () => {
        starts++;
        return node('process.exit(2)');
      },
      log: () => undefined,
      giveUp: () => undefined,
      firstRestartDelayMs: 300,
    });
    await waitUntil('the relay has crashed', async () => supervisor!.current('relay')?.exitCode === 2);
    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(starts).toBe(1);
  });

  it('stops every process and starts none again', async () => {
    let starts = 0;
    supervisor = new Supervisor(['worker', 'api'], {
      start: () => {
        starts++;
        return node(RUNS_ON);
      },
      log: () => undefined,
      giveUp: () => undefined,
      firstRestartDelayMs: 10,
    });
    const running = [supervisor.current('worker')!, supervisor.current('api')!];
    await supervisor.stop();
    expect(running.map((child) => child.signalCode)).toEqual(['SIGTERM', 'SIGTERM']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(starts).toBe(2);
  });
});
