// The Temporal SDK's logs (its own, the Rust core's once forwarded, and what workflows and
// activities log through their context loggers) into the process's pino logger, with our field
// names: a case's workflow id is its `caseId`, an Update's id is its `commandId`, and the trace id
// the SDK's OpenTelemetry interceptors add (app/temporal-tracing.ts) is its `traceId`.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '../infra/logger.ts';
import { kindOfCaseId } from '../workflows/kinds.ts';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

function fieldsOf(meta: LogMetadata = {}): Record<string, unknown> {
  const { workflowId, updateId, trace_id, span_id, trace_flags, ...rest } = meta as LogMetadata & {
    workflowId?: unknown;
    updateId?: unknown;
    trace_id?: unknown;
    span_id?: unknown;
    trace_flags?: unknown;
  };
  return {
    ...rest,
    ...(typeof trace_id === 'string' ? { traceId: trace_id } : {}),
    ...(typeof workflowId === 'string' && kindOfCaseId(workflowId) ? { caseId: workflowId } : workflowId ? { workflowId } : {}),
    ...(updateId ? { commandId: updateId } : {}),
  };
}

export function temporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) =>
    logger[LEVELS[level]]({ component: 'temporal', ...fieldsOf(meta) }, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
