// Scenarios whose Temporal histories are recorded under tests/histories/ and replayed by
// tests/workflows/replay.test.ts, so a non-deterministic workflow change fails the build.
// Record again with `npm run record-histories` only when a change is meant to be incompatible
// (and then guard the old path with patched()).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CaseClient } from '../../cases/client.ts';
import { victimUpdates } from '../../workflows/victim/messages.ts';

export interface ScenarioContext {
  client: Client;
  taskQueue: string;
  /** Present when the scenario needs durable timers to pass (time-skipping server). */
  env?: TestWorkflowEnvironment;
}

export interface HistoryScenario {
  name: string;
  /**
   * Where it runs: the stack's dev server, the time-skipping test server (durable timers pass in
   * moments), or a dev server of its own that suggests continue-as-new after a few dozen events.
   */
  server: 'dev' | 'timeSkipping' | 'shortHistory';
  /** Runs the scenario and returns the workflow ids whose histories to keep. */
  run(context: ScenarioContext): Promise<string[]>;
}

const actor = { agency: 'MOFA', role: 'operator', userId: 'recorder' } as const;
const at = '2024-06-01T00:00:00.000Z';

function victimReport(caseId: string) {
  return {
    type: 'reportVictim' as const,
    actor,
    occurredAt: at,
    caseId,
    leadAgency: 'MOFA' as const,
    personName: 'Recorded Person',
    reportedBy: 'family' as const,
    hostCountry: 'KH',
  };
}

