// Our Prometheus metrics follow the conventions a dashboard author expects: one prefix, snake case,
// counters ending in _total, histograms and time gauges in base units (_seconds, _bytes), gauges of
// things named by what they count. Every module that defines metrics is loaded, so a new one is
// checked the day it is written.
import { describe, expect, it } from 'vitest';
import '../../api/metrics.ts';
import '../../cases/command-outcomes.ts';
import '../../eventstore/relay-metrics.ts';
import '../../projections/runner-metrics.ts';
import '../../streams/router-metrics.ts';
import '../../streams/sse.ts';
import { metricsRegistry } from '../../infra/metrics.ts';

describe('the metric names', async () => {
  const ours = (await metricsRegistry.getMetricsAsJSON()).filter((metric) => metric.name.startsWith('taskforce_'));

  it('finds the metrics of every module', () => {
    expect(ours.length).toBeGreaterThanOrEqual(14);
  });

  it.each(ours.map((metric) => [metric.name, String(metric.type)] as const))('%s (%s) is named by the conventions', (name, type) => {
    expect(name).toMatch(/^taskforce_[a-z][a-z0-9]*(_[a-z0-9]+)+$/);
    if (type === 'counter') expect(name).toMatch(/_total$/);
    else expect(name).not.toMatch(/_total$/);
    if (type === 'histogram') expect(name).toMatch(/_(seconds|bytes)$/);
    if (type === 'gauge') expect(name).toMatch(/_(seconds|bytes|events|connections)$/);
  });
});
