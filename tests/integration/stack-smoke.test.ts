// Each service of the stack is real: a Postgres round trip, a Kafka produce/consume on a fresh
// topic, and a workflow executed by a real Worker on the Temporal dev server.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../infra/settings.ts';
import { kafkaClient } from '../../kafka/client.ts';
import * as activities from '../fixtures/smoke-activities.ts';

const settings = loadSettings();

describe('the local stack', () => {
  it('PostgreSQL stores and returns a row', async () => {
    const client = new pg.Client({ connectionString: settings.databaseUrl });
    await client.connect();
    try {
      const value = randomUUID();
      await client.query('create temporary table smoke (value text)');
      await client.query('insert into smoke values ($1)', [value]);
      const { rows } = await client.query('select value from smoke');
      expect(rows).toEqual([{ value }]);
    } finally {
      await client.end();
    }
  });

  it('Kafka delivers a produced message to a consumer on a fresh topic', async () => {
    const kafka = kafkaClient(settings, 'smoke');
    const topic = `smoke-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const payload = randomUUID();
    await producer.send({ topic, messages: [{ key: 'k', value: payload }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) });
    });
    await consumer.disconnect();
    expect(received).toBe(payload);
  });

  it('Temporal runs a workflow on a real Worker', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect(settings.temporal.connectOptions);
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: settings.temporalNamespace,
      taskQueue,
      workflowsPath: path.resolve(import.meta.dirname, '../fixtures/smoke-workflows.ts'),
      activities,
    });
    const connection = await Connection.connect(settings.temporal.connectOptions);
    const client = new Client({ connection, namespace: settings.temporalNamespace });
    try {
      const result = await worker.runUntil(
        client.workflow.execute('smokeWorkflow', { taskQueue, workflowId: `smoke-${randomUUID()}`, args: ['taskforce'] }),
      );
      expect(result).toBe('hello, taskforce');
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });
});
