// Is each dependency of the API reachable right now? Real round trips, each bounded by a timeout:
// `select 1` on PostgreSQL, cluster metadata from Kafka, system info and the namespace from Temporal.
import { Connection } from '@temporalio/client';
import type pg from 'pg';
import { z } from 'zod';
import type { TemporalConnection } from '../infra/temporal-connection.ts';
import { kafkaClient } from '../kafka/client.ts';
import { describeCluster } from '../kafka/cluster.ts';

export const DependencyHealth = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().describe('time the check took, in milliseconds'),
  error: z.string().optional().describe('why the check failed (an error code or kind, no internals)'),
});
export type DependencyHealth = z.infer<typeof DependencyHealth>;

export const HealthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checkedAt: z.iso.datetime(),
  dependencies: z.object({ postgres: DependencyHealth, kafka: DependencyHealth, temporal: DependencyHealth }),
});
export type HealthReport = z.infer<typeof HealthReport>;

export interface HealthChecker {
  check(): Promise<HealthReport>;
  close(): Promise<void>;
}

export interface HealthTargets {
  pool: pg.Pool;
  kafkaBrokers: string[];
  /** How to reach Temporal (infra/temporal-connection.ts): the health check uses the processes' own TLS and API key. */
  temporal: TemporalConnection;
  /** Each check gives up after this long (default 2 s). */
  timeoutMs?: number;
}

class CheckTimeout extends Error {
  override readonly name = 'CheckTimeout';
}

function reasonOf(error: unknown): string {
  if (error instanceof CheckTimeout) return 'timeout';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'error';
}

async function timed(timeoutMs: number, probe: () => Promise<void>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout()), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round((performance.now() - started) * 10) / 10, error: reasonOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthChecker(targets: HealthTargets): HealthChecker {
  const timeoutMs = targets.timeoutMs ?? 2000;
  const kafka = kafkaClient(targets, 'taskforce-api-health', { retries: 0, timeoutMs });
  let temporal: Promise<Connection> | undefined;

  async function postgres(): Promise<void> {
    await targets.pool.query('select 1');
  }

  async function kafkaCluster(): Promise<void> {
    const cluster = await describeCluster(kafka);
    if (cluster.brokers === 0) throw Object.assign(new Error('no brokers'), { code: 'NO_BROKERS' });
  }

  async function temporalServer(): Promise<void> {
    temporal ??= Connection.connect({ ...targets.temporal.connectOptions, connectTimeout: timeoutMs });
    const pending = temporal;
    try {
      const connection = await pending;
      await connection.withDeadline(Date.now() + timeoutMs, async () => {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace: targets.temporal.namespace });
      });
    } catch (error) {
      // Start over next time rather than keep a connection that failed.
      if (temporal === pending) temporal = undefined;
      void pending.then((c) => c.close()).catch(() => undefined);
      throw error;
    }
  }

  return {
    async check() {
      const [pgHealth, kafkaHealth, temporalHealth] = await Promise.all([
        timed(timeoutMs, postgres),
        timed(timeoutMs, kafkaCluster),
        timed(timeoutMs, temporalServer),
      ]);
      const dependencies = { postgres: pgHealth, kafka: kafkaHealth, temporal: temporalHealth };
      const healthy = Object.values(dependencies).every((d) => d.status === 'up');
      return { status: healthy ? 'ok' : 'degraded', checkedAt: new Date().toISOString(), dependencies };
    },
    async close() {
      const pending = temporal;
      temporal = undefined;
      if (pending) await pending.then((c) => c.close()).catch(() => undefined);
    },
  };
}
