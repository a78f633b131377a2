// The worker process stops within 10 s of SIGTERM even when its Temporal server no longer answers:
// the SDK would wait for the server (30 s and more), the process's shutdown deadline does not.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../infra/settings.ts';
import { freePort } from '../support/free-port.ts';
import { ScriptProcess } from './script-process.ts';

interface HangingRelay {
  address: string;
  /** From now on nothing more is forwarded either way, and new connections are accepted but never answered. */
  hang(): void;
  close(): Promise<void>;
}

/** A TCP relay to the test stack's Temporal that can stop answering, like a hung server or a network that drops packets. */
async function relayToTemporal(hangingFromTheStart: boolean): Promise<HangingRelay> {
  const [host, port] = loadSettings().temporalAddress.split(':');
  const sockets = new Set<net.Socket>();
  let hanging = hangingFromTheStart;
  const keep = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  };
  const server = net.createServer((client) => {
    keep(client);
    if (hanging) return;
    const upstream = net.connect(Number(port), host);
    keep(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listenPort = await freePort();
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${listenPort}`,
    hang() {
      hanging = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function startWorker(temporalAddress: string): ScriptProcess {
  // A task queue of its own, so the worker never takes a task of another test's.
  return new ScriptProcess('the worker', 'app/worker.ts', {
    TEMPORAL_ADDRESS: temporalAddress,
    TASKFORCE_TASK_QUEUE: `worker-shutdown-${randomUUID()}`,
  });
}

async function secondsToExitAfterSigterm(worker: ScriptProcess): Promise<number> {
  const sent = Date.now();
  await worker.kill('SIGTERM');
  return (Date.now() - sent) / 1000;
}

let relay: HangingRelay | undefined;
let worker: ScriptProcess | undefined;
afterEach(async () => {
  await worker?.kill('SIGKILL');
  await relay?.close();
  worker = undefined;
  relay = undefined;
});

describe('the worker process on SIGTERM', () => {
  it('exits within 10 s while still connecting to a Temporal server that does not answer', async () => {
    relay = await relayToTemporal(true);
    worker = startWorker(relay.address);
    await worker.waitForLine(/worker connecting to Temporal/);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(await secondsToExitAfterSigterm(worker)).toBeLessThan(10);
    expect(worker.exitCode).toBe(0);
    expect(worker.messages).toContain('SIGTERM: closing the database pool');
  });

  it('exits within 10 s, naming the Temporal worker, when its server stopped answering while it polled', async () => {
    relay = await relayToTemporal(false);
    worker = startWorker(relay.address);
    await worker.waitForLine(/worker polling task queue/, 60_000);
    relay.hang();

    expect(await secondsToExitAfterSigterm(worker)).toBeLessThan(10);
    expect(worker.exitCode).toBe(1);
    expect(worker.messages.join('\n')).toMatch(/worker: the Temporal worker, .* did not close within 8 s; exiting/);
  }, 90_000);
});
