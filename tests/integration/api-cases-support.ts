// An API over a real worker for the case, history and codec tests: the case routes talk to the
// test stack's Temporal through the harness's client (encrypting data converter) and task queue.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Caller } from '../../api/auth/caller.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { loadSettings } from '../../app/settings.ts';
import { devServerHarness, type WorkflowHarness } from '../support/temporal.ts';

/** The origin the codec test's browser requests come from. */
export const TEMPORAL_UI_ORIGIN = 'http://127.0.0.1:8333';

export interface CaseApi {
  app: FastifyInstance;
  harness: WorkflowHarness;
  /** Authorization headers for a caller (default: an NPA operator with CONFIDENTIAL clearance). */
  bearer(caller?: Partial<Caller>): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function caseApi(): Promise<CaseApi> {
  const settings = loadSettings();
  const secret = new TextEncoder().encode(`api-cases-test-${randomUUID()}`);
  const harness = await devServerHarness();
  const health: HealthChecker = createHealthChecker({
    pool: harness.pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporalAddress: settings.temporalAddress,
    temporalNamespace: settings.temporalNamespace,
  });
  const app = buildApi({
    pool: harness.pool,
    health,
    tokens: createTokenVerifier(secret),
    temporal: { client: harness.client, taskQueue: harness.taskQueue, uiOrigins: [TEMPORAL_UI_ORIGIN] },
  });
  await app.ready();
  return {
    app,
    harness,
    async bearer(caller = {}) {
      const token = await signToken(secret, { userId: 'kim', agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL', ...caller }, '5m');
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      await health.close();
      await harness.close();
    },
  };
}

/** Ends the test's cases so the shared dev server does not keep their timers running. */
export async function terminateCases(harness: WorkflowHarness, caseIds: readonly string[]): Promise<void> {
  await Promise.all(
    caseIds.map((id) =>
      harness.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined),
    ),
  );
}
