// Records the Temporal histories of tests/histories/scenarios.ts into tests/histories/*.json
// (the standard JSON form, replayable by any SDK). Runs against the test stack.
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { migrate } from '../eventstore/migrate.ts';
import { appEnv, loadStackConfig, ownerDatabaseUrl } from '../infra/config.ts';
import { stackUp } from '../stack/stack.ts';
import { SCENARIOS } from '../tests/histories/scenarios.ts';
import { devServerHarness, shortHistoryHarness, timeSkippingHarness } from '../tests/support/temporal.ts';
import { kindOfCaseId } from '../workflows/kinds.ts';

const config = loadStackConfig({ ...process.env, TASKFORCE_PROFILE: 'test' }, 'test');
Object.assign(process.env, appEnv(config), { TASKFORCE_PROFILE: 'test' });
await stackUp(config);
await migrate(ownerDatabaseUrl(config));

const HARNESSES = { dev: devServerHarness, timeSkipping: timeSkippingHarness, shortHistory: () => shortHistoryHarness() };

const force = process.argv.includes('--force');
const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
for (const scenario of SCENARIOS.filter((s) => !only || s.name === only)) {
  const harness = await HARNESSES[scenario.server]();
  try {
    const ids = await scenario.run({ client: harness.client, taskQueue: harness.taskQueue, env: harness.env });
    for (const [index, workflowId] of ids.entries()) {
      // The latest run: for a case that continued as new, the one started from carried state.
      const history = await harness.client.workflow.getHandle(workflowId).fetchHistory();
      const suffix = ids.length > 1 ? `-${kindOfCaseId(workflowId) ?? index + 1}` : '';
      const file = path.join(import.meta.dirname, '..', 'tests', 'histories', `${scenario.name}${suffix}.json`);
      // A recorded history guards the code path it took: keep it unless asked to replace it.
      if (fs.existsSync(file) && !force) {
        console.log(`kept ${path.basename(file)} (exists; --force replaces it)`);
        continue;
      }
      fs.writeFileSync(file, `${historyToJSON(history)}\n`);
      console.log(`recorded ${path.basename(file)} (${history.events?.length ?? 0} events)`);
    }
  } finally {
    await harness.close();
  }
}
process.exit(0);
