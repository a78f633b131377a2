// Everything the console's browser tests run against, all real: a case worker on the shared test
// stack's Temporal, the outbox relay and the projector (a topic prefix and read-model schema of
// their own), an OpenID Connect provider of its own to sign in with, the API serving the console
// over that schema and trusting that provider (as in a deployment: provider tokens only), and
// headless Chromium from the Debian package, driven by playwright-core.
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadTokenVerifier } from '../../api/auth/accepted-tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { CONSOLE_DIST } from '../../api/routes/console.ts';
import { buildApi } from '../../api/server.ts';
import { CaseClient } from '../../cases/client.ts';
import { type RelayHandle, relaySettingsFromEnv, startRelay } from '../../eventstore/relay.ts';
import { loadSettings } from '../../infra/settings.ts';
import { DEV_PASSWORD } from '../../stack/oidc-provider/dev-users.ts';
import { CHROMIUM } from '../../stack/prerequisites.ts';
import { createReadModelSchema, dropReadModelSchema, isolatedProjectionEnv, ProjectorProcess } from '../integration/projection-support.ts';
import { isolatedRelayEnv } from '../integration/relay-support.ts';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.ts';
import { devServerHarness, type WorkflowHarness } from '../support/temporal.ts';

export const TEMPORAL_UI = 'http://127.0.0.1:8333';

export interface ConsoleStack {
  /** The console's address: <api>/console/. */
  url: string;
  /** Commands straight to the cases, for what a test prepares rather than tests. */
  cases: CaseClient;
  harness: WorkflowHarness;
  browser: Browser;
  /** Every origin any page asked for something, for the check that nothing loads from elsewhere. */
  requestedOrigins: Set<string>;
  apiOrigin: string;
  providerOrigin: string;
  /** A page of a fresh browser context (its own storage and cookies), signed in as a development user. */
  signedIn(user: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const settings = loadSettings();
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const admin = new pg.Pool({ connectionString: settings.databaseUrl, max: 2 });
    closers.push(() => admin.end());
    const relayEnv = isolatedRelayEnv();
    const projectionEnv = { ...isolatedProjectionEnv(), TASKFORCE_TOPIC_PREFIX: relayEnv.TASKFORCE_TOPIC_PREFIX };
    const schema = projectionEnv.TASKFORCE_READ_MODEL_SCHEMA;
    await createReadModelSchema(admin, schema);
    closers.push(() => dropReadModelSchema(admin, schema));

    const relay: RelayHandle = startRelay({ ...relaySettingsFromEnv({ ...process.env, ...relayEnv }), log: () => undefined });
    closers.push(() => relay.stop());
    await relay.active;
    const projector = new ProjectorProcess(projectionEnv);
    closers.push(() => projector.kill('SIGTERM'));
    await projector.waitForLine(/projector running/, 60_000);

    const harness = await devServerHarness();
    closers.push(() => harness.close());
    const provider: TestProvider = await startTestProvider();
    closers.push(() => provider.stop());

    const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 8, options: `-c search_path=${schema},public` });
    closers.push(() => pool.end());
    const health: HealthChecker = createHealthChecker({
      pool,
      kafkaBrokers: settings.kafkaBrokers,
      temporal: settings.temporal,
    });
    closers.push(() => health.close());
    const api = buildApi({
      pool,
      health,
      tokens: loadTokenVerifier({ ...process.env, TASKFORCE_PROFILE: 'dev', TASKFORCE_OIDC_ISSUER: provider.issuer }, () => undefined),
      temporal: { client: harness.client, taskQueue: harness.taskQueue, uiOrigins: [] },
      console: {
        dir: CONSOLE_DIST,
        issuer: provider.issuer,
        clientId: 'taskforce-console',
        temporalUi: { url: TEMPORAL_UI, namespace: settings.temporalNamespace },
      },
    });
    closers.push(() => api.close());
    const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });

    const browser = await chromium.launch({
      executablePath: CHROMIUM.executable(),
      // Chromium's sandbox needs user namespaces a root process in a container does not get.
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    closers.push(() => browser.close());

    const requestedOrigins = new Set<string>();
    return {
      url: `${apiUrl}/console/`,
      requestedOrigins,
      apiOrigin: new URL(apiUrl).origin,
      providerOrigin: new URL(provider.issuer).origin,
      cases: new CaseClient(harness.client, harness.taskQueue),
      harness,
      browser,
      async signedIn(user, viewport = { width: 1280, height: 800 }) {
        const context = await browser.newContext({ viewport, locale: 'en-GB' });
        // Playwright's 30 s for a click or a read is too short when the suite's machine is busy.
        context.setDefaultTimeout(90_000);
        context.on('request', (request) => requestedOrigins.add(new URL(request.url()).origin));
        const page = await context.newPage();
        await page.goto(`${apiUrl}/console/`);
        // The provider's own sign-in form, then back to the console with a code.
        await page.getByLabel('User name').fill(user);
        await page.getByLabel('Password').fill(DEV_PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByText(`Signed in as ${user}`).waitFor();
        return page;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
