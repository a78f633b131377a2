// The API's own measures, in the process's registry (infra/metrics.ts) beside Node's default
// process metrics and what the case client and the event streams count: requests by route
// template and status, how long they took, and requests refused for want of a valid token.
import { Counter, Histogram } from '../infra/metrics.ts';

const requests = new Counter({
  name: 'taskforce_http_requests_total',
  help: 'HTTP requests answered, by method, route and status.',
  labelNames: ['method', 'route', 'status'] as const,
});

const durations = new Histogram({
  name: 'taskforce_http_request_duration_seconds',
  help: 'Time to answer an HTTP request.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

const authenticationFailures = new Counter({
  name: 'taskforce_authentication_failures_total',
  help: 'Requests refused with 401: no token, or one that did not verify.',
});

export const httpMetrics = {
  /** A request refused for want of a valid token: counted here, never written to the audit trail row by row. */
  authenticationFailed(): void {
    authenticationFailures.inc();
  },

  /** `route` is the route template (/cases/:caseId), never the raw URL, so ids do not explode the series. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    requests.inc(labels);
    durations.observe(labels, seconds);
  },
};
