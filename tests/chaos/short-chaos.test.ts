// The short fault-injection run inside `npm test`: one kill -9 of each component under a small
// load, on the chaos profile's own stack. Nothing may be lost, applied twice or left unfinished.
import { describe, expect, it } from 'vitest';
import { ALL_FAULTS, chaosTable, runChaos } from '../../chaos/run.ts';

describe('short chaos run', () => {
  it('recovers from kill -9 of every component with nothing lost or counted twice', async () => {
    const log: string[] = [];
    const results = await runChaos({
      faults: ALL_FAULTS,
      casesPerFault: 2,
      concurrency: 2,
      leadMs: 1500,
      downMs: 1000,
      log: (l) => log.push(l),
    });
    console.log(chaosTable(results));
    expect(results.map((r) => r.fault)).toEqual(ALL_FAULTS);
    for (const result of results) {
      expect(result, `${result.fault}\n${log.join('\n')}`).toMatchObject({
        missingInStore: 0,
        lostInKafka: 0,
        lostInReadModels: 0,
        duplicatesApplied: 0,
        unfinishedWorkflows: 0,
        failedCases: 0,
      });
    }
  }, 900_000);
});
