// Replays every recorded history in tests/histories/ against the current workflow code: a change
// that is not deterministic (a reordered command, a new activity without patched()) fails here.
import fs from 'node:fs';
import path from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../app/case-worker.ts';
import { tracingWorkerOptions } from '../../app/temporal-tracing.ts';
import { workerDataConverter } from '../../codec/data-converter.ts';
import { CASE_KINDS } from '../../workflows/kinds.ts';
import { testPayloadKeys } from '../support/temporal.ts';

const dir = path.join(import.meta.dirname, '..', 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

// Every registered kind's workflow needs recorded histories, so a new kind cannot skip them.
const WORKFLOW_TYPES = CASE_KINDS.map((definition) => definition.workflowType).sort();

function startOf(file: string) {
  return historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))).events?.[0]?.workflowExecutionStartedEventAttributes;
}

describe('recorded workflow histories', () => {
  it('exist for every workflow type', () => {
    const types = new Set(files.map((f) => startOf(f)?.workflowType?.name));
    expect([...types].sort()).toEqual(WORKFLOW_TYPES);
  });

  it('include, for every workflow type, a run that continued from the state the run before it carried over', () => {
    const continued = new Set(files.filter((f) => startOf(f)?.continuedExecutionRunId).map((f) => startOf(f)?.workflowType?.name));
    expect([...continued].sort()).toEqual(WORKFLOW_TYPES);
  });

  it('replay without non-determinism errors', async () => {
    expect(await replayErrors()).toEqual([]);
  }, 120_000);

  // The worker traces when OTLP is configured (app/temporal-tracing.ts): the same histories replay
  // with the SDK's OpenTelemetry interceptors in the bundle, so turning tracing on or off never
  // breaks a running case.
  it('replay without non-determinism errors with the OpenTelemetry interceptors', async () => {
    const tracing = {
      resource: resourceFromAttributes({ 'service.name': 'taskforce-replay' }),
      spanProcessor: new SimpleSpanProcessor(new InMemorySpanExporter()),
    };
    expect(await replayErrors(tracingWorkerOptions(tracing))).toEqual([]);
  }, 120_000);
});

/** Replays every recorded history; the workflow ids that failed, with their errors. */
async function replayErrors(
  options: ReturnType<typeof tracingWorkerOptions> = {},
): Promise<{ workflowId: string; error: string | undefined }[]> {
  const histories = files.map((f) => ({
    workflowId: path.basename(f, '.json'),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
  }));
  const results = [];
  for await (const result of Worker.runReplayHistories(
    // The worker's own converter: a payload recorded unencrypted would replay as the refused stand-in.
    { workflowsPath: WORKFLOWS_PATH, replayName: 'taskforce-replay', dataConverter: workerDataConverter(testPayloadKeys), ...options },
    histories,
  )) {
    results.push({ workflowId: result.workflowId, error: result.error?.message });
  }
  expect(results).toHaveLength(files.length);
  return results.filter((r) => r.error);
}
