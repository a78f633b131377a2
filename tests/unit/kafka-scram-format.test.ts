// A stack whose Kafka data was formatted before the broker took SASL/SCRAM logins has no credentials
// for the principals, and its running broker listens without them: `stack up` stops and says to
// reset it, before it downloads, formats or starts anything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../infra/config.ts';
import { kafkaUp } from '../../stack/kafka.ts';

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** A stack config over a data folder holding Kafka data formatted the old way. */
function stackFormattedWithoutScram() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-kafka-'));
  folders.push(dataDir);
  fs.mkdirSync(path.join(dataDir, 'kafka', 'data'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'kafka', 'data', 'meta.properties'), 'version=1\n');
  return loadStackConfig({ TASKFORCE_DATA_DIR: dataDir, TASKFORCE_CACHE_DIR: path.join(dataDir, 'no-cache') }, 'test');
}

describe('kafkaUp on Kafka data formatted without SCRAM credentials', () => {
  it('refuses, naming the missing principals and the reset', async () => {
    const config = stackFormattedWithoutScram();
    await expect(kafkaUp(config)).rejects.toThrow(
      /formatted without SCRAM credentials for admin, relay, .*agency-MOFA.*npm run stack -- reset --profile test/,
    );
    expect(fs.existsSync(config.cacheDir)).toBe(false);
  });
});
