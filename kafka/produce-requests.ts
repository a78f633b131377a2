// Splits messages into produce requests the broker accepts. Kafka refuses a record batch above its
// limit (1 MiB by default) and kafkajs sends one batch per partition per request, so a relay batch
// of large events on one case could be refused forever. Each request here carries at most
// REQUEST_BYTES (a single event always fits), in the order given, so per-key order holds when the
// requests are sent one after another. Linear in the batch: each message is appended in place.
import type { Message, TopicMessages } from 'kafkajs';

export const REQUEST_BYTES = 512 * 1024;

export function messageBytes(message: Message): number {
  const headers = Object.entries(message.headers ?? {}).reduce((sum, [k, v]) => sum + k.length + String(v).length, 0);
  return Buffer.byteLength(String(message.value ?? '')) + Buffer.byteLength(String(message.key ?? '')) + headers;
}

export function produceRequests(messages: Iterable<{ topic: string; message: Message }>, maxBytes = REQUEST_BYTES): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let request = new Map<string, Message[]>();
  let bytes = 0;
  const close = () => {
    if (bytes > 0) requests.push([...request].map(([topic, batch]) => ({ topic, messages: batch })));
    request = new Map();
    bytes = 0;
  };
  for (const { topic, message } of messages) {
    const size = messageBytes(message);
    if (bytes > 0 && bytes + size > maxBytes) close();
    const batch = request.get(topic);
    if (batch) batch.push(message);
    else request.set(topic, [message]);
    bytes += size;
  }
  close();
  return requests;
}
