// docker-compose.yml cannot run here (no Docker engine), so this keeps it equivalent to the
// local stack: same services, same host ports, same environment variable names, same
// search attributes, same application processes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_PROCESSES } from '../../cli/start.ts';
import { appEnv, loadStackConfig } from '../../infra/config.ts';
import { KAFKA_VERSION } from '../../stack/kafka.ts';
import { SEARCH_ATTRIBUTES } from '../../stack/temporal.ts';

interface ComposeService {
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  command?: string[];
}

const root = path.resolve(import.meta.dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const dev = loadStackConfig({}, 'dev');

function hostPorts(service: string): number[] {
  return (services[service]?.ports ?? []).map((mapping) => Number(mapping.split(':')[0]));
}

describe('docker-compose.yml matches the local stack', () => {
  it('runs the three services from official images, Kafka at the same version', () => {
    expect(services.postgres?.image).toMatch(/^postgres:/);
    expect(services.kafka?.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(services.temporal?.image).toMatch(/^temporalio\//);
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
  });

  it('publishes the dev profile host ports', () => {
    expect(hostPorts('postgres')).toEqual([dev.postgres.port]);
    expect(hostPorts('kafka')).toEqual([dev.kafka.port]);
    expect(hostPorts('temporal')).toEqual([dev.temporal.port]);
    expect(hostPorts('temporal-ui')).toEqual([dev.temporal.uiPort]);
    expect(hostPorts('api')).toEqual([dev.apiPort]);
  });

  it('runs every application process with the same environment variable names', () => {
    const names = Object.keys(appEnv(dev)).sort();
    for (const process of APP_PROCESSES) {
      expect(services[process], `service ${process}`).toBeDefined();
      expect(services[process]?.command?.join(' ')).toContain(`app/${process}.ts`);
      expect(
        Object.keys(services[process]?.environment ?? {})
          .filter((n) => names.includes(n))
          .sort(),
      ).toEqual(names);
    }
  });

  it('uses the same database name, user and password as the local stack', () => {
    const env = services.postgres?.environment ?? {};
    expect([env.POSTGRES_DB, env.POSTGRES_USER, env.POSTGRES_PASSWORD]).toEqual([
      dev.postgres.database,
      dev.postgres.owner.user,
      dev.postgres.owner.password,
    ]);
  });

  it('registers the same search attributes', () => {
    const setup = services['temporal-setup']?.command?.join(' ') ?? '';
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) expect(setup).toContain(`${name}=${type}`);
    expect(setup.match(/\w+=(Keyword|Datetime)/g)).toHaveLength(Object.keys(SEARCH_ATTRIBUTES).length);
  });
});
