// `npm start` asks "is Kafka up yet?" every few hundred milliseconds while the broker starts; each
// "no" is the answer it waits for, so it must not print kafkajs's connection warnings (a first start
// printed 33 of them between "kafka on 127.0.0.1:9092…" and "ready").
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe("the stack's Kafka health probe", () => {
  it('answers false for a port where no broker listens, and logs nothing', async () => {
    const port = await freePort();
    const probe = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { kafkaHealthy } = await import('./stack/kafka.ts');
         const { loadStackConfig } = await import('./infra/config.ts');
         console.log(JSON.stringify({ healthy: await kafkaHealthy(loadStackConfig()) }));`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, TASKFORCE_KAFKA_PORT: String(port) }, timeout: 60_000 },
    );
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim().split('\n')).toEqual(['{"healthy":false}']);
  });
});
