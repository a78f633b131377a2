// Builds the Worker that runs every case workflow and its activities. Used by the worker
// process (app/worker.ts) and by the workflow tests, so both run exactly the same code.
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type pg from 'pg';
import { createAppendActivities } from '../activities/append-events.ts';
import { deadlineActivities } from '../activities/deadlines.ts';
import { createManifestActivities } from '../activities/manifest.ts';
import { createOpenCaseActivities } from '../activities/open-case.ts';
import { EventStore } from '../eventstore/event-store.ts';

export interface CaseWorkerOptions {
  /** The worker's connection to the server it polls. */
  workerConnection: NativeConnection;
  /** The client the activities use to open and signal other cases. */
  client: Client;
  namespace: string;
  taskQueue: string;
  pool: pg.Pool;
  /** Encrypts payloads; the same converter the clients use (codec/data-converter.ts). */
  dataConverter: DataConverter;
  /** How many workflows stay in memory between tasks; app/worker.ts reads TASKFORCE_WORKER_CACHE. */
  maxCachedWorkflows?: number;
}

/** Workflows kept in memory between tasks unless TASKFORCE_WORKER_CACHE says otherwise. */
export const DEFAULT_WORKFLOW_CACHE = 100;

export const WORKFLOWS_PATH = path.join(import.meta.dirname, '..', 'workflows', 'index.ts');

export function caseActivities(options: Pick<CaseWorkerOptions, 'client' | 'taskQueue' | 'pool'>) {
  return {
    ...createAppendActivities(new EventStore(options.pool)),
    ...deadlineActivities,
    ...createOpenCaseActivities(options.client, options.taskQueue),
    ...createManifestActivities(options.client),
  };
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.workerConnection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: caseActivities(options),
    dataConverter: options.dataConverter,
    // Each cached workflow holds its own copy of the bundle's module state (about 5 MB with the zod
    // catalogue, measured by bench/workflows.ts); cases are long-lived and mostly idle, so a bounded
    // cache keeps memory flat and an evicted case replays on its next task.
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_WORKFLOW_CACHE,
  });
}
