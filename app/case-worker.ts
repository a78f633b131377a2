// Builds the Worker that runs every case workflow and its activities. Used by the worker
// process (app/worker.ts) and by the workflow tests, so both run exactly the same code.
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type pg from 'pg';
import { loadSealKeyring } from '../access/message-seal.ts';
import { createAppendActivities } from '../activities/append-events.ts';
import { loadDeadlineTable } from '../activities/deadline-table.ts';
import { createDeadlineActivities } from '../activities/deadlines.ts';
import { createManifestActivities } from '../activities/manifest.ts';
import { createOpenCaseActivities } from '../activities/open-case.ts';
import { createTellCaseActivities } from '../activities/tell-case.ts';
import { workerDataConverter } from '../codec/data-converter.ts';
import { loadPayloadKeyring } from '../codec/keys.ts';
import { EventStore } from '../eventstore/event-store.ts';
import type { Keyring } from '../infra/keyring.ts';
import type { ProcessTracing } from '../infra/tracing.ts';
import { tracingWorkerOptions } from './temporal-tracing.ts';

export interface CaseWorkerOptions {
  /** The worker's connection to the server it polls. */
  workerConnection: NativeConnection;
  /** The client the activities use to open and signal other cases. */
  client: Client;
  namespace: string;
  taskQueue: string;
  pool: pg.Pool;
  /** The payload codec's keys, the clients' too (TASKFORCE_PAYLOAD_KEYS by default). */
  payloadKeys?: Keyring;
  /** The keys that verify and make message seals, the API's too (TASKFORCE_SEAL_KEYS by default). */
  sealKeys?: Keyring;
  /** How many workflows stay in memory between tasks; app/worker.ts reads TASKFORCE_WORKER_CACHE. */
  maxCachedWorkflows?: number;
  /** The process's tracing (infra/tracing.ts): with it, the SDK's OpenTelemetry interceptors and the workflows' span sink. */
  tracing?: ProcessTracing | undefined;
}

/** Workflows kept in memory between tasks unless TASKFORCE_WORKER_CACHE says otherwise. */
export const DEFAULT_WORKFLOW_CACHE = 1000;

export const WORKFLOWS_PATH = path.join(import.meta.dirname, '..', 'workflows', 'index.ts');

export function caseActivities(options: Pick<CaseWorkerOptions, 'client' | 'taskQueue' | 'pool'> & { sealKeys: Keyring }) {
  return {
    ...createAppendActivities(new EventStore(options.pool), options.sealKeys),
    ...createDeadlineActivities(loadDeadlineTable()),
    ...createOpenCaseActivities(options.client, options.taskQueue, options.sealKeys),
    ...createManifestActivities(options.client, options.sealKeys),
    ...createTellCaseActivities(options.client, options.sealKeys),
  };
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.workerConnection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: caseActivities({ ...options, sealKeys: options.sealKeys ?? loadSealKeyring() }),
    // Encrypts as the clients do; a payload that arrives unencrypted reaches the workflow as a stand-in it refuses.
    dataConverter: workerDataConverter(options.payloadKeys ?? loadPayloadKeyring()),
    // Each cached workflow holds its own copy of the bundle's module state (about 2 MiB per case
    // after GC, measured by bench/workflows.ts), so the cache is bounded (about 2 GiB at 1,000). It
    // is large enough for a whole charter's cases: a flight's leg wakes every case on board at once,
    // and with a cache of 100 each of them replayed its history first (bench/flight.ts).
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_WORKFLOW_CACHE,
    ...tracingWorkerOptions(options.tracing),
  });
}
