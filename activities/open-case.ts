// Opens (or signals) another case's workflow from inside a workflow: Temporal's signal-with-start
// is a client call, so it lives in an activity. Workflow ids are deterministic, so a retried
// raid report or screening opens nothing twice: a running case just receives the signal again.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { OpenCaseActivities } from '../workflows/case-kit/ports.ts';

export function createOpenCaseActivities(client: Client, taskQueue: string): OpenCaseActivities {
  return {
    async openCase(input) {
      const common = { workflowId: input.workflowId, taskQueue, args: input.args, typedSearchAttributes: input.searchAttributes };
      if (input.signal) {
        const handle = await client.workflow.signalWithStart(input.workflowType, {
          ...common,
          signal: input.signal.name,
          signalArgs: input.signal.args,
        });
        // signal-with-start does not say whether it started the workflow or found it running.
        return { workflowId: handle.workflowId, newlyStarted: null };
      }
      try {
        await client.workflow.start(input.workflowType, common);
        return { workflowId: input.workflowId, newlyStarted: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId: input.workflowId, newlyStarted: false };
        throw error;
      }
    },
  };
}
