// The local stack's OpenID Connect provider as a process (stack/oidc.ts starts it): issuer
// http://127.0.0.1:<oidc port of the profile>, signing keys in <data dir>/oidc/signing-keys.json.
// SIGHUP reads the keys again (after a rotation) without closing the port; SIGTERM stops it.
import http from 'node:http';
import type Provider from 'oidc-provider';
import { loadStackConfig } from '../../infra/config.ts';
import { DEV_USERS } from './dev-users.ts';
import { answerLogin } from './login.ts';
import { createProvider, INTERACTION_PATH } from './provider.ts';
import { loadOrCreateSigningKeys, readSigningKeys, signingKeysFile } from './signing-keys.ts';

interface Current {
  provider: Provider;
  handle: ReturnType<Provider['callback']>;
}

function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('the local OpenID Connect provider has development users with a published password: it never runs in production');
  }
  const config = loadStackConfig();
  const issuer = `http://127.0.0.1:${config.oidcPort}`;
  const keysFile = signingKeysFile(config.dataDir);

  const build = (keys: Awaited<ReturnType<typeof loadOrCreateSigningKeys>>): Current => {
    const provider = createProvider(issuer, keys);
    log(`signing with key ${keys[0]?.kid}; publishing ${keys.map((key) => key.kid).join(', ')}`);
    return { provider, handle: provider.callback() };
  };
  // Sessions and grants live in oidc-provider's in-memory store, which every instance in this
  // process shares: a reload keeps sign-ins that are under way.
  let current = build(await loadOrCreateSigningKeys(keysFile));

  const server = http.createServer((req, res) => {
    const { provider, handle } = current;
    if (!req.url?.startsWith(INTERACTION_PATH)) return void handle(req, res);
    answerLogin(provider, req, res).catch((error: unknown) => {
      log(`sign-in failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('This sign-in could not be completed: start again from the application.');
    });
  });

  process.on('SIGHUP', () => {
    try {
      current = build(readSigningKeys(keysFile));
    } catch (error) {
      log(`SIGHUP: keeping the keys in use, ${keysFile} could not be read: ${(error as Error).message}`);
    }
  });
  const stop = (signal: string) => {
    log(`${signal}: closing`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.oidcPort, '127.0.0.1', resolve);
  });
  log(`OpenID Connect provider ${issuer} ready (${DEV_USERS.size} development users, profile ${config.profile})`);
}

main().catch((error: unknown) => {
  console.error(`taskforce oidc provider: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
