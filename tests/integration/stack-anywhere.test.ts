// The stack's PostgreSQL starts from a checkout anywhere: at a path of some 200 characters, longer
// than a unix socket's path may be, and under a home folder that the `postgres` user cannot enter
// (mode 700, as /root is; it matters when we are root, when the cluster runs as `postgres`). A
// cluster of its own on a free port each time, so the shared test stack is not touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { appEnv, loadStackConfig, type StackConfig } from '../../infra/config.ts';
import { postgresDown, postgresUp, removePostgresCluster } from '../../stack/postgres.ts';
import { freePort } from '../support/free-port.ts';

let home: string | undefined;
let config: StackConfig | undefined;

afterEach(async () => {
  if (config) {
    await postgresDown(config);
    removePostgresCluster(config);
  }
  if (home) fs.rmSync(home, { recursive: true, force: true });
  config = undefined;
  home = undefined;
});

/** A checkout's data folder of about 200 characters under `home`. */
function longDataDir(under: string): string {
  let checkout = path.join(under, 'projects');
  for (let n = 1; checkout.length < 185; n++) checkout = path.join(checkout, `a-long-folder-name-${n}`);
  return path.join(checkout, '.taskforce', 'test');
}

describe('the stack from a checkout anywhere', () => {
  it.each([
    ['a home folder others may enter', 0o755],
    ['a home folder of mode 700', 0o700],
  ])('runs PostgreSQL for a data folder of 200 characters under %s', async (_home, homeMode) => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-home-'));
    fs.chmodSync(home, homeMode);
    const dataDir = longDataDir(home);
    expect(dataDir.length).toBeGreaterThanOrEqual(195);
    config = loadStackConfig({ ...process.env, TASKFORCE_DATA_DIR: dataDir, TASKFORCE_PG_PORT: String(await freePort()) }, 'test');

    await postgresUp(config);

    const client = new pg.Client({ connectionString: appEnv(config).DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query('select current_database() as database, 1 + 1 as sum');
      expect(rows).toEqual([{ database: 'taskforce', sum: 2 }]);
    } finally {
      await client.end();
    }
    expect(await postgresDown(config)).toBe(true);
  });
});
