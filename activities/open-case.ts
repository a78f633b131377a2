// Opens (or signals) another case's workflow from inside a workflow: Temporal's signal-with-start
// is a client call, so it lives in an activity. Workflow ids are deterministic, so a retried
// raid report or screening opens nothing twice: a running case just receives the signal again.
// The opening and the signal are sealed here, as the case worker: they come from a case's own
// recorded state (a raid's detentions, a screening), so the case opened believes them.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { sealMessage } from '../access/message-seal.ts';
import type { Keyring } from '../infra/keyring.ts';
import type { OpenCaseActivities } from '../workflows/case-kit/ports.ts';

export function createOpenCaseActivities(client: Client, taskQueue: string, sealKeys: Keyring): OpenCaseActivities {
  return {
    async openCase(input) {
      const { workflowId, workflowType } = input;
      const [opening] = input.args;
      const args = [opening, sealMessage(sealKeys, { caseId: workflowId, name: workflowType, content: opening })];
      const common = { workflowId, taskQueue, args, typedSearchAttributes: input.searchAttributes };
      if (input.signal) {
        const [fact] = input.signal.args;
        const handle = await client.workflow.signalWithStart(workflowType, {
          ...common,
          signal: input.signal.name,
          signalArgs: [fact, sealMessage(sealKeys, { caseId: workflowId, name: input.signal.name, content: fact })],
        });
        // signal-with-start does not say whether it started the workflow or found it running.
        return { workflowId: handle.workflowId, newlyStarted: null };
      }
      try {
        await client.workflow.start(workflowType, common);
        return { workflowId, newlyStarted: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, newlyStarted: false };
        throw error;
      }
    },
  };
}
