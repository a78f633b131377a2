// The local stack as one unit: up (idempotent), down (only what we started), status, reset.
import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../infra/config.ts';
import { kafkaDown, kafkaStatus, kafkaUp } from './kafka.ts';
import { oidcDown, oidcStatus, oidcUp } from './oidc.ts';
import { postgresDown, postgresStatus, postgresUp, removePostgresCluster } from './postgres.ts';
import { withLockFile } from './process.ts';
import type { ServiceStatus } from './status.ts';
import { temporalDown, temporalStatus, temporalUp } from './temporal.ts';

async function timed(name: string, step: () => Promise<void>): Promise<void> {
  const started = Date.now();
  console.log(`• ${name}…`);
  await step();
  console.log(`✓ ${name} ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Serialises concurrent `up` calls (two test runs at once) on one data folder. */
function withLock<T>(config: StackConfig, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  return withLockFile(path.join(config.dataDir, 'stack.lock'), `the stack in ${config.dataDir}`, 600_000, work);
}

export async function stackUp(config: StackConfig): Promise<void> {
  await withLock(config, async () => {
    // Sequential on purpose: on two cores, three JVM/Go/Postgres cold starts at once are slower.
    await timed(`postgres on 127.0.0.1:${config.postgres.port}`, () => postgresUp(config));
    await timed(`kafka on 127.0.0.1:${config.kafka.port}`, () => kafkaUp(config));
    await timed(`temporal on 127.0.0.1:${config.temporal.port}`, () => temporalUp(config));
    await timed(`oidc provider on 127.0.0.1:${config.oidcPort}`, () => oidcUp(config));
  });
}

export async function stackDown(config: StackConfig): Promise<string[]> {
  return withLock(config, async () => {
    const stopped: string[] = [];
    if (await oidcDown(config)) stopped.push('oidc');
    if (await temporalDown(config)) stopped.push('temporal');
    if (await kafkaDown(config)) stopped.push('kafka');
    if (await postgresDown(config)) stopped.push('postgres');
    return stopped;
  });
}

/** Stops the stack and deletes its data (every case, event and topic), wherever it lives; the downloads stay. */
export async function stackReset(config: StackConfig): Promise<void> {
  await stackDown(config);
  removePostgresCluster(config);
  fs.rmSync(config.dataDir, { recursive: true, force: true });
}

export async function stackStatus(config: StackConfig): Promise<ServiceStatus[]> {
  return Promise.all([postgresStatus(config), kafkaStatus(config), temporalStatus(config), oidcStatus(config)]);
}