async function stateReaches(context: ScenarioContext, caseId: string, reached: (state: Record<string, unknown>) => boolean): Promise<void> {
  const handle = context.client.workflow.getHandle(caseId);
  for (let attempt = 0; attempt < 200; attempt++) {
    if (reached(await handle.query<Record<string, unknown>>('state'))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${caseId} did not reach the expected state`);
}

/** Runs commands through the operator client, as the API and the demo do. */
function operator(context: ScenarioContext, agency: 'MOFA' | 'NPA' | 'MOJ' | 'HOST_IMMIGRATION' = 'NPA') {
  const cases = new CaseClient(context.client, context.taskQueue);
  const meta = { actor: { agency, role: 'operator' as const, userId: 'recorder' }, occurredAt: at };
  return {
    open: (kind: Parameters<CaseClient['open']>[0], payload: Record<string, unknown>) => cases.open(kind, payload, meta),
    run: (caseId: string, ...commands: [string, Record<string, unknown>][]) =>
      commands.reduce<Promise<unknown>>((done, [name, payload]) => done.then(() => cases.command(caseId, name, payload, meta)), Promise.resolve()),
  };
}

/** A joint operation opens a suspect and a victim case; a charter flight takes the suspect home. */
async function raidToHandover(context: ScenarioContext): Promise<string[]> {
  const npa = operator(context);
  const ref = randomUUID();
  const operationId = `operation-replay-${ref}`;
  const flightId = `flight-replay-${ref}`;
  await npa.open('operation', { caseId: operationId, leadAgency: 'NPA', hostCountry: 'KH', codeName: 'Replay' });
  await npa.run(
    operationId,
    ['launch', {}],
    ['recordRaid', { targetRef: 'T1', compound: 'compound', province: 'Sihanoukville' }],
    ['recordDetention', { personRef: 'P1', targetRef: 'T1', personName: 'Suspect One', role: 'suspect', hostCountry: 'KH' }],
    ['recordDetention', { personRef: 'P2', targetRef: 'T1', personName: 'Victim Two', role: 'victim', hostCountry: 'KH' }],
  );
  // Concluding waits until every person found has been handed to a case.
  await stateReaches(context, operationId, (s) => (s.summary as { casesOpened: number }).casesOpened === 2);
  await npa.run(operationId, ['conclude', {}]);
  const suspectId = `suspect-${operationId}-P1`;
  const victimId = `victim-${operationId}-P2`;
  await npa.run(
    suspectId,
    ['recordDetention', { basis: 'immigration' }],
    ['orderDeportation', { orderReference: 'DO-1' }],
    ['recordReEntryBlacklist', {}],
    ['issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-9' }],
  );
  await npa.open('flight', { caseId: flightId, leadAgency: 'NPA', hostCountry: 'KH' });
  await npa.run(
    flightId,
    ['openManifest', { flightNumber: 'KE9690', route: { origin: 'PNH', destination: 'ICN' }, capacity: 80 }],
    ['addToManifest', { caseId: suspectId }],
    ['lockManifest', {}],
    ['assignEscorts', { officers: 2 }],
    ['depart', {}],
    ['land', {}],
    ['completeHandover', {}],
  );
  await stateReaches(context, suspectId, (s) => s.status === 'LANDED');
  await npa.run(
    suspectId,
    ['requestDetentionWarrant', { court: 'Seoul Central District Court' }],
    ['recordDetentionWarrantIssued', { warrantNumber: 'DW-1' }],
    ['referToProsecution', { prosecutorsOffice: 'Seoul Central', charges: ['fraud'] }],
    ['closeCase', {}],
  );
  await operator(context, 'MOFA').run(victimId, ['closeUnresolved', { reason: 'replay scenario ends here' }]);
  const ids = [operationId, suspectId, victimId, flightId];
  for (const id of ids) await context.client.workflow.getHandle(id).result();
  return ids;
}

/** A manifested suspect loses its clearance: it tells the flight, which releases the seat; both end. */
async function clearanceLost(context: ScenarioContext): Promise<string[]> {
  const npa = operator(context);
  const ref = randomUUID();
  const suspectId = `suspect-replay-${ref}`;
  const flightId = `flight-replay-${ref}`;
  await npa.open('suspect', { caseId: suspectId, leadAgency: 'NPA', personName: 'Suspect Four', hostCountry: 'KH', source: 'raid' });
  await npa.run(
    suspectId,
    ['recordArrest', { arrestedBy: 'HOST_POLICE' }],
    ['recordDetention', { basis: 'immigration' }],
    ['orderDeportation', { orderReference: 'DO-2' }],
    ['recordReEntryBlacklist', {}],
    ['issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-10' }],
  );
  await npa.open('flight', { caseId: flightId, leadAgency: 'NPA', hostCountry: 'KH' });
  await npa.run(
    flightId,
    ['openManifest', { flightNumber: 'KE9692', route: { origin: 'PNH', destination: 'ICN' }, capacity: 80 }],
    ['addToManifest', { caseId: suspectId }],
  );
  await npa.run(suspectId, ['placeHostCaseHold', { hostCaseReference: 'HC-1' }]);
  await stateReaches(context, flightId, (s) => (s.manifest as unknown[]).length === 0);
  await npa.run(flightId, ['cancel', { reason: 'replay scenario ends here' }]);
  await npa.run(suspectId, ['dropCase', { reason: 'replay scenario ends here' }]);
  const ids = [suspectId, flightId];
  for (const id of ids) await context.client.workflow.getHandle(id).result();
  return ids;
}

/**
 * Facts entered late: a detention 21 days old and a report 22 days old. Their clocks run from the
 * facts' time (CLOCKS_FROM_FACT_TIME_PATCH), so the warning, the lapse and an overdue welfare
 * check are recorded at once; a back-dated command is refused (FACT_ORDER_PATCH).
 */
async function lateEnteredFacts(context: ScenarioContext): Promise<string[]> {
  const cases = new CaseClient(context.client, context.taskQueue);
  const now = await context.env!.currentTimeMs();
  const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const as = (agency: 'NPA' | 'MOFA', occurredAt: string) => ({ actor: { agency, role: 'operator' as const, userId: 'recorder' }, occurredAt });
  const ref = randomUUID();
  const suspectId = `suspect-replay-${ref}`;
  const victimId = `victim-replay-${ref}`;
  const identify = { caseId: suspectId, leadAgency: 'NPA', personName: 'Suspect Five', hostCountry: 'PH', source: 'report' };
  await cases.open('suspect', identify, as('NPA', daysAgo(30)));
  await cases.command(suspectId, 'recordArrest', { arrestedBy: 'HOST_POLICE' }, as('NPA', daysAgo(22)));
  await cases.command(suspectId, 'recordDetention', { basis: 'provisional_arrest' }, as('NPA', daysAgo(21)));
  await stateReaches(context, suspectId, (s) => (s.provisionalArrest as { lapsed: boolean } | null)?.lapsed === true);
  await cases.command(suspectId, 'requestExtradition', { requestReference: 'MOJ-EXT-9' }, as('NPA', daysAgo(25))).catch(() => undefined);
  await cases.command(suspectId, 'dropCase', { reason: 'replay scenario ends here' }, as('NPA', daysAgo(0)));
  const report = { caseId: victimId, leadAgency: 'MOFA', personName: 'Recorded Person', reportedBy: 'family', hostCountry: 'KH' };
  await cases.open('victim', report, as('MOFA', daysAgo(22)));
  await stateReaches(context, victimId, (s) => s.welfareChecks === 3);
  await cases.command(victimId, 'closeUnresolved', { reason: 'replay scenario ends here' }, as('MOFA', daysAgo(0)));
  const ids = [suspectId, victimId];
  for (const id of ids) await context.client.workflow.getHandle(id).result();
  return ids;
}

export const SCENARIOS: HistoryScenario[] = [
  {
    name: 'raid-to-handover',
    server: 'dev',
    run: raidToHandover,
  },
  {
    // Cases tell each other facts through the sealing activity (SEALED_CASE_SIGNALS_PATCH).
    name: 'sealed-raid-to-handover',
    server: 'dev',
    run: raidToHandover,
  },
  {
    name: 'sealed-clearance-lost',
    server: 'dev',
    run: clearanceLost,
  },
  {
    // The latest run of each case: one started from the state the run before it carried over.
    name: 'continued-raid-to-handover',
    server: 'shortHistory',
    run: raidToHandover,
  },
  {
    name: 'suspect-provisional-arrest',
    server: 'timeSkipping',
    async run(context) {
      const npa = operator(context);
      const suspectId = `suspect-replay-${randomUUID()}`;
      await npa.open('suspect', { caseId: suspectId, leadAgency: 'NPA', personName: 'Suspect Three', hostCountry: 'PH', source: 'intelligence' });
      await npa.run(
        suspectId,
        ['issueArrestWarrant', { warrantNumber: 'W-1', court: 'Seoul Central District Court' }],
        ['recordArrest', { arrestedBy: 'HOST_POLICE' }],
        ['recordDetention', { basis: 'provisional_arrest' }],
      );
      await context.env!.sleep('25 days');
      await npa.run(suspectId, ['dropCase', { reason: 'provisional arrest lapsed' }]);
      await context.client.workflow.getHandle(suspectId).result();
      return [suspectId];
    },
  },
  {
    name: 'late-entered-facts',
    server: 'timeSkipping',
    run: lateEnteredFacts,
  },
  {
    name: 'victim-lifecycle',
    server: 'dev',
    async run({ client, taskQueue }) {
      const caseId = `victim-replay-${randomUUID()}`;
      const handle = await client.workflow.start('VictimCaseWorkflow', { taskQueue, workflowId: caseId, args: [{ report: victimReport(caseId) }] });
      const u = victimUpdates;
      await handle.executeUpdate(u.recordScreening, { args: [{ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim' }] }).catch(() => undefined);
      await handle.executeUpdate(u.recordRescue, { args: [{ type: 'recordRescue', actor, occurredAt: at, rescuedBy: 'HOST_POLICE' }] });
      await handle.executeUpdate(u.recordScreening, { args: [{ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim' }] });
      await handle.executeUpdate(u.issueTravelDocument, {
        args: [{ type: 'issueTravelDocument', actor, occurredAt: at, documentType: 'emergency_passport', documentNumber: 'EP-1' }],
      });
      await handle.executeUpdate(u.recordRepatriation, { args: [{ type: 'recordRepatriation', actor, occurredAt: at }] });
      await handle.executeUpdate(u.startFollowUp, { args: [{ type: 'startFollowUp', actor, occurredAt: at }] });
      await handle.executeUpdate(u.closeCase, { args: [{ type: 'closeCase', actor, occurredAt: at }] });
      await handle.result();
      return [caseId];
    },
  },
  {
    name: 'victim-clocks',
    server: 'timeSkipping',
    async run({ client, taskQueue, env }) {
      const caseId = `victim-replay-${randomUUID()}`;
      const handle = await client.workflow.start('VictimCaseWorkflow', { taskQueue, workflowId: caseId, args: [{ report: victimReport(caseId) }] });
      await env!.sleep('8 days');
      await handle.executeUpdate(victimUpdates.recordLocation, {
        args: [{ type: 'recordLocation', actor, occurredAt: at, location: 'compound', confirmedBy: 'NPA' }],
      });
      await env!.sleep('15 days');
      await handle.executeUpdate(victimUpdates.closeUnresolved, { args: [{ type: 'closeUnresolved', actor, occurredAt: at, reason: 'replay' }] });
      await handle.result();
      return [caseId];
    },
  },
];
