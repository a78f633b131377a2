// The Temporal SDK's OpenTelemetry interceptors, for the processes that trace (infra/tracing.ts):
// a client's calls (start, signal, Update) become spans whose context travels in the Temporal
// headers; the worker continues them in the workflow (its own spans, made in the sandbox and handed
// out through a sink, which is never called during replay) and in each activity, so the append
// activity runs inside the command's trace. Off when tracing is off: the bundle then holds no
// interceptor module and nothing changes. Interceptors add headers and spans, never commands, so
// histories recorded with or without them replay the same (tests/workflows/replay.test.ts).
import { createRequire } from 'node:module';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetrySinks,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { ProcessTracing } from '../infra/tracing.ts';

/** The module the workflow bundle loads the workflow interceptors from. */
const WORKFLOW_INTERCEPTORS = createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

type WorkflowSpanProcessor = Parameters<typeof makeWorkflowExporter>[0];
type WorkflowSpan = Parameters<Extract<WorkflowSpanProcessor, { onEnd: unknown }>['onEnd']>[0];
type WorkflowResource = Parameters<typeof makeWorkflowExporter>[1];
type CurrentSpan = Parameters<ProcessTracing['spanProcessor']['onEnd']>[0];

/**
 * The workflow's spans come out of the sandbox in the shape of the SDK's OpenTelemetry 1.x (a
 * `parentSpanId`, an `instrumentationLibrary`); our exporter is of the 2.x generation, which reads
 * `parentSpanContext` and `instrumentationScope`. This hands each span on in the shape it reads.
 */
function workflowSpansInto(processor: ProcessTracing['spanProcessor']): WorkflowSpanProcessor {
  const reshape = (span: WorkflowSpan): CurrentSpan => {
    const spanContext = span.spanContext();
    return {
      ...span,
      spanContext: () => spanContext,
      instrumentationScope: span.instrumentationLibrary,
      parentSpanContext: span.parentSpanId
        ? { traceId: spanContext.traceId, spanId: span.parentSpanId, traceFlags: spanContext.traceFlags }
        : undefined,
    } as unknown as CurrentSpan;
  };
  return {
    onStart: () => undefined,
    onEnd: (span) => processor.onEnd(reshape(span)),
    forceFlush: () => processor.forceFlush(),
    shutdown: async () => undefined, // the process's tracing shuts the processor down, once
  };
}

/** A Temporal client's interceptors: none without tracing. */
export function tracingClientInterceptors(tracing: ProcessTracing | undefined): { interceptors?: ClientInterceptors } {
  return tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {};
}

/** A worker's (or a replay's) interceptors and the sink of the workflows' spans: none without tracing. */
export function tracingWorkerOptions(
  tracing: Pick<ProcessTracing, 'resource' | 'spanProcessor'> | undefined,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) return {};
  const sinks: InjectedSinks<OpenTelemetrySinks> = {
    exporter: makeWorkflowExporter(workflowSpansInto(tracing.spanProcessor), tracing.resource as unknown as WorkflowResource),
  };
  return {
    interceptors: {
      workflowModules: [WORKFLOW_INTERCEPTORS],
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks,
  };
}
