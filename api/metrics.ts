// Request counts and durations by route and status, plus process memory, in the Prometheus text
// format. Small enough to keep in-process without a metrics library.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export class HttpMetrics {
  private readonly series = new Map<string, Series>();
  private authenticationFailures = 0;

  /** A request refused for want of a valid token: counted here, never written to the audit trail row by row. */
  authenticationFailed(): void {
    this.authenticationFailures += 1;
  }

  /** `route` is the route template (/cases/:caseId), never the raw URL, so ids do not explode the series. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = `method="${label(method)}",route="${label(route)}",status="${status}"`;
    let series = this.series.get(labels);
    if (!series) {
      series = { labels, count: 0, sum: 0, buckets: DURATION_BUCKETS.map(() => 0) };
      this.series.set(labels, series);
    }
    series.count += 1;
    series.sum += seconds;
    DURATION_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) series.buckets[i]! += 1;
    });
  }

  render(): string {
    const lines: string[] = [];
    lines.push('# HELP taskforce_authentication_failures_total Requests refused with 401: no token, or one that did not verify.');
    lines.push('# TYPE taskforce_authentication_failures_total counter');
    lines.push(`taskforce_authentication_failures_total ${this.authenticationFailures}`);
    lines.push('# HELP taskforce_http_requests_total HTTP requests answered, by method, route and status.');
    lines.push('# TYPE taskforce_http_requests_total counter');
    for (const s of this.series.values()) lines.push(`taskforce_http_requests_total{${s.labels}} ${s.count}`);
    lines.push('# HELP taskforce_http_request_duration_seconds Time to answer an HTTP request.');
    lines.push('# TYPE taskforce_http_request_duration_seconds histogram');
    for (const s of this.series.values()) {
      DURATION_BUCKETS.forEach((bound, i) => {
        lines.push(`taskforce_http_request_duration_seconds_bucket{${s.labels},le="${bound}"} ${s.buckets[i]}`);
      });
      lines.push(`taskforce_http_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
      lines.push(`taskforce_http_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      lines.push(`taskforce_http_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    const memory = process.memoryUsage();
    const gauges: [string, string, number][] = [
      ['process_resident_memory_bytes', 'Resident set size of the API process.', memory.rss],
      ['nodejs_heap_used_bytes', 'V8 heap in use.', memory.heapUsed],
      ['nodejs_heap_total_bytes', 'V8 heap allocated.', memory.heapTotal],
      ['nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript objects.', memory.external],
      ['process_uptime_seconds', 'Seconds since the API process started.', process.uptime()],
    ];
    for (const [name, help, value] of gauges) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}
