// The relay as a real process, killed with SIGKILL: no event is lost, each stream stays in order,
// and a standby instance takes over the advisory lock when the active one dies.
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore/event-store.ts';
import { loadSettings } from '../../infra/settings.ts';
import { newVictimStreamId, victimRescued } from './eventstore-support.ts';
import { countOf, isolatedRelayEnv, type Published, RelayProcess, readPublished, versionsByStream } from './relay-support.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl });
const store = new EventStore(pool);
const relays: RelayProcess[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.kill()));
});
afterAll(() => pool.end());

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls the relay's database session until `done` holds for its row (undefined once the session is gone). */
async function waitForRelaySession(relayName: string, done: (session?: { pid: number; wait_event_type: string | null }) => boolean) {
  for (let waited = 0; waited < 20_000; waited += 20) {
    const { rows } = await pool.query<{ pid: number; wait_event_type: string | null }>(
      'SELECT pid, wait_event_type FROM pg_stat_activity WHERE application_name = $1',
      [`taskforce relay ${relayName}`],
    );
    if (done(rows[0])) return;
    await sleep(20);
  }
  throw new Error(`the session of relay ${relayName} never reached the awaited state`);
}

function spawnRelay(env: Record<string, string>): RelayProcess {
  const relay = new RelayProcess(env);
  relays.push(relay);
  return relay;
}

/** Appends `perStream` events to each stream, one to three per append, the streams concurrently. */
async function appendConcurrently(streamIds: string[], perStream: number): Promise<void> {
  await Promise.all(
    streamIds.map(async (streamId) => {
      let version = await store.streamVersion(streamId);
      const last = version + perStream;
      while (version < last) {
        const size = Math.min(1 + (version % 3), last - version);
        version = (
          await store.append(
            streamId,
            version,
            Array.from({ length: size }, () => victimRescued(streamId)),
          )
        ).streamVersion;
      }
    }),
  );
}

function expectEveryStreamComplete(published: Parameters<typeof versionsByStream>[0], streamIds: string[], perStream: number) {
  const expected = Array.from({ length: perStream }, (_, i) => i + 1);
  for (const [streamId, versions] of versionsByStream(published, streamIds)) expect(versions, streamId).toEqual(expected);
}

describe('the relay process', () => {
  it('republishes, in order, a batch Kafka acknowledged but whose checkpoint a SIGKILL prevented', async () => {
    const env = { ...isolatedRelayEnv(), TASKFORCE_RELAY_BATCH_SIZE: '7' };
    const first = spawnRelay(env);
    await first.waitForLine(/active/);
    const streamIds = Array.from({ length: 12 }, newVictimStreamId);
    const appending = appendConcurrently(streamIds, 60);
    while (first.output.filter((line) => line.includes('published')).length < 3) await sleep(5);

    // Hold the checkpoint row: the relay's next batch reaches Kafka, then its checkpoint write waits.
    const locker = await pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM relay_checkpoints WHERE relay_name = $1 FOR UPDATE', [env.TASKFORCE_RELAY_NAME]);
      await waitForRelaySession(env.TASKFORCE_RELAY_NAME, (session) => session?.wait_event_type === 'Lock');
      await first.kill('SIGKILL');
      // Its backend notices the dead client and ends, its checkpoint write rolled back.
      await waitForRelaySession(env.TASKFORCE_RELAY_NAME, (session) => session === undefined);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    // The checkpoint stayed where the last confirmed batch ended, though one more batch reached Kafka.
    const lastConfirmed = first.output
      .filter((line) => line.includes('published'))
      .at(-1)!
      .match(/position (\d+)\/(\d+)/)!;
    const { rows } = await pool.query<{ position: string }>(
      "SELECT last_transaction_id || '/' || last_global_position AS position FROM relay_checkpoints WHERE relay_name = $1",
      [env.TASKFORCE_RELAY_NAME],
    );
    expect(rows[0]!.position).toBe(`${lastConfirmed[1]}/${lastConfirmed[2]}`);

    const second = spawnRelay(env);
    await appending;
    await second.waitForLine(/active/);
    // Read until every version is there and the unconfirmed batch's second copy too: when the
    // appends ended before the kill, that copy comes after the last versions of its partition.
    const ours = (p: Published[]) => p.filter((message) => streamIds.includes(message.key)).length;
    const published = await readPublished(env.TASKFORCE_TOPIC_PREFIX, (p) => countOf(p, streamIds) === 12 * 60 && ours(p) > 12 * 60);
    expectEveryStreamComplete(published, streamIds, 60);
    expect(ours(published)).toBeGreaterThan(12 * 60); // the unconfirmed batch went out twice: at least once, deduplicated by version
  });

  it('keeps a second instance waiting for the lock, which takes over when the first dies', async () => {
    const env = isolatedRelayEnv();
    const first = spawnRelay(env);
    await first.waitForLine(/active/);
    const standby = spawnRelay(env);
    await standby.waitForLine(/waiting: another instance holds the lock/);

    const streamIds = [newVictimStreamId(), newVictimStreamId()];
    await appendConcurrently(streamIds, 3);
    await first.waitForLine(/published/);
    expect(standby.output.some((line) => /active|published/.test(line))).toBe(false);

    await first.kill('SIGKILL');
    await standby.waitForLine(/active/);
    await appendConcurrently(streamIds, 3);
    await standby.waitForLine(/published/);
    const published = await readPublished(env.TASKFORCE_TOPIC_PREFIX, (p) => countOf(p, streamIds) === 12);
    expectEveryStreamComplete(published, streamIds, 6);
  });
});
