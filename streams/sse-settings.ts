// Tunables of the SSE stream, read from the environment like every other process setting.
import { z } from 'zod';
import type { SseSettings } from './sse.ts';
import type { FeedSettings } from './store-feed.ts';

export interface StreamSettings {
  sse: SseSettings;
  feed: Omit<FeedSettings, 'log'>;
  /** Events held per connection for a slow client before it reads from the store instead. */
  bufferSize: number;
}

const StreamEnv = z.object({
  // Below the 30 to 60 s idle timeouts common in proxies and load balancers.
  TASKFORCE_SSE_HEARTBEAT_MS: z.coerce.number().int().min(10).default(15_000),
  TASKFORCE_SSE_RETRY_MS: z.coerce.number().int().min(0).default(2000),
  TASKFORCE_SSE_BUFFER: z.coerce.number().int().min(1).max(100_000).default(1000),
  TASKFORCE_SSE_POLL_MS: z.coerce.number().int().min(10).default(1000),
});

export function streamSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StreamSettings {
  const parsed = StreamEnv.parse(env);
  return {
    sse: { heartbeatMs: parsed.TASKFORCE_SSE_HEARTBEAT_MS, retryMs: parsed.TASKFORCE_SSE_RETRY_MS },
    feed: { batchSize: 500, pollIntervalMs: parsed.TASKFORCE_SSE_POLL_MS },
    bufferSize: parsed.TASKFORCE_SSE_BUFFER,
  };
}
