// The outbox relay in-process against the real PostgreSQL and Kafka: what a published message
// looks like, that NOTIFY wakes it, and that a transaction committing late is never skipped.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventDefinition } from '../../events/catalogue.ts';
import { EventStore } from '../../eventstore/event-store.ts';
import { type RelayHandle, startRelay } from '../../eventstore/relay.ts';
import { loadSettings } from '../../infra/settings.ts';
import { newVictimStreamId, victimRescued } from './eventstore-support.ts';
import { countOf, isolatedRelaySettings, readPublished, versionsByStream } from './relay-support.ts';

const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl });
const store = new EventStore(pool);
const running: RelayHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((relay) => relay.stop()));
});
afterAll(() => pool.end());

async function relayFor(overrides: Parameters<typeof isolatedRelaySettings>[0] = {}) {
  const settings = isolatedRelaySettings(overrides);
  const relay = startRelay(settings);
  running.push(relay);
  await relay.active;
  return settings;
}

describe('the outbox relay', () => {
  it('publishes each event to its case kind’s topic, keyed by stream, as a CloudEvent — woken by NOTIFY, not by polling', async () => {
    // A poll interval far longer than the test: only the NOTIFY of the append can wake the relay.
    const settings = await relayFor({ pollIntervalMs: 600_000 });
    const streamId = newVictimStreamId();
    const batch = [victimRescued(streamId, 'A'), victimRescued(streamId, 'B')];
    const appendedAt = Date.now();
    await store.append(streamId, 0, batch);
    const published = await readPublished(settings.topicPrefix, (p) => countOf(p, [streamId]) === 2);
    const ours = published.filter((p) => p.key === streamId);
    expect(ours.map((p) => p.envelope)).toEqual(await store.readStream(streamId));
    expect(ours[0]!.topic).toBe(`${settings.topicPrefix}.victim.events`);
    expect(ours[0]!.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: batch[0]!.eventId,
      ce_source: '/taskforce/victim',
      ce_type: 'VictimRescued',
      ce_subject: streamId,
      ce_time: '2024-03-01T03:00:00.123456Z',
      'taskforce-stream-version': '1',
      'taskforce-classification': eventDefinition('VictimRescued').classification,
    });
    expect(new Set(ours.map((p) => p.partition)).size).toBe(1);
    const { rows } = await pool.query<{ updated_at: Date }>('SELECT updated_at FROM relay_checkpoints WHERE relay_name = $1', [
      settings.relayName,
    ]);
    expect(rows[0]!.updated_at.getTime()).toBeGreaterThanOrEqual(appendedAt - 1000);
  });

  it('finds an event whose writer never sent the NOTIFY at its next poll', async () => {
    const settings = await relayFor({ pollIntervalMs: 200 });
    const streamId = newVictimStreamId();
    await pool.query(
      `INSERT INTO events (event_id, stream_id, stream_version, case_kind, type, schema_version, occurred_at, actor, classification, correlation_id, data)
       VALUES ($1, $2, 1, 'victim', 'VictimRescued', 1, now(), '{"agency":"NPA","role":"operator","userId":"u"}', 'RESTRICTED', 'c', $3)`,
      [randomUUID(), streamId, JSON.stringify(victimRescued(streamId).data)],
    );
    const published = await readPublished(settings.topicPrefix, (p) => countOf(p, [streamId]) === 1);
    expect(versionsByStream(published, [streamId]).get(streamId)).toEqual([1]);
  });

  it('publishes an event whose transaction commits late, after later ones, and keeps each stream’s order', async () => {
    const settings = await relayFor();
    const late = newVictimStreamId();
    const early = newVictimStreamId();
    const held = await pool.connect();
    try {
      // Takes a global position first, commits last, and never NOTIFYs.
      await held.query('BEGIN');
      await held.query(
        `INSERT INTO events (event_id, stream_id, stream_version, case_kind, type, schema_version, occurred_at, actor, classification, correlation_id, data)
         VALUES ($1, $2, 1, 'victim', 'VictimRescued', 1, now(), '{"agency":"MOFA","role":"operator","userId":"u"}', 'RESTRICTED', 'c', $3)`,
        [randomUUID(), late, JSON.stringify(victimRescued(late).data)],
      );
      for (let version = 0; version < 3; version++) await store.append(early, version, [victimRescued(early)]);
      // Publishing `early` now would be allowed; moving the checkpoint past `late` would not.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await held.query('COMMIT');
    } finally {
      held.release();
    }
    await store.append(late, 1, [victimRescued(late)]);
    const published = await readPublished(settings.topicPrefix, (p) => countOf(p, [late, early]) === 5);
    const versions = versionsByStream(published, [late, early]);
    expect(versions.get(late)).toEqual([1, 2]);
    expect(versions.get(early)).toEqual([1, 2, 3]);
  });
});
