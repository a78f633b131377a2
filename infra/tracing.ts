// Tracing of every process (OpenTelemetry), off unless configured: with no exporter set, no tracer
// provider is registered, every helper below returns at its first line, and the OpenTelemetry API
// stays the no-op it is by default. Each process entry point (app/*.ts) calls `startTracing` once.
// Turned on, spans go to an OTLP/HTTP collector (JSON bodies) in batches, and the W3C traceparent
// is the one way a trace crosses a process: HTTP headers, Temporal headers (the SDK's
// interceptors), the events table's `traceparent` column and the `ce_traceparent` Kafka header.
// Span attributes name cases, commands and event types, never a personal value.
import {
  type Attributes,
  type Context,
  context,
  diag,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { processLogger } from './logger.ts';

/** Where spans go: nowhere (the default), or an OTLP/HTTP endpoint's traces URL. */
export type TracingSettings = { exporter: 'none' } | { exporter: 'otlp'; tracesUrl: string; serviceName: string | undefined };

const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';

/**
 * The standard OpenTelemetry variables, read the way the specification reads them except for the
 * default: OTEL_TRACES_EXPORTER (`otlp` or `none`; unset: `otlp` only when an endpoint is set),
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the traces URL as is) or OTEL_EXPORTER_OTLP_ENDPOINT (a base
 * URL, `/v1/traces` appended), OTEL_EXPORTER_OTLP_PROTOCOL (`http/json` only: the exporter we ship),
 * OTEL_SERVICE_NAME (default `taskforce-<process>`). OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_TRACES_SAMPLER and OTEL_BSP_* are read by the SDK itself.
 */
export function tracingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || undefined;
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? (tracesEndpoint || endpoint ? 'otlp' : 'none'))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = exporters.filter((name) => name !== 'otlp' && name !== 'none');
  if (unknown.length > 0)
    throw new Error(`OTEL_TRACES_EXPORTER=${unknown.join(',')}: Taskforce exports traces over OTLP only (otlp or none)`);
  if (!exporters.includes('otlp')) return { exporter: 'none' };
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/json';
  if (protocol !== 'http/json') throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: Taskforce's exporter speaks http/json only`);
  return {
    exporter: 'otlp',
    tracesUrl: tracesEndpoint ?? `${(endpoint ?? DEFAULT_OTLP_ENDPOINT).replace(/\/+$/, '')}/v1/traces`,
    serviceName: env.OTEL_SERVICE_NAME || undefined,
  };
}

/** A process's tracing once started: what the Temporal worker hands its workflows' spans to. */
export interface ProcessTracing {
  resource: Resource;
  /** Where finished spans go (the batch processor in front of the exporter). */
  spanProcessor: SpanProcessor;
  /** Exports the spans still buffered and stops; the last step of a process's shutdown. */
  shutdown(): Promise<void>;
}

let started: ProcessTracing | undefined;

/** Starts tracing for this process when configured; undefined (and nothing running) when not. */
export function startTracing(processName: string, settings: TracingSettings = tracingSettingsFromEnv()): ProcessTracing | undefined {
  if (settings.exporter === 'none') return undefined;
  if (started) throw new Error('tracing is started once per process');
  const log = processLogger();
  // The SDK reports export failures through `diag`; without a logger they would vanish.
  diag.setLogger(
    {
      error: (message) => log.error({ component: 'opentelemetry' }, message),
      warn: (message) => log.warn({ component: 'opentelemetry' }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    { suppressOverrideMessage: true },
  );
  const resource = resourceFromAttributes({ 'service.name': settings.serviceName ?? `taskforce-${processName}` });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // The AsyncLocalStorage context manager, and W3C trace context as the global propagator.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  started = { resource, spanProcessor, shutdown: () => provider.shutdown() };
  log.info(`tracing on: spans to ${settings.tracesUrl}`);
  return started;
}

export function tracingEnabled(): boolean {
  return started !== undefined;
}

const traceContext = new W3CTraceContextPropagator();
const TRACER_NAME = 'taskforce';

/** The W3C traceparent of the span active now, or undefined (tracing off, or no span). */
export function activeTraceparent(): string | undefined {
  if (!started) return undefined;
  return traceparentIn(context.active());
}

function traceparentIn(ctx: Context): string | undefined {
  const carrier: Record<string, string> = {};
  traceContext.inject(ctx, carrier, { set: (c, key, value) => (c[key] = value) });
  return carrier.traceparent;
}

/** The traceparent of a span, to carry to another process. */
export function traceparentOf(span: Span): string | undefined {
  return traceparentIn(trace.setSpan(ROOT_CONTEXT, span));
}

/** A context whose remote parent is `traceparent` (the root context when there is none or it is malformed). */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return traceContext.extract(ROOT_CONTEXT, { traceparent }, { get: (c, key) => c[key], keys: (c) => Object.keys(c) });
}

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** The span's parent: a traceparent from another process; the active span when absent. */
  parent?: string | undefined;
  /** Other traces this span works for (a batch of several commands' events). */
  links?: (string | undefined)[];
}

/** The contexts of `traceparents` as span links, each trace once and none of `except`'s. */
function linksTo(traceparents: (string | undefined)[], except: string | undefined): Link[] {
  const links = new Map<string, Link>();
  for (const traceparent of traceparents) {
    if (!traceparent || traceparent === except) continue;
    const spanContext = trace.getSpanContext(contextOfTraceparent(traceparent));
    if (spanContext) links.set(traceparent, { context: spanContext });
  }
  return [...links.values()];
}

/**
 * Runs `work` in a span (ended when it settles, marked as an error when it throws), or just runs it
 * when tracing is off. `work` gets the span to read its traceparent or add attributes.
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!started) return work(undefined);
  const parent = 'parent' in options ? contextOfTraceparent(options.parent) : context.active();
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind: options.kind, attributes: options.attributes, links: linksTo(options.links ?? [], options.parent) }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span to be ended by the caller (a request, whose end is another hook's); undefined when tracing is off. */
export function startSpan(name: string, options: Omit<SpanOptions, 'links'> & { parentContext?: Context }): Span | undefined {
  if (!started) return undefined;
  return trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind: options.kind, attributes: options.attributes }, options.parentContext ?? contextOfTraceparent(options.parent));
}

/** Runs `work` with `span` active (its children and log lines belong to it). */
export function withSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/**
 * Runs work on traced events (a consumer's batch, an event written to a stream) in one span when
 * any of them was traced: the child of the first one's span (so a command's trace reaches the read
 * model and the subscriber), linked to the other traces among them. Untraced events start no trace.
 */
export function inSpanContinuing<T>(
  name: string,
  kind: SpanKind,
  traceparents: (string | undefined)[],
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const parent = started ? traceparents.find(Boolean) : undefined;
  if (!parent) return work();
  return inSpan(name, { kind, parent, links: traceparents, attributes }, work);
}
