// The process's Prometheus metrics (prom-client): one registry per process, holding Node's
// default process metrics (process_*, nodejs_*) and what each module measures, defined beside the
// code that measures it. Names follow the Prometheus conventions: base units in the name
// (_seconds, _bytes), counters end in _total. The API answers GET /metrics on its own port; the
// other processes answer it on a port of their own (serveMetrics).
import http from 'node:http';
import client from 'prom-client';

export { Counter, Gauge, Histogram } from 'prom-client';

export const metricsRegistry = client.register;
client.collectDefaultMetrics({ register: metricsRegistry });

/** The registry in the Prometheus text format, and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

export interface MetricsServer {
  /** Where it listens (the port the system gave when asked for port 0 by a test). */
  readonly port: number;
  close(): Promise<void>;
}

/** Answers GET /metrics on host:port; any other path is 404. Resolves once it listens. */
export async function serveMetrics(host: string, port: number): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    renderMetrics().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
