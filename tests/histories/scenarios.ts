// Scenarios whose Temporal histories are recorded under tests/histories/ and replayed by
// tests/workflows/replay.test.ts, so a non-deterministic workflow change fails the build.
// Record again with `npm run record-histories` only when a change is meant to be incompatible
// (and then guard the old path with patched()).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { victimUpdates } from '../../workflows/victim/messages.ts';

export interface ScenarioContext {
  client: Client;
  taskQueue: string;
  /** Present when the scenario needs durable timers to pass (time-skipping server). */
  env?: TestWorkflowEnvironment;
}

export interface HistoryScenario {
  name: string;
  timeSkipping: boolean;
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

export const SCENARIOS: HistoryScenario[] = [
  {
    name: 'victim-lifecycle',
    timeSkipping: false,
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
    timeSkipping: true,
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
