// The local OpenID Connect provider (stack/oidc-provider/) as a service of the stack: started by
// `stack up` on the profile's oidc port, stopped by `stack down`. Its signing keys are rotated
// here: the key file is rewritten, then the running provider is told to read it again (SIGHUP).
import path from 'node:path';
import type { StackConfig } from '../infra/config.ts';
import { keyIds, retireOldSigningKeys, rotateSigningKeys, signingKeysFile } from './oidc-provider/signing-keys.ts';
import { assertPortFree, runningPid, type ServiceProcess, spawnDetached, stopProcess, waitUntil } from './process.ts';
import type { ServiceStatus } from './status.ts';

const ENTRY = path.join('stack', 'oidc-provider', 'main.ts');

export function oidcIssuer(config: StackConfig): string {
  return `http://127.0.0.1:${config.oidcPort}`;
}

export function oidcProcess(config: StackConfig): ServiceProcess {
  return {
    name: 'oidc',
    pidFile: path.join(config.dataDir, 'pids', 'oidc.pid'),
    logFile: path.join(config.dataDir, 'logs', 'oidc.log'),
    marker: ENTRY,
  };
}

/** True when the provider publishes its discovery document under the expected issuer. */
export async function oidcHealthy(config: StackConfig): Promise<boolean> {
  try {
    const response = await fetch(`${oidcIssuer(config)}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2000) });
    return response.ok && ((await response.json()) as { issuer?: string }).issuer === oidcIssuer(config);
  } catch {
    return false;
  }
}

export async function oidcUp(config: StackConfig): Promise<void> {
  const svc = oidcProcess(config);
  if (runningPid(svc) === undefined) {
    await assertPortFree('oidc provider', config.oidcPort);
    spawnDetached(svc, {
      command: process.execPath,
      args: ['--import', 'tsx', ENTRY],
      cwd: config.rootDir,
      env: {
        ...process.env,
        TASKFORCE_PROFILE: config.profile,
        TASKFORCE_DATA_DIR: config.dataDir,
        TASKFORCE_OIDC_PORT: String(config.oidcPort),
      },
    });
  }
  await waitUntil('oidc provider', () => oidcHealthy(config), 30_000, svc);
}

export async function oidcDown(config: StackConfig): Promise<boolean> {
  return stopProcess(oidcProcess(config));
}

export async function oidcStatus(config: StackConfig): Promise<ServiceStatus> {
  return {
    service: 'oidc',
    port: config.oidcPort,
    pid: runningPid(oidcProcess(config)),
    healthy: await oidcHealthy(config),
    detail: `issuer ${oidcIssuer(config)}`,
  };
}

async function publishedKeyIds(config: StackConfig): Promise<string[]> {
  const response = await fetch(`${oidcIssuer(config)}/jwks`, { signal: AbortSignal.timeout(2000) });
  return ((await response.json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
}

/** Tells the running provider, if any, to read its key file again, and waits until it publishes `expected`. */
async function reloadKeys(config: StackConfig, expected: string[]): Promise<void> {
  const svc = oidcProcess(config);
  const pid = runningPid(svc);
  if (pid === undefined) return;
  process.kill(pid, 'SIGHUP');
  const published = async () => (await publishedKeyIds(config)).join() === expected.join();
  await waitUntil(`the oidc provider to publish keys ${expected.join(', ')}`, published, 10_000, svc);
}

/** A new signing key, first in the key set; the old keys stay published. Returns the new key's id. */
export async function rotateOidcSigningKey(config: StackConfig): Promise<string> {
  const file = signingKeysFile(config.dataDir);
  const kid = await rotateSigningKeys(file);
  await reloadKeys(config, keyIds(file));
  return kid;
}

/** Stops publishing every key but the signing one; returns the ids of the keys removed. */
export async function retireOldOidcSigningKeys(config: StackConfig): Promise<string[]> {
  const file = signingKeysFile(config.dataDir);
  const retired = retireOldSigningKeys(file);
  await reloadKeys(config, keyIds(file));
  return retired;
}
