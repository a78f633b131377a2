// Shared by the read-model API tests: an API whose read models live in a schema of the test's own
// (empty copies of the migrated tables, first on the pool's search_path), so a test seeds exactly
// the rows it asserts on and lists hold nothing else, and rows written straight into those tables.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Caller } from '../../access/caller.ts';
import { createTokenVerifier, signToken } from '../../api/auth/tokens.ts';
import { createHealthChecker, type HealthChecker } from '../../api/health.ts';
import { buildApi } from '../../api/server.ts';
import { encryptedDataConverter } from '../../codec/data-converter.ts';
import { loadPayloadKeyring } from '../../codec/keys.ts';
import { loadSettings } from '../../infra/settings.ts';
import { copyTables, dropSchema } from '../../projections/read-model-schema.ts';

export const READ_MODEL_TABLES = [
  'case_list',
  'case_detail',
  'deadlines_at_risk',
  'operation_summaries',
  'flight_manifests',
  'flight_manifest_entries',
  'person_dossiers',
  'campaign_statistics',
  'estimates',
] as const;
type Table = (typeof READ_MODEL_TABLES)[number];

export interface ReadApi {
  app: FastifyInstance;
  /** Reads and writes the test's own read-model schema. */
  pool: pg.Pool;
  token(caller: Caller): Promise<string>;
  bearer(caller?: Partial<Caller>): Promise<{ authorization: string }>;
  insert(table: Table, rows: readonly Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API over a fresh read-model schema. With `temporal`, the live case, history and codec routes
 * are registered too, on a client that connects only when a request reaches Temporal.
 */
export async function readApi(options: { temporal?: boolean } = {}): Promise<ReadApi> {
  const settings = loadSettings();
  const schema = `rm_api_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Pool({ connectionString: settings.databaseUrl, max: 1 });
  const setup = await admin.connect();
  try {
    await copyTables(setup, 'public', schema, READ_MODEL_TABLES);
  } finally {
    setup.release();
  }
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 8, options: `-c search_path=${schema},public` });
  const health: HealthChecker = createHealthChecker({
    pool,
    kafkaBrokers: settings.kafkaBrokers,
    temporal: settings.temporal,
  });
  const connection = options.temporal ? Connection.lazy(settings.temporal.connectOptions) : undefined;
  const secret = new TextEncoder().encode(`api-read-test-${randomUUID()}`);
  const app = buildApi({
    pool,
    health,
    tokens: createTokenVerifier(secret),
    ...(connection
      ? {
          temporal: {
            client: new Client({
              connection,
              namespace: settings.temporalNamespace,
              dataConverter: encryptedDataConverter(loadPayloadKeyring(process.env, () => undefined)),
            }),
            taskQueue: `read-test-${randomUUID()}`,
            uiOrigins: [],
          },
        }
      : {}),
  });
  await app.ready();
  const token = (caller: Caller) => signToken(secret, caller, '10m');
  return {
    app,
    pool,
    token,
    async bearer(caller = {}) {
      return {
        authorization: `Bearer ${await token({ userId: 'kim', agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL', ...caller })}`,
      };
    },
    async insert(table, rows) {
      for (const row of rows) {
        const columns = Object.keys(row);
        const values = columns.map((c) => {
          const value = row[c];
          return value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value;
        });
        await pool.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, values);
      }
    },
    async close() {
      await app.close();
      await health.close();
      await connection?.close();
      await pool.end();
      const client = await admin.connect();
      try {
        await dropSchema(client, schema);
      } finally {
        client.release();
        await admin.end();
      }
    },
  };
}

/** A case_list row with defaults a test overrides. */
export function caseRow(caseId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    case_id: caseId,
    kind: caseId.slice(0, caseId.indexOf('-')),
    status: 'REPORTED',
    is_open: true,
    lead_agency: 'MOFA',
    host_country: 'KH',
    classification: 'RESTRICTED',
    operation_id: null,
    flight_id: null,
    opened_at: '2025-10-01T00:00:00Z',
    status_since: '2025-10-01T00:00:00Z',
    last_event_at: '2025-10-02T00:00:00Z',
    next_deadline_kind: null,
    next_deadline_at: null,
    stream_version: 1,
    ...overrides,
  };
}

/** The case_detail row that goes with a case_list row. */
export function detailRow(list: Record<string, unknown>, state: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    case_id: list.case_id,
    kind: list.kind,
    classification: list.classification,
    stream_version: list.stream_version,
    detail: {
      caseId: list.case_id,
      kind: list.kind,
      classification: list.classification,
      streamVersion: list.stream_version,
      openedAt: list.opened_at,
      lastEventAt: list.last_event_at,
      firsts: { OpenedForTest: list.opened_at },
      state: { caseId: list.case_id, status: list.status, ...state },
    },
  };
}

/** One personal fact of a person_dossiers row, as projections/person-dossier.ts stores it. */
export function dossierField(
  value: unknown,
  category: string,
  classification: string,
  streamId: string,
  at = '2025-10-01T00:00:00.000Z',
): Record<string, unknown> {
  return { value, category, classification, eventType: 'FactForTest', streamId, streamVersion: 1, at };
}
