// The Temporal server holds no plaintext personal data: a case is run with real personal
// values, then its raw history is fetched WITHOUT the codec and searched for them.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../infra/settings.ts';
import { victimStateQuery, victimUpdates } from '../../workflows/victim/messages.ts';
import { devServerHarness, type WorkflowHarness } from '../support/temporal.ts';

const actor = { agency: 'MOFA', role: 'operator', userId: 'consul-7' } as const;
const at = '2024-07-01T00:00:00.000Z';
const personal = {
  personName: `Lee Seo-yeon ${randomUUID().slice(0, 8)}`,
  contactPhone: '+82-10-5555-0199',
  lastKnownLocation: 'Prince compound, Sihanoukville',
  location: 'Building 4, Jinbei compound',
  documentNumber: `TC${randomUUID().slice(0, 6)}`,
};

/** Every string in the history, plus each one decoded from base64 (the JSON form of payload bytes). */
function everythingReadableIn(history: unknown): string {
  const parts: string[] = [];
  JSON.stringify(history, (_key, value) => {
    if (typeof value === 'string') parts.push(value, Buffer.from(value, 'base64').toString('latin1'));
    if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('latin1'));
    return value;
  });
  return parts.join('\n');
}

describe('payload encryption', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await devServerHarness();
  });
  afterAll(async () => harness?.close());

  it('keeps every personal value out of the raw Temporal history', async () => {
    const caseId = `victim-${randomUUID()}`;
    const handle = await harness.client.workflow.start('VictimCaseWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: caseId,
      args: [
        {
          report: {
            type: 'reportVictim',
            actor,
            occurredAt: at,
            caseId,
            leadAgency: 'MOFA',
            personName: personal.personName,
            contactPhone: personal.contactPhone,
            lastKnownLocation: personal.lastKnownLocation,
            reportedBy: 'family',
            hostCountry: 'KH',
          },
        },
      ],
    });
    await handle.executeUpdate(victimUpdates.recordLocation, {
      args: [{ type: 'recordLocation', actor, occurredAt: at, location: personal.location, confirmedBy: 'NPA' }],
    });
    await handle.executeUpdate(victimUpdates.recordRescue, {
      args: [{ type: 'recordRescue', actor, occurredAt: at, rescuedBy: 'HOST_POLICE' }],
    });
    await handle.executeUpdate(victimUpdates.recordScreening, {
      args: [{ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim' }],
    });
    await handle.executeUpdate(victimUpdates.issueTravelDocument, {
      args: [
        { type: 'issueTravelDocument', actor, occurredAt: at, documentType: 'travel_certificate', documentNumber: personal.documentNumber },
      ],
    });
    // Our own client, with the codec, reads the state back in clear.
    expect((await handle.query(victimStateQuery)).status).toBe('TRAVEL_DOCUMENT_ISSUED');

    const settings = loadSettings();
    const connection = await Connection.connect(settings.temporal.connectOptions);
    try {
      const rawClient = new Client({ connection, namespace: settings.temporalNamespace });
      const history = await rawClient.workflow.getHandle(caseId).fetchHistory();
      const raw = everythingReadableIn(history);
      expect(history.events?.length).toBeGreaterThan(10);
      for (const value of Object.values(personal)) expect(raw, `history must not contain ${value}`).not.toContain(value);
      // The activity inputs carry the same events the store receives: check one is really there, encrypted.
      expect(raw).toContain('binary/encrypted');
    } finally {
      await connection.close();
      await handle.terminate('test done');
    }
  });
});
