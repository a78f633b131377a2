// Every process answers GET /metrics on its own port with the conventional names: Node's process
// metrics everywhere, the Temporal SDK's in the worker, the outbox's depth and lag in the relay, lag
// per read model in the projector, the router's lag, open event streams and commands by outcome and
// rule in the API. The processes run as `npm start` runs them, and a case goes through them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_ENDPOINTS } from '../../infra/config.ts';
import { PROJECTIONS } from '../../projections/catalogue.ts';
import { DASHBOARD_SDK_METRICS } from '../support/grafana-dashboard.ts';
import { sample } from '../support/prometheus-text.ts';
import { type RunningProcesses, startAllProcesses } from './all-processes.ts';

let running: RunningProcesses;
beforeAll(async () => {
  running = await startAllProcesses();
}, 300_000);
afterAll(async () => {
  await running?.stop();
});

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe('metrics in every process', () => {
  it('a case goes through every process, and each endpoint shows what it measured', { timeout: 120_000 }, async () => {
    const caseId = `victim-${randomUUID()}`;
    const headers = { ...(await running.bearer()), 'content-type': 'application/json' };
    const post = (path: string, body: object) => fetch(`${running.api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const stream = await fetch(`${running.api}/streams/events`, { headers: await running.bearer() });
    expect(stream.status).toBe(200);

    expect(
      (await post('/cases/victim', { caseId, leadAgency: 'MOFA', personName: 'Person M', reportedBy: 'embassy', hostCountry: 'KH' }))
        .status,
    ).toBe(201);
    expect((await post(`/cases/${caseId}/commands/closeCase`, {})).status).toBe(409);
    const located = await post(`/cases/${caseId}/commands/recordLocation`, {
      location: 'compound D',
      confirmedBy: 'NPA',
    }); // dated now: a fact dated before the case was reported is refused (occurred-after-earlier-facts)
    expect(located.status).toBe(200);

    const api = await scrape(running.metricsUrls.api);
    expect(
      sample(api, 'taskforce_commands_total', { kind: 'victim', command: 'recordLocation', outcome: 'accepted' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(api, 'taskforce_commands_total', {
        kind: 'victim',
        command: 'closeCase',
        outcome: 'rejected',
        rule: 'closeCase-requires-state',
      }),
    ).toBe(1);
    expect(sample(api, 'taskforce_sse_connections')).toBe(1);
    expect(sample(api, 'taskforce_http_requests_total', { method: 'POST', route: '/cases/victim', status: '201' })).toBe(1);

    // Both events reach the read models and the agency topics: applied, and nothing left behind.
    await expect
      .poll(
        async () =>
          sample(await scrape(running.metricsUrls.projector), 'taskforce_projection_applied_events_total', { projection: 'cases' }),
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThanOrEqual(2);
    const projector = await scrape(running.metricsUrls.projector);
    for (const projection of PROJECTIONS.filter((p) => p.kinds.includes('victim'))) {
      expect(sample(projector, 'taskforce_projection_lag_events', { projection: projection.name }), projection.name).toBe(0);
    }
    await expect
      .poll(async () => sample(await scrape(running.metricsUrls.router), 'taskforce_router_lag_events'), { timeout: 30_000 })
      .toBe(0);
    expect(
      sample(await scrape(running.metricsUrls.router), 'taskforce_router_delivered_events_total', { agency: 'MOFA' }),
    ).toBeGreaterThanOrEqual(2);

    const relay = await scrape(running.metricsUrls.relay);
    expect(sample(relay, 'taskforce_relay_published_events_total', { relay: running.topicPrefix })).toBeGreaterThanOrEqual(2);
    expect(sample(relay, 'taskforce_relay_outbox_events', { relay: running.topicPrefix })).toBeGreaterThanOrEqual(0);
    expect(sample(relay, 'taskforce_relay_lag_seconds', { relay: running.topicPrefix })).toBeLessThan(60);

    // The SDK's own, named like ours: counters end in _total, durations are in seconds.
    const sdk = await scrape(running.metricsUrls['temporal-sdk']);
    expect(sdk).toMatch(/^temporal_workflow_task_execution_latency_seconds_bucket\{/m);
    expect(sdk).toMatch(/^temporal_activity_execution_latency_seconds_count\{/m);
    expect(sdk).toMatch(/^temporal_\w+_total\{/m);
    for (const name of DASHBOARD_SDK_METRICS) expect(sdk, name).toMatch(new RegExp(`^${name}[{ ]`, 'm'));

    for (const endpoint of ['api', ...METRICS_ENDPOINTS.filter((e) => e !== 'temporal-sdk')] as const) {
      const page = await scrape(running.metricsUrls[endpoint]);
      expect(sample(page, 'process_resident_memory_bytes'), endpoint).toBeGreaterThan(1_000_000);
      expect(sample(page, 'nodejs_heap_size_used_bytes'), endpoint).toBeGreaterThan(0);
      expect(sample(page, 'process_start_time_seconds'), endpoint).toBeGreaterThan(1_700_000_000);
    }
    await stream.body?.cancel();
  });
});
