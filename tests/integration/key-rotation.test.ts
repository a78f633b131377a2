// Rotating the payload keys and the master key as README "Deploying" says, end to end on the test
// stack: `taskforce secrets init` writes the env file and a worker runs a victim case from it;
// `taskforce secrets rotate` puts a new payload key and a new master key first; a worker restarted
// from the rotated file carries the case on. It replays the case's history, encrypted under the old
// payload key, and the personal values, sealed with a data key the old master key wrapped, still
// open; what comes after is encrypted and wrapped under the new keys. Without the old keys neither
// would open, which is why rotation keeps them.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCaseWorker } from '../../app/case-worker.ts';
import { readEnvFile } from '../../cli/env-file.ts';
import { initSecretsFile, rotateSecret } from '../../cli/secrets.ts';
import { encryptedDataConverter } from '../../codec/data-converter.ts';
import { loadPayloadKeyring } from '../../codec/keys.ts';
import { AesGcmPayloadCodec } from '../../codec/payload-codec.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { keyringOf } from '../../infra/keyring.ts';
import { loadSettings } from '../../infra/settings.ts';
import { loadMasterKeyring } from '../../privacy/master-key.ts';
import { PersonalDataVault } from '../../privacy/vault.ts';
import { victimUpdates } from '../../workflows/victim/messages.ts';
import { sealingInterceptor } from '../support/sealing-interceptor.ts';
import { quietRuntime, testSealKeys } from '../support/temporal.ts';

const settings = loadSettings();
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-rotation-'));
const file = path.join(folder, '.env.production');
const taskQueue = `rotation-${randomUUID()}`;
const actor = { agency: 'MOFA', role: 'operator', userId: 'consul-rotation' } as const;
const at = '2024-07-01T00:00:00.000Z';
const masterBefore = process.env.TASKFORCE_DATA_KEY_MASTER;
const quiet = () => undefined;

afterAll(async () => {
  await pool.end();
  fs.rmSync(folder, { recursive: true, force: true });
  process.env.TASKFORCE_DATA_KEY_MASTER = masterBefore;
});

/** The worker and client of a deployment started from the env file as it is now. */
async function deployment() {
  const env = readEnvFile(file);
  // The worker's event store reads the master keys from the environment at start, as app/worker.ts does.
  process.env.TASKFORCE_DATA_KEY_MASTER = env.TASKFORCE_DATA_KEY_MASTER;
  quietRuntime();
  const payloadKeys = loadPayloadKeyring(env, quiet);
  const dataConverter = encryptedDataConverter(payloadKeys);
  const workerConnection = await NativeConnection.connect(settings.temporal.connectOptions);
  const connection = await Connection.connect(settings.temporal.connectOptions);
  // The test opens and commands cases straight through Temporal, sealed as the API would.
  const client = new Client({
    connection,
    namespace: settings.temporalNamespace,
    dataConverter,
    interceptors: { workflow: [sealingInterceptor(testSealKeys)] },
  });
  const worker = await createCaseWorker({
    workerConnection,
    client: new Client({ connection, namespace: settings.temporalNamespace, dataConverter }),
    namespace: settings.temporalNamespace,
    taskQueue,
    pool,
    payloadKeys,
    sealKeys: testSealKeys,
  });
  const running = worker.run();
  return {
    env,
    client,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
    },
  };
}

async function openVictimCase(client: Client, personName: string): Promise<WorkflowHandle> {
  const caseId = `victim-rotation-${randomUUID()}`;
  const handle = await client.workflow.start('VictimCaseWorkflow', {
    taskQueue,
    workflowId: caseId,
    args: [
      {
        report: {
          type: 'reportVictim',
          actor,
          occurredAt: at,
          caseId,
          leadAgency: 'MOFA',
          personName,
          reportedBy: 'family',
          hostCountry: 'KH',
        },
      },
    ],
  });
  await handle.executeUpdate(victimUpdates.recordLocation, {
    args: [{ type: 'recordLocation', actor, occurredAt: at, location: 'compound R', confirmedBy: 'NPA' }],
  });
  return handle;
}

