// Produce requests stay under the broker's record-batch limit and keep the order of messages.
import { describe, expect, it } from 'vitest';
import { messageBytes, produceRequests } from '../../kafka/produce-requests.ts';

const message = (key: string, n: number, bytes: number) => ({ key, value: `${n}`.padEnd(bytes, '.') });

describe('produce requests', () => {
  it('split a large batch into requests under the limit, in order', () => {
    const messages = Array.from({ length: 500 }, (_, n) => ({ topic: 'victim', message: message('victim-1', n, 2300) }));
    const requests = produceRequests(messages, 512 * 1024);
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) {
      expect(request.flatMap((t) => t.messages).reduce((sum, m) => sum + messageBytes(m), 0)).toBeLessThanOrEqual(512 * 1024);
    }
    expect(requests.flatMap((r) => r.flatMap((t) => t.messages.map((m) => Number.parseInt(String(m.value), 10))))).toEqual(
      messages.map((_, n) => n),
    );
  });

  it('send a single message larger than the limit on its own', () => {
    const requests = produceRequests(
      [
        { topic: 't', message: message('k', 1, 10) },
        { topic: 't', message: message('k', 2, 100) },
      ],
      50,
    );
    expect(requests.map((r) => r[0]!.messages.length)).toEqual([1, 1]);
  });
});

describe('produce requests at scale', () => {
  it('split 100,000 messages over two topics in linear time, each request in order', () => {
    const messages = Array.from({ length: 100_000 }, (_, n) => ({ topic: n % 2 ? 'a' : 'b', message: message(`k${n % 7}`, n, 50) }));
    const started = performance.now();
    const requests = produceRequests(messages, 512 * 1024);
    // Copying each topic's list per message (the quadratic way) takes minutes here.
    expect(performance.now() - started).toBeLessThan(2000);
    const sent = requests.flatMap((r) => r.flatMap((t) => t.messages.map((m) => Number.parseInt(String(m.value), 10))));
    expect(sent).toHaveLength(100_000);
    for (const topic of ['a', 'b']) {
      const ofTopic = requests.flatMap((r) =>
        r.filter((t) => t.topic === topic).flatMap((t) => t.messages.map((m) => Number.parseInt(String(m.value), 10))),
      );
      expect(ofTopic).toEqual(ofTopic.toSorted((x, y) => x - y));
    }
  });
});
