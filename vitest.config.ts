// Tests run in forked processes (the Temporal core bridge misbehaves in worker threads)
// against the `test` profile of the local stack, which the global setup brings up.
import { defineConfig } from 'vitest/config';
import { appEnv, loadStackConfig } from './infra/config.ts';

const testStack = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');

export default defineConfig({
  test: {
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    env: { ...appEnv(testStack), TASKFORCE_PROFILE: 'test' },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
