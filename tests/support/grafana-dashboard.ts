// Reading docs/grafana-dashboard.json for the tests that check it names real metrics.
import fs from 'node:fs';
import path from 'node:path';

/** The Temporal SDK's metrics the dashboard shows; a running worker's SDK endpoint must have each. */
export const DASHBOARD_SDK_METRICS = [
  'temporal_workflow_task_execution_latency_seconds_bucket',
  'temporal_workflow_task_schedule_to_start_latency_seconds_bucket',
  'temporal_activity_execution_latency_seconds_bucket',
  'temporal_sticky_cache_size',
  'temporal_worker_task_slots_available',
];

export function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/grafana-dashboard.json'), 'utf8')) as {
    panels: { targets?: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
}

/** The metric names in a PromQL expression: ours, Node's and the SDK's all start with one of these prefixes. */
export function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(?:taskforce|process|nodejs|temporal)_[a-z0-9_]+\b/g)].map((m) => m[0]);
}
