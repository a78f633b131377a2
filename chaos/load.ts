// A steady load of victim cases, each driven from report to closure through the operator
// client. Every command carries a deterministic command id, so retrying through a fault never
// applies a command twice; the driver retries anything that is not a refusal by the rules.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { CaseClient } from '../cases/client.ts';
import { CaseAlreadyExistsError, CommandRejectedError, InvalidCommandError } from '../cases/errors.ts';
import { sleep } from '../infra/sleep.ts';

const actor = { agency: 'MOFA', role: 'operator', userId: 'chaos-driver' } as const;

/** The commands after the report; with it, every case stores exactly VICTIM_LIFECYCLE_EVENTS events. */
const LIFECYCLE: [string, Record<string, unknown>][] = [
  ['recordLocation', { location: 'compound', confirmedBy: 'NPA' }],
  ['recordRescue', { rescuedBy: 'HOST_POLICE' }],
  ['recordShelter', { shelter: 'embassy shelter' }],
  ['recordScreening', { outcome: 'victim' }],
  ['issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-CHAOS' }],
  ['recordRepatriation', {}],
  ['startFollowUp', {}],
  ['closeCase', {}],
];
export const VICTIM_LIFECYCLE_EVENTS = LIFECYCLE.length + 1;

async function retrying<T>(attempt: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof CommandRejectedError || error instanceof InvalidCommandError || Date.now() > deadline) throw error;
      await sleep(300);
    }
  }
}

export interface LoadResult {
  completed: string[];
  failed: { caseId: string; error: string }[];
  retries: number;
}

/** Drives one case from report to closure; true once its workflow has completed. */
async function driveCase(cases: CaseClient, caseId: string, hostCountry: string, deadline: number): Promise<void> {
  const at = () => ({ actor, occurredAt: new Date().toISOString() });
  await retrying(async () => {
    try {
      await cases.open('victim', { caseId, leadAgency: 'MOFA', personName: 'Chaos Person', reportedBy: 'family', hostCountry }, at());
    } catch (error) {
      if (!(error instanceof CaseAlreadyExistsError)) throw error;
    }
  }, deadline);
  for (const [step, [name, payload]] of LIFECYCLE.entries()) {
    const last = step === LIFECYCLE.length - 1;
    await retrying(async () => {
      try {
        await cases.command(caseId, name, payload, { ...at(), commandId: `${caseId}/${name}` });
      } catch (error) {
        // The final command completes the workflow: a retry after a lost reply finds it finished.
        if (last && error instanceof Error && !(error instanceof CommandRejectedError) && (await isClosed(cases, caseId))) return;
        throw error;
      }
    }, deadline);
  }
}

async function isClosed(cases: CaseClient, caseId: string): Promise<boolean> {
  try {
    return (await cases.state(caseId)).status === 'CLOSED';
  } catch (error) {
    return error instanceof WorkflowNotFoundError;
  }
}

/** Runs `count` cases with `concurrency` drivers; never throws, reports what failed. */
export async function runVictimLoad(
  cases: CaseClient,
  options: { caseIds: string[]; hostCountry: string; concurrency: number; timeoutMs: number },
): Promise<LoadResult> {
  const deadline = Date.now() + options.timeoutMs;
  const queue = [...options.caseIds];
  const result: LoadResult = { completed: [], failed: [], retries: 0 };
  const driver = async () => {
    for (let caseId = queue.shift(); caseId; caseId = queue.shift()) {
      try {
        await driveCase(cases, caseId, options.hostCountry, deadline);
        result.completed.push(caseId);
      } catch (error) {
        result.failed.push({ caseId, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, driver));
  return result;
}
