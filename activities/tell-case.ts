// Tells another running case a fact from inside a workflow (the flight tells the cases on board
// that they boarded or landed; a suspect case tells its flight that it lost its clearance). A
// signal sent from workflow code could not be sealed, the sandbox holds no key, so it is sent
// here, sealed as the case worker: the case told believes no unsealed signal.
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { sealMessage } from '../access/message-seal.ts';
import type { Keyring } from '../infra/keyring.ts';
import type { TellCaseActivities } from '../workflows/case-kit/ports.ts';

export function createTellCaseActivities(client: Client, sealKeys: Keyring): TellCaseActivities {
  return {
    async tellCase({ workflowId, signal, fact }) {
      const seal = sealMessage(sealKeys, { caseId: workflowId, name: signal, content: fact });
      try {
        await client.workflow.getHandle(workflowId).signal(signal, fact, seal);
        return { told: true };
      } catch (error) {
        // A case that has finished has nothing left to hear.
        if (error instanceof WorkflowNotFoundError) return { told: false };
        throw error;
      }
    },
  };
}
