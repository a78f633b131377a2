// Tests run in forked processes (the Temporal core bridge misbehaves in worker threads)
// against the `test` profile of the local stack, which the suite's global setup brings up (the
// chaos run brings up a stack of its own).
//
// Two groups, one after the other: every test file (two at a time), then the short chaos run on
// its own. The chaos run starts a second stack and kills its processes; beside other files it
// would starve them of the machine's cores and make their waits flaky.
import { defineConfig } from 'vitest/config';
import { appEnv, loadStackConfig, METRICS_ENDPOINTS, metricsPortVariable } from './infra/config.ts';

const testStack = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');
const CHAOS = 'tests/chaos/**/*.test.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    // The suite sends thousands of requests from one address within a minute; the limits have a
    // test of their own (tests/integration/abuse-limits.test.ts) with limits it sets.
    env: {
      ...appEnv(testStack),
      TASKFORCE_PROFILE: 'test',
      TASKFORCE_RATE_LIMIT_PER_ADDRESS: '1000000',
      TASKFORCE_RATE_LIMIT_PER_CALLER: '1000000',
      TASKFORCE_SSE_STREAMS_PER_CALLER: '1000',
      // Processes a test starts serve no metrics unless it gives them a port: several run at once.
      ...Object.fromEntries(METRICS_ENDPOINTS.map((endpoint) => [metricsPortVariable(endpoint), '0'])),
    },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          globalSetup: ['tests/global-setup.ts'],
          name: 'suite',
          include: ['tests/**/*.test.ts'],
          exclude: [CHAOS],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'chaos', include: [CHAOS], sequence: { groupOrder: 1 } } },
    ],
  },
});
