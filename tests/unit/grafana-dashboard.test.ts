// docs/grafana-dashboard.json imports into Grafana, and every expression in it names a metric one of
// our processes defines (the registry every module defines its metrics in, with Node's defaults).
// The Temporal SDK's metrics (temporal_*) come from its Rust core, not this registry: the dashboard
// names them in DASHBOARD_SDK_METRICS, and tests/integration/process-metrics.test.ts finds each
// one on a running worker's SDK endpoint.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../api/metrics.ts';
import '../../cases/command-outcomes.ts';
import '../../eventstore/relay-metrics.ts';
import { metricsRegistry } from '../../infra/metrics.ts';
import '../../projections/runner-metrics.ts';
import '../../streams/router-metrics.ts';
import '../../streams/sse.ts';
import { DASHBOARD_SDK_METRICS, dashboardExpressions, metricNamesIn } from '../support/grafana-dashboard.ts';

/** The series names a metric of the registry exposes: a histogram's _bucket, _sum and _count, a summary's too. */
function exposedNames(): Set<string> {
  return new Set(
    metricsRegistry.getMetricsAsArray().flatMap((metric) => {
      const { name, type } = metric as unknown as { name: string; type: string };
      return type === 'histogram' || type === 'summary' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
    }),
  );
}

describe('the Grafana dashboard', () => {
  const expressions = dashboardExpressions();

  it('is a dashboard Grafana imports, with a Prometheus data source chosen at import', () => {
    const dashboard = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/grafana-dashboard.json'), 'utf8'));
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ type: 'datasource', pluginId: 'prometheus' })]);
    expect(dashboard.title).toBe('Taskforce');
    expect(expressions.length).toBeGreaterThan(20);
  });

  it('names only metrics a process exposes', () => {
    const exposed = exposedNames();
    const unknown = expressions.flatMap((expr) =>
      metricNamesIn(expr)
        .filter((name) => !exposed.has(name) && !DASHBOARD_SDK_METRICS.includes(name))
        .map((name) => `${name} in ${expr}`),
    );
    expect(unknown).toEqual([]);
    // Every panel shows something of ours or of the SDK's; the list of SDK names is exactly what it uses.
    for (const expr of expressions) expect(metricNamesIn(expr).length, expr).toBeGreaterThan(0);
    expect(new Set(expressions.flatMap(metricNamesIn).filter((n) => n.startsWith('temporal_')))).toEqual(new Set(DASHBOARD_SDK_METRICS));
  });

  it('shows the pipeline and API measures, per read model and per rule', () => {
    const all = expressions.join('\n');
    for (const name of [
      'taskforce_relay_outbox_events',
      'taskforce_relay_lag_seconds',
      'taskforce_projection_lag_events',
      'taskforce_router_lag_events',
      'taskforce_sse_connections',
      'taskforce_commands_total',
    ]) {
      expect(all).toContain(name);
    }
    expect(all).toMatch(/by \(projection\) \(taskforce_projection_lag_events\)/);
    expect(all).toMatch(/by \(rule\) .*taskforce_commands_total\{outcome="rejected"\}/);
  });
});

describe('metric names', () => {
  // Ours only: prom-client's own nodejs_active_resources_total is a gauge.
  it('of ours follow the conventions: base units, _total on counters only', () => {
    for (const metric of metricsRegistry.getMetricsAsArray()) {
      const { name, type } = metric as unknown as { name: string; type: string };
      if (!name.startsWith('taskforce_')) continue;
      expect(name.endsWith('_total'), name).toBe(type === 'counter');
      expect(name, name).not.toMatch(/_(milliseconds|ms|kilobytes|megabytes|minutes|hours)$/);
    }
  });
});
