// The baseline of the commands benchmark: a workflow whose Updates do nothing, on the same server
// and worker settings as the case workflows. `finish` ends it, as a case's last command does.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const noop = defineUpdate<null, [unknown]>('noop');
export const finish = defineUpdate<null>('finish');

export async function noopUpdatesWorkflow(): Promise<void> {
  let finished = false;
  setHandler(noop, () => null);
  setHandler(finish, () => {
    finished = true;
    return null;
  });
  await condition(() => finished);
}
