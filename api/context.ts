// What the API's route plugins are given: the process's connections and checkers (built once in
// app/api.ts, or by a test), and what the server itself keeps (metrics, the declared routes).
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { TokenVerifier } from './auth/tokens.ts';
import type { HealthChecker } from './health.ts';
import type { HttpMetrics } from './metrics.ts';
import type { RouteSpec } from './route.ts';

export interface ApiDeps {
  pool: pg.Pool;
  health: HealthChecker;
  tokens: TokenVerifier;
}

export interface ApiContext extends ApiDeps {
  metrics: HttpMetrics;
  /** Every route declared with addRoute, in registration order (read after the server is ready). */
  routeSpecs(): readonly RouteSpec[];
}

/** One file per resource under api/routes/ exports one of these; api/routes/index.ts lists them. */
export type ApiPlugin = (app: FastifyInstance, context: ApiContext) => void | Promise<void>;
