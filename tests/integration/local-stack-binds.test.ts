// The local stack's services, as they run for the tests: PostgreSQL, Kafka (broker and controller),
// Temporal and its UI listen on loopback addresses only, so the development passwords and keys they
// accept are of no use to anyone on the network.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../infra/config.ts';

const LISTEN = '0A';
/** 127.0.0.1, ::1 and ::ffff:127.0.0.1 as /proc/net/tcp{,6} write them. */
const LOOPBACK = new Set(['0100007F', '00000000000000000000000001000000', '0000000000000000FFFF00000100007F']);

/** The local addresses (hex) listening on `port`, from the kernel's socket tables. */
function listenersOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    fs
      .readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === LISTEN && fields[1]?.endsWith(`:${hexPort}`))
      .map((fields) => fields[1]!.split(':')[0]!),
  );
}

describe('the local test stack', () => {
  const config = loadStackConfig();
  it.each([
    ['PostgreSQL', config.postgres.port],
    ['Kafka', config.kafka.port],
    ['the Kafka controller', config.kafka.controllerPort],
    ['Temporal', config.temporal.port],
    ['the Temporal UI', config.temporal.uiPort],
  ])('runs %s on loopback only', (_, port) => {
    const listeners = listenersOn(port);
    expect(listeners.length, `something listens on ${port}`).toBeGreaterThan(0);
    for (const address of listeners) expect(LOOPBACK.has(address), `${address} on port ${port}`).toBe(true);
  });
});
