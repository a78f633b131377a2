// The one logger of every process (pino): one JSON object a line on stdout, each with the same
// fields, `time`, `level` (its name), `process` and `msg`, plus `caseId`, `commandId` and
// `traceId` where a line is about one (a child logger carries them). Every process names itself
// first thing (`nameProcess`); the libraries we run (kafkajs, the Temporal SDK, fastify) log
// through it too. What is logged never holds a personal value: lines name cases, commands, events
// and positions, never their contents (tests/integration/process-logs.test.ts reads them all).
// With tracing on (infra/tracing.ts), a line written while a span is active carries that span's
// trace id as `traceId`; with it off there is never an active span and the lookup finds nothing.
import { isValidTraceId, trace } from '@opentelemetry/api';
import pino from 'pino';

export type Logger = pino.Logger;

/** The fields a line may carry besides the message. */
export interface LogFields {
  caseId?: string;
  commandId?: string;
  traceId?: string;
  [field: string]: unknown;
}

/** TASKFORCE_LOG_LEVEL: trace, debug, info (the default), warn, error, fatal or silent. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.TASKFORCE_LOG_LEVEL ?? 'info';
}

/** The active span's trace id, for every line written inside one, unless the logger names a trace already (a request's). */
function activeTrace(_fields: object, _level: number, logger: Logger): { traceId?: string } {
  const span = trace.getActiveSpan(); // never one with tracing off
  if (!span || (logger as unknown as Record<symbol, string>)[pino.symbols.chindingsSym]?.includes('"traceId":')) return {};
  const { traceId } = span.spanContext();
  return isValidTraceId(traceId) ? { traceId } : {};
}

/** A logger writing to `destination` (stdout, synchronously, so a line written before exit is not lost). */
export function createLogger(processName: string, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true })): Logger {
  return pino(
    {
      level: logLevelFromEnv(),
      base: { process: processName },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: activeTrace,
    },
    destination,
  );
}

let root: Logger | undefined;

/** Names the process on every line from now on; app/*.ts call it first thing. */
export function nameProcess(processName: string): Logger {
  root = createLogger(processName);
  return root;
}

/** The process's logger (named "taskforce" until the process names itself: a tool, a test). */
export function processLogger(): Logger {
  root ??= createLogger('taskforce');
  return root;
}
