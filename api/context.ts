// What the API's route plugins are given: the process's connections and checkers (built once in
// app/api.ts, or by a test), and what the server itself keeps (the abuse limits, the declared routes).
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { AbuseLimits } from './abuse-limits.ts';
import type { TokenVerifier } from './auth/tokens.ts';
import type { HealthChecker } from './health.ts';
import type { RouteSpec } from './route.ts';

/** The API's door to Temporal: a client built with the encrypting data converter, and the case workers' task queue. */
export interface TemporalDeps {
  client: Client;
  taskQueue: string;
  /** Origins of the Temporal UI allowed to call the codec endpoint from a browser (CORS). */
  uiOrigins: readonly string[];
  /** How long a command waits for its case's worker to confirm it (default COMMAND_WITHIN_MS). */
  commandWithinMs?: number;
}

/** What the web console (api/routes/console.ts) needs besides its files: where it signs in, and where the Temporal UI is. */
export interface ConsoleDeps {
  /** The built console's folder. */
  dir: string;
  /** The provider the console signs in with (the API's own issuer) and its client id there. */
  issuer: string;
  clientId: string;
  /** Where a supervisor opens a case's workflow in the Temporal UI. */
  temporalUi: { url: string; namespace: string };
}

export interface ApiDeps {
  pool: pg.Pool;
  health: HealthChecker;
  tokens: TokenVerifier;
  /** Without it the case, history and codec routes are not registered (tests of other resources). */
  temporal?: TemporalDeps;
  /** Without it the web console is not served (api/routes/console.ts). */
  console?: ConsoleDeps;
}

export interface ApiContext extends ApiDeps {
  limits: AbuseLimits;
  /** Every route declared with addRoute, in registration order (read after the server is ready). */
  routeSpecs(): readonly RouteSpec[];
}

/** One file per resource under api/routes/ exports one of these; api/routes/index.ts lists them. */
export type ApiPlugin = (app: FastifyInstance, context: ApiContext) => void | Promise<void>;

/**
 * The Temporal deps, refused when the client has no payload codec: such a client would send
 * commands (names, passport numbers) to the Temporal server in clear and could not read the cases.
 */
export function encryptingTemporal(temporal: TemporalDeps): TemporalDeps {
  if (temporal.client.options.loadedDataConverter.payloadCodecs.length === 0) {
    throw new Error('the API needs a Temporal client built with encryptedDataConverter() (codec/data-converter.ts)');
  }
  return temporal;
}