async function masterKeyIdOf(caseId: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ id: string }>('SELECT master_key_id AS id FROM person_data_keys WHERE subject = $1', [caseId]);
  return rows[0]?.id;
}

/** Every `payloads` list within `value`: a history event's input, result, update arguments … */
function payloadsIn(value: unknown): Payload[] {
  if (Array.isArray(value)) return value.flatMap(payloadsIn);
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return [];
  return Object.entries(value).flatMap(([key, field]) =>
    key === 'payloads' && Array.isArray(field) ? (field as Payload[]) : payloadsIn(field),
  );
}

/** The encrypted payloads of the case's history, as the Temporal server stores them (the SDK's own markers are not). */
async function storedPayloads(handle: WorkflowHandle): Promise<Payload[]> {
  return payloadsIn((await handle.fetchHistory()).events).filter((payload) => payload.metadata?.['encryption-key-id']);
}

const keyIdOf = (payload: Payload) => new TextDecoder().decode(payload.metadata?.['encryption-key-id']);

describe('rotating the payload keys and the master key', () => {
  it('keeps a running case and its personal values readable once a new key goes first, the old one kept', async () => {
    initSecretsFile(file, { now: new Date('2026-01-01T00:00:00Z') });
    const before = await deployment();
    const first = await openVictimCase(before.client, 'Rotated Before');
    await before.stop();
    expect(await masterKeyIdOf(first.workflowId)).toBe('master-2026-01-01');

    rotateSecret(file, 'TASKFORCE_PAYLOAD_KEYS', new Date('2026-06-01T00:00:00Z'));
    rotateSecret(file, 'TASKFORCE_DATA_KEY_MASTER', new Date('2026-06-01T00:00:00Z'));
    const after = await deployment();
    let second: WorkflowHandle | undefined;
    try {
      // A fresh worker replays the first case's history, written under the old payload key.
      const resumed = after.client.workflow.getHandle(first.workflowId);
      await resumed.executeUpdate(victimUpdates.recordRescue, {
        args: [{ type: 'recordRescue', actor, occurredAt: at, rescuedBy: 'HOST_POLICE' }],
      });
      expect(new Set((await storedPayloads(resumed)).map(keyIdOf))).toEqual(new Set(['payload-2026-01-01', 'payload-2026-06-01']));

      // Its personal values, sealed with a data key the old master key wrapped, open with the rotated ring.
      const master = loadMasterKeyring(after.env, quiet);
      const store = new EventStore(pool, new PersonalDataVault(pool, master));
      const [reported] = await store.readStream(first.workflowId);
      expect(reported?.data.personName).toBe('Rotated Before');

      // A case opened after the rotation is encrypted and wrapped under the new keys.
      second = await openVictimCase(after.client, 'Rotated After');
      expect(new Set((await storedPayloads(second)).map(keyIdOf))).toEqual(new Set(['payload-2026-06-01']));
      expect(await masterKeyIdOf(second.workflowId)).toBe('master-2026-06-01');
      expect((await store.readStream(second.workflowId))[0]?.data.personName).toBe('Rotated After');

      // Dropping the old keys would lose the first case: they are what still opens it.
      const newPayloadKeyOnly = new AesGcmPayloadCodec(keyringOf([loadPayloadKeyring(after.env, quiet).active]));
      const [startInput] = await storedPayloads(resumed);
      await expect(newPayloadKeyOnly.decode([startInput!])).rejects.toThrow('payload encrypted with unknown key "payload-2026-01-01"');
      const newMasterOnly = new EventStore(pool, new PersonalDataVault(pool, keyringOf([master.active])));
      await expect(newMasterOnly.readStream(first.workflowId)).rejects.toThrow('master key "master-2026-01-01", which is not configured');
    } finally {
      for (const caseId of [first.workflowId, second?.workflowId]) {
        if (caseId)
          await after.client.workflow
            .getHandle(caseId)
            .terminate('key rotation test done')
            .catch(() => undefined);
      }
      await after.stop();
    }
  });
});
