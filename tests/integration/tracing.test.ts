// One trace crosses the processes: the five processes (as `npm start` runs them) export their spans
// over OTLP/HTTP (JSON) to a receiver inside this test, a command is sent with a traceparent of the
// test's own while an event stream is open, and the spans of the API, the worker (the Update, the
// workflow, the append activity), the relay, the projector and the stream's delivery all carry the
// test's trace id (the agency router's too), each the child of the span that handed the trace on. Span attributes name the
// case and the event type, never a personal value.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcesses, startAllProcesses } from './all-processes.ts';
import { SseClient } from './sse-client.ts';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}

interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: Record<string, unknown>;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

const attributeValue = (attribute: OtlpAttribute) => attribute.value.stringValue ?? attribute.value.intValue ?? attribute.value.boolValue;
const attributesOf = (attributes: OtlpAttribute[] = []) => Object.fromEntries(attributes.map((a) => [a.key, attributeValue(a)]));

/** A minimal OTLP/HTTP traces receiver (JSON bodies): every span it is sent, with its service's name. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                name: span.name,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                attributes: attributesOf(span.attributes),
              });
            }
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        response.writeHead(415).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const LOCATION = 'Tracetest compound, block 9';
const PERSON_NAME = 'Le Thi Tracetest';

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let running: RunningProcesses;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // Exported within a fifth of a second, not the default five.
  running = await startAllProcesses({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' });
}, 300_000);
afterAll(async () => {
  await running?.stop();
  await receiver?.close();
});

describe('tracing', () => {
  it('follows one command from the HTTP request through the Update, the append, the relay and the projection to the event stream', {
    timeout: 360_000,
  }, async () => {
    const headers = { ...(await running.bearer()), 'content-type': 'application/json' };
    const caseId = `victim-${randomUUID()}`;
    // Open before the case has any event, so the stream carries every one of them.
    const supervisor = (await running.bearer({ role: 'supervisor', clearance: 'SECRET' })).authorization.slice('Bearer '.length);
    const stream = await SseClient.connect(running.api, supervisor);
    const opened = await fetch(`${running.api}/cases/victim`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ caseId, leadAgency: 'MOFA', reportedBy: 'embassy', hostCountry: 'KH', personName: PERSON_NAME }),
    });
    expect(opened.status).toBe(201);
    // A consumer's batch span continues the first traced message in it: wait until the opening has
    // been projected and routed, so the command's event is not batched behind it (under another trace).
    const consumed = () => new Set(receiver.spans.map((span) => span.service));
    await expect
      .poll(() => consumed().has('taskforce-projector') && consumed().has('taskforce-router'), { timeout: 120_000, interval: 250 })
      .toBe(true);

    // The caller's own trace: the API continues it.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const command = await fetch(`${running.api}/cases/${caseId}/commands/recordLocation`, {
      method: 'POST',
      headers: { ...headers, traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({ location: LOCATION, confirmedBy: 'NPA' }),
    });
    expect(command.status).toBe(200);

    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    const services = () => new Set(inTrace().map((span) => span.service));
    await expect
      .poll(() => [...services()].sort(), { timeout: 60_000, interval: 250 })
      .toEqual(['taskforce-api', 'taskforce-projector', 'taskforce-relay', 'taskforce-router', 'taskforce-worker']);
    // The subscriber has the event; its delivery is a span of the command's trace.
    await expect
      .poll(() => stream.of(caseId).map((received) => received.envelope.type), { timeout: 90_000, interval: 250 })
      .toContain('VictimLocated');
    await expect.poll(() => inTrace().some((span) => span.name === 'deliver to event stream'), { timeout: 30_000 }).toBe(true);
    stream.close();

    const spans = inTrace();
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const parentOf = (span: ReceivedSpan) => (span.parentSpanId ? byId.get(span.parentSpanId) : undefined);
    const one = (test: (span: ReceivedSpan) => boolean, what: string) => {
      const found = spans.filter(test);
      expect(found.length, `${what} among ${spans.map((s) => `${s.service}:${s.name}`).join(', ')}`).toBeGreaterThanOrEqual(1);
      return found[0]!;
    };

    // The API's request span is the child of the caller's span; the Temporal client's Update span is its child.
    const request = one((s) => s.service === 'taskforce-api' && s.name === 'POST /cases/:caseId/commands/:command', 'the request span');
    expect(request.parentSpanId).toBe(callerSpanId);
    expect(request.attributes['taskforce.case_id']).toBe(caseId);
    const update = one((s) => s.service === 'taskforce-api' && s.name.startsWith('StartWorkflowUpdate:'), "the client's Update span");
    expect(parentOf(update)).toBe(request);
    // The worker handles the Update in the workflow and appends in an activity, each under the one before.
    const handled = one((s) => s.service === 'taskforce-worker' && s.name.startsWith('HandleUpdate:'), 'the workflow handling the Update');
    expect(parentOf(handled)).toBe(update);
    const append = one((s) => s.service === 'taskforce-worker' && s.name === 'RunActivity:appendEvents', 'the append activity');
    const scheduled = parentOf(append);
    expect(scheduled?.name).toBe('StartActivity:appendEvents');
    expect(parentOf(scheduled!)).toBe(handled);
    // The relay publishes under the append's span (stored with the event); the projector applies under the relay's.
    const published = one((s) => s.service === 'taskforce-relay' && s.name.startsWith('send '), 'the publish span');
    expect(parentOf(published)).toBe(append);
    expect(published.attributes).toMatchObject({ 'taskforce.case_id': caseId, 'taskforce.event_type': 'VictimLocated' });
    const projected = one((s) => s.service === 'taskforce-projector' && s.name.startsWith('project '), 'a projection batch');
    expect(parentOf(projected)).toBe(published);
    const routed = one((s) => s.service === 'taskforce-router' && s.name === 'route to agency topics', 'a router batch');
    expect(parentOf(routed)).toBe(published);
    // The event stream writes the event under the append's span too (it reads the store, not Kafka).
    const delivered = one((s) => s.service === 'taskforce-api' && s.name === 'deliver to event stream', 'the delivery to the stream');
    expect(parentOf(delivered)).toBe(append);
    expect(stream.events.some((e) => e.envelope.streamId === caseId && e.event === 'VictimLocated')).toBe(true);

    // No span anywhere names a person or a place.
    const exported = JSON.stringify(receiver.spans);
    expect(exported).not.toContain(LOCATION);
    expect(exported).not.toContain(PERSON_NAME);

    // The API's log lines about the command carry the real trace id.
    const apiLines = running.processes.api.output.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(apiLines.filter((line) => line.caseId === caseId && line.traceId === traceId).length).toBeGreaterThanOrEqual(1);
  });
});
