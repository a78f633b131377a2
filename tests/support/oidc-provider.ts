// A local OpenID Connect provider of its own for a test file: the stack's service (stack/oidc.ts)
// on a free port with a fresh data folder, so a test may rotate its keys without disturbing others.
// Tokens the provider would never issue (wrong audience, too long a lifetime) are signed here with
// its own signing key, read from its key file, so that only the property under test is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { importJWK, type JWTPayload, SignJWT } from 'jose';
import pg from 'pg';
import type { TokenVerifier } from '../../api/auth/tokens.ts';
import { createHealthChecker } from '../../api/health.ts';
import type { Session } from '../../api/routes/session.ts';
import { buildApi } from '../../api/server.ts';
import { loadStackConfig, type StackConfig } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
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

/** What an OpenID Connect test file works with: a provider of its own, and APIs over the test database that trust it. */
export interface OidcTestBed {
  provider: TestProvider;
  /** A ready API over the test database whose gate is `tokens`; closed with the bed. */
  api(tokens: TokenVerifier): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function startOidcTestBed(): Promise<OidcTestBed> {
  const settings = loadSettings();
  const provider = await startTestProvider();
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
  const health = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  const apis: FastifyInstance[] = [];
  return {
    provider,
    async api(tokens) {
      const api = buildApi({ pool, health, tokens });
      apis.push(api);
      await api.ready();
      return api;
    },
    async close() {
      for (const api of apis) await api.close();
      await health.close();
      await pool.end();
      await provider.stop();
    },
  };
}

/** GET /me with a bearer token: who the API takes the caller for, or the problem it answers. */
export async function me(api: FastifyInstance, token: string) {
  const response = await api.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json() as Session & { detail?: string } };
}
