// A local OpenID Connect provider of its own for a test file: the stack's service (stack/oidc.ts)
// on a free port with a fresh data folder, so a test may rotate its keys without disturbing others.
// Tokens the provider would never issue (wrong audience, too long a lifetime) are signed here with
// its own signing key, read from its key file, so that only the property under test is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importJWK, type JWTPayload, SignJWT } from 'jose';
import { loadStackConfig, type StackConfig } from '../../infra/config.ts';
import { oidcDown, oidcIssuer, oidcUp } from '../../stack/oidc.ts';
import { readSigningKeys, signingKeysFile } from '../../stack/oidc-provider/signing-keys.ts';
import { freePort } from './free-port.ts';

export interface TestProvider {
  config: StackConfig;
  issuer: string;
  /** A JWT signed with the provider's current signing key: its claims are the given ones, nothing added. */
  sign(payload: JWTPayload): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestProvider(): Promise<TestProvider> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-oidc-'));
  const config = loadStackConfig(
    { ...process.env, TASKFORCE_PROFILE: 'test', TASKFORCE_DATA_DIR: dataDir, TASKFORCE_OIDC_PORT: String(await freePort()) },
    'test',
  );
  await oidcUp(config);
  return {
    config,
    issuer: oidcIssuer(config),
    async sign(payload) {
      const [jwk] = readSigningKeys(signingKeysFile(config.dataDir));
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: jwk?.kid }).sign(await importJWK(jwk!, 'RS256'));
    },
    async stop() {
      await oidcDown(config);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
