// The stack's PostgreSQL starts from a checkout anywhere: at a path of some 200 characters, longer
// than a unix socket's path may be, and under a home folder that the `postgres` user cannot enter
// (mode 700, as /root is; it matters when we are root, when the cluster runs as `postgres` and then
// lives outside the data folder). A cluster of its own on a free port each time, so the shared
// test stack is not touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { appEnv, loadStackConfig, type StackConfig } from '../../infra/config.ts';
import { clusterDirOutside, postgresDown, postgresUp, removePostgresCluster } from '../../stack/postgres.ts';
import { freePort } from '../support/free-port.ts';

const homes: string[] = [];
const clusters: StackConfig[] = [];

afterEach(async () => {
  for (const config of clusters.splice(0)) {
    await postgresDown(config);
    removePostgresCluster(config);
  }
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

/** The stack configuration of a checkout at a path of about 200 characters in a new home folder of this mode. */
async function checkoutInHome(mode: number): Promise<StackConfig> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-home-'));
  homes.push(home);
  fs.chmodSync(home, mode);
  let checkout = path.join(home, 'projects');
  for (let n = 1; checkout.length < 185; n++) checkout = path.join(checkout, `a-long-folder-name-${n}`);
  const dataDir = path.join(checkout, '.taskforce', 'test');
  const config = loadStackConfig({ ...process.env, TASKFORCE_DATA_DIR: dataDir, TASKFORCE_PG_PORT: String(await freePort()) }, 'test');
  clusters.push(config);
  return config;
}

describe('the stack from a checkout anywhere', () => {
  it.each([
    ['a home folder others may enter', 0o755],
    ['a home folder of mode 700', 0o700],
  ])('runs PostgreSQL for a data folder of 200 characters under %s', async (_home, mode) => {
    const config = await checkoutInHome(mode);
    expect(config.dataDir.length).toBeGreaterThanOrEqual(195);

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

  it.runIf(process.getuid?.() === 0)('deletes a cluster kept outside its data folder once that folder is gone', async () => {
    const deletedClone = await checkoutInHome(0o700);
    await postgresUp(deletedClone);
    await postgresDown(deletedClone);
    expect(fs.existsSync(path.join(clusterDirOutside(deletedClone), 'PG_VERSION'))).toBe(true);
    fs.rmSync(homes[0]!, { recursive: true });

    await postgresUp(await checkoutInHome(0o700));

    expect(fs.existsSync(clusterDirOutside(deletedClone))).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)('starts afresh when a checkout is deleted and cloned again at the same path', async () => {
    const config = await checkoutInHome(0o700);
    await postgresUp(config);
    await postgresDown(config);
    // The clone is deleted (its data folder, with the superuser's password, goes) and made again.
    fs.rmSync(config.dataDir, { recursive: true });
    // The new clone's stack makes its data folder (its lock file) before PostgreSQL starts.
    fs.mkdirSync(config.dataDir, { recursive: true });

    await postgresUp(config);

    const client = new pg.Client({ connectionString: appEnv(config).DATABASE_URL });
    await client.connect();
    try {
      expect((await client.query('select current_database() as database')).rows).toEqual([{ database: 'taskforce' }]);
    } finally {
      await client.end();
    }
  });
});
