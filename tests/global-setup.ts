// Brings the test stack up (idempotent: fast when already running) and migrates its database,
// so `npm test` and a bare `npx vitest` both run against real services; builds the web console and
// makes sure Chromium (the console's browser tests) and openssl (the mTLS test) are there, installed as root like the stack's own needs.
import { buildConsole } from '../console/build.ts';
import { migrate } from '../eventstore/migrate.ts';
import { loadStackConfig, ownerDatabaseUrl } from '../infra/config.ts';
import { CHROMIUM, ensurePrerequisites, KOREAN_FONTS, OPENSSL } from '../stack/prerequisites.ts';
import { stackDown, stackUp } from '../stack/stack.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');
  await stackUp(config);
  await migrate(ownerDatabaseUrl(config));
  await ensurePrerequisites('the console’s browser tests', [CHROMIUM, KOREAN_FONTS]);
  await ensurePrerequisites('the mTLS test', [OPENSSL]);
  await buildConsole();
  return async () => {
    // CI starts from nothing and must leave nothing behind; locally the stack stays up for fast reruns.
    if (process.env.CI === 'true' || process.env.TASKFORCE_STOP_STACK === '1') await stackDown(config);
  };
}
