// The actor of every recorded fact is the one the API authenticated: a message sent straight to
// Temporal, around the API, is refused and records nothing. Forgers here hold the payload key
// (they can encrypt) but not the seal key; one of them does not even encrypt. The case keeps
// working after each attempt, so a forged message cannot stop it either.
import { randomUUID } from 'node:crypto';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealMessage } from '../../access/message-seal.ts';
import { CaseClient } from '../../cases/client.ts';
import { keyringOf } from '../../infra/keyring.ts';
import { devServerHarness, testDataConverter, testSealKeys, type WorkflowHarness } from '../support/temporal.ts';

const consul = { agency: 'MOFA', role: 'operator', userId: 'consul-7' } as const;
const forgedActor = { agency: 'NIS', role: 'supervisor', userId: 'nobody' } as const;
/** Facts are dated from the test's start: a back-dated report would find its welfare check overdue at once. */
const at = new Date().toISOString();
/** A seal key of the forger's own: the seal has the right shape, and verifies under no key of ours. */
const forgerKeys = keyringOf([{ id: 'dev-1', key: Buffer.alloc(32, 7) }]);

describe('messages sent around the API', () => {
  let harness: WorkflowHarness;
  let cases: CaseClient;
  /** Holds the payload key, so what it sends is encrypted; it seals nothing. */
  let forger: Client;
  /** Holds no key at all: what it sends arrives in clear. */
  let plain: Client;

  beforeAll(async () => {
    harness = await devServerHarness();
    cases = new CaseClient(harness.client, harness.taskQueue, { sealKeys: testSealKeys });
    const { connection, namespace } = harness.client.options;
    forger = new Client({ connection, namespace, dataConverter: testDataConverter });
    plain = new Client({ connection, namespace });
  });
  afterAll(async () => harness?.close());

  async function storedTypes(caseId: string): Promise<string[]> {
    const { rows } = await harness.pool.query('select type from events where stream_id = $1 order by stream_version', [caseId]);
    return rows.map((r: { type: string }) => r.type);
  }

  async function openVictimCase(): Promise<string> {
    const caseId = `victim-${randomUUID()}`;
    const report = { caseId, leadAgency: 'MOFA', personName: 'Person F', reportedBy: 'family', hostCountry: 'KH' };
    await cases.open('victim', report, { actor: consul, occurredAt: at });
    await expect.poll(() => storedTypes(caseId), { timeout: 20_000, interval: 100 }).toEqual(['VictimReported']);
    return caseId;
  }

  /** recordLocation as the API would build it for `actor`, with its command id. */
  function location(actor: typeof consul | typeof forgedActor, commandId = randomUUID()) {
    return { type: 'recordLocation', actor, occurredAt: at, commandId, location: 'compound F', confirmedBy: 'NPA' };
  }

  /** The case still answers and takes a command through the API: nothing forged got it stuck. */
  async function stillWorks(caseId: string): Promise<void> {
    const result = await cases.command(
      caseId,
      'recordLocation',
      { location: 'compound G', confirmedBy: 'NPA' },
      { actor: consul, occurredAt: at },
    );
    expect(result.events).toEqual(['VictimLocated']);
    expect(await storedTypes(caseId)).toEqual(['VictimReported', 'VictimLocated']);
  }

  function refusal(update: Promise<unknown>, type: string) {
    return expect(update).rejects.toMatchObject({ cause: { type } });
  }

  it('refuses an Update whose seal was made for another actor, case or command, or with a key not ours, and records nothing', async () => {
    const caseId = await openVictimCase();
    const otherCaseId = await openVictimCase();
    const handle = forger.workflow.getHandle(caseId);
    const genuine = location(consul);
    const sealFor = (caseFor: string, content: unknown) => sealMessage(testSealKeys, { caseId: caseFor, name: 'recordLocation', content });
    const forgeries: [string, unknown, string][] = [
      ['a forged actor under the caller’s seal', { ...genuine, actor: forgedActor }, sealFor(caseId, genuine)],
      ['another command id', { ...genuine, commandId: randomUUID() }, sealFor(caseId, genuine)],
      ['another payload', { ...genuine, location: 'elsewhere' }, sealFor(caseId, genuine)],
      ['another case', genuine, sealFor(otherCaseId, genuine)],
      [
        'a key that is not ours',
        location(forgedActor),
        sealMessage(forgerKeys, { caseId, name: 'recordLocation', content: location(forgedActor) }),
      ],
    ];
    for (const [what, command, seal] of forgeries) {
      await refusal(handle.executeUpdate('recordLocation', { args: [command, seal] }), 'MessageSealRefused').catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    }
    expect(await storedTypes(caseId)).toEqual(['VictimReported']);
    await stillWorks(caseId);
  });

  it('refuses an Update without a seal before it reaches the history, and records nothing', async () => {
    const caseId = await openVictimCase();
    await refusal(forger.workflow.getHandle(caseId).executeUpdate('recordLocation', { args: [location(forgedActor)] }), 'MessageNotSealed');
    expect(await storedTypes(caseId)).toEqual(['VictimReported']);
    const history = await forger.workflow.getHandle(caseId).fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
    await stillWorks(caseId);
  });

  it('refuses an Update sent unencrypted, even with a genuine seal, and records nothing', async () => {
    const caseId = await openVictimCase();
    const command = location(consul);
    const seal = sealMessage(testSealKeys, { caseId, name: 'recordLocation', content: command });
    await refusal(plain.workflow.getHandle(caseId).executeUpdate('recordLocation', { args: [command, seal] }), 'PayloadNotEncrypted');
    expect(await storedTypes(caseId)).toEqual(['VictimReported']);
    await stillWorks(caseId);
  });

  it('leaves out a forged or unencrypted signal, and the case carries on', async () => {
    const caseId = await openVictimCase();
    const fact = { operationId: `operation-${randomUUID()}`, rescuedBy: 'HOST_POLICE', actor: forgedActor, occurredAt: at };
    await forger.workflow.getHandle(caseId).signal('foundInRaid', fact);
    await forger.workflow
      .getHandle(caseId)
      .signal('foundInRaid', fact, sealMessage(forgerKeys, { caseId, name: 'foundInRaid', content: fact }));
    const genuineSeal = sealMessage(testSealKeys, { caseId, name: 'foundInRaid', content: fact });
    await plain.workflow.getHandle(caseId).signal('foundInRaid', fact, genuineSeal);
    // Signals are handled in order: once a later command is answered, the three were dealt with.
    await stillWorks(caseId);
    expect(await storedTypes(caseId)).not.toContain('VictimRescued');
  });

  it('fails a start that is unencrypted or forged, with nothing recorded, instead of leaving it stuck', async () => {
    const report = (caseId: string) => ({
      report: {
        type: 'reportVictim',
        caseId,
        actor: forgedActor,
        occurredAt: at,
        leadAgency: 'MOFA',
        personName: 'P',
        reportedBy: 'family',
        hostCountry: 'KH',
      },
    });
    const start = async (client: Client, caseId: string, args: unknown[]): Promise<WorkflowHandle> =>
      client.workflow.start('VictimCaseWorkflow', { taskQueue: harness.taskQueue, workflowId: caseId, args });
    const unencrypted = `victim-${randomUUID()}`;
    const unsealed = `victim-${randomUUID()}`;
    await expect((await start(plain, unencrypted, [report(unencrypted)])).result()).rejects.toMatchObject({
      cause: { type: 'PayloadNotEncrypted' },
    });
    await expect((await start(forger, unsealed, [report(unsealed)])).result()).rejects.toMatchObject({
      cause: { cause: { type: 'MessageSealRefused' } },
    });
    expect(await storedTypes(unencrypted)).toEqual([]);
    expect(await storedTypes(unsealed)).toEqual([]);
  });

  it('asks no case on behalf of a forged flight command: the suspect cleared to travel is not manifested', async () => {
    const npa = { actor: { agency: 'NPA', role: 'operator', userId: 'korea-desk-7' } as const, occurredAt: at };
    const suspectId = `suspect-${randomUUID()}`;
    await cases.open('suspect', { caseId: suspectId, leadAgency: 'NPA', personName: 'Person S', hostCountry: 'KH', source: 'raid' }, npa);
    for (const [name, payload] of [
      ['recordArrest', { arrestedBy: 'HOST_POLICE' }],
      ['recordDetention', { basis: 'immigration' }],
      ['orderDeportation', { orderReference: 'GDI-7' }],
      ['recordReEntryBlacklist', {}],
      ['issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-7' }],
    ] as const) {
      await cases.command(suspectId, name, payload, npa);
    }
    const flightId = `flight-${randomUUID()}`;
    await cases.open('flight', { caseId: flightId, leadAgency: 'MOJ', hostCountry: 'KH' }, npa);
    const manifest = { flightNumber: 'KE9691', route: { origin: 'PNH', destination: 'ICN' }, capacity: 3 };
    await cases.command(flightId, 'openManifest', manifest, npa);
    const suspectEvents = await storedTypes(suspectId);

    const forged = { type: 'addToManifest', actor: forgedActor, occurredAt: at, caseId: suspectId };
    const seal = sealMessage(forgerKeys, { caseId: flightId, name: 'addToManifest', content: forged });
    await refusal(forger.workflow.getHandle(flightId).executeUpdate('addToManifest', { args: [forged, seal] }), 'MessageSealRefused');

    expect(await storedTypes(suspectId)).toEqual(suspectEvents);
    expect(await storedTypes(flightId)).toEqual(['FlightPlanned', 'ManifestOpened']);
    for (const id of [flightId, suspectId]) await harness.client.workflow.getHandle(id).terminate('test done');
  });
});
