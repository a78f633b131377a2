// Every application process exits within 10 s of SIGTERM even when its servers are gone: here
// PostgreSQL, Kafka and Temporal are all one address that accepts connections and never answers
// (a hung host, or a network that drops packets), the hardest case for a client's own shutdown.
// The worker's own cases, a server that stops answering mid-poll among them, are in
// worker-shutdown.test.ts.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../infra/settings.ts';
import { freePort } from '../support/free-port.ts';
import { ScriptProcess } from './script-process.ts';

let blackHole: net.Server;
let blackHoleAddress: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  blackHole = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => blackHole.listen(port, '127.0.0.1', resolve));
  blackHoleAddress = `127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
});

let running: ScriptProcess | undefined;
afterEach(async () => {
  await running?.kill('SIGKILL');
  running = undefined;
});

/** The test stack's settings with every server moved to the black hole, and no metrics port to collide on. */
function goneServers(): Record<string, string> {
  const database = new URL(loadSettings().databaseUrl);
  database.host = blackHoleAddress;
  return {
    DATABASE_URL: database.toString(),
    KAFKA_BROKERS: blackHoleAddress,
    TEMPORAL_ADDRESS: blackHoleAddress,
    TASKFORCE_TOPIC_PREFIX: `gone-${randomUUID().slice(0, 8)}`,
    TASKFORCE_RELAY_METRICS_PORT: '0',
    TASKFORCE_PROJECTOR_METRICS_PORT: '0',
    TASKFORCE_ROUTER_METRICS_PORT: '0',
  };
}

describe('each process on SIGTERM, with its servers gone', () => {
  it.each(['relay', 'projector', 'router', 'api'])('%s exits within 10 s', { timeout: 60_000 }, async (name) => {
    const apiPort = await freePort();
    const connectionsBefore = sockets.size;
    running = new ScriptProcess(name, `app/${name}.ts`, { ...goneServers(), TASKFORCE_API_PORT: String(apiPort) });
    if (name === 'api') {
      // The API connects on demand: a health check sends it to every server, and is still waiting when SIGTERM comes.
      await running.waitForLine(/listening on/);
      void fetch(`http://127.0.0.1:${apiPort}/health`).catch(() => undefined);
    }
    // Started and trying to reach its servers: its first connections have reached the black hole.
    const deadline = Date.now() + 30_000;
    while (sockets.size === connectionsBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets.size, `${name} never connected:\n${running.output.join('\n')}`).toBeGreaterThan(connectionsBefore);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sent = Date.now();
    await running.kill('SIGTERM');
    const seconds = (Date.now() - sent) / 1000;
    expect(seconds, running.output.join('\n')).toBeLessThan(10);
    expect(running.messages.join('\n')).toMatch(/SIGTERM: closing/);
  });
});
