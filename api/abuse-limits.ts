// Limits that keep one caller, or one address, from taking the API for itself: requests per
// minute per address (checked before authentication, so a flood of bad tokens is cut off cheaply)
// and per authenticated caller (agency and user), from @fastify/rate-limit's counters. A refusal is
// 429 problem+json with Retry-After.
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { z } from 'zod';
import { ProblemError } from './problem.ts';

export interface AbuseLimits {
  /** Requests per minute from one address, whoever sends them. */
  perAddress: number;
  /** Requests per minute from one authenticated caller, from any address. */
  perCaller: number;
  /** Event streams one caller may hold open at once. */
  streamsPerCaller: number;
}

const LimitsEnv = z.object({
  TASKFORCE_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(3000),
  TASKFORCE_RATE_LIMIT_PER_CALLER: z.coerce.number().int().min(1).default(1800),
  TASKFORCE_SSE_STREAMS_PER_CALLER: z.coerce.number().int().min(1).default(5),
});

export function abuseLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AbuseLimits {
  const parsed = LimitsEnv.parse(env);
  return {
    perAddress: parsed.TASKFORCE_RATE_LIMIT_PER_ADDRESS,
    perCaller: parsed.TASKFORCE_RATE_LIMIT_PER_CALLER,
    streamsPerCaller: parsed.TASKFORCE_SSE_STREAMS_PER_CALLER,
  };
}

const MINUTE_MS = 60_000;

/** Too many requests (or streams): the caller learns when to try again. */
export function tooMany(reply: FastifyReply, detail: string, retryAfterSeconds: number): ProblemError {
  reply.header('retry-after', String(Math.max(1, retryAfterSeconds)));
  return new ProblemError(429, detail);
}

/**
 * The gate with its two request limits, as one onRequest hook: the per-address check, then
 * `authenticate` (which sets request.caller), then the per-caller check. A plugin that is not
 * encapsulated (fastify-plugin), so the hook guards every route; @fastify/rate-limit supplies the
 * counters and must be registered before it.
 */
export function limitedGate(limits: AbuseLimits, authenticate: (request: FastifyRequest) => Promise<void>) {
  return fastifyPlugin(async (app) => {
    const byAddress = app.createRateLimit({ max: limits.perAddress, timeWindow: MINUTE_MS, keyGenerator: (request) => request.ip });
    const byCaller = app.createRateLimit({
      max: limits.perCaller,
      timeWindow: MINUTE_MS,
      keyGenerator: (request) => `${request.caller?.agency}/${request.caller?.userId}`,
    });
    app.addHook('onRequest', async (request, reply) => {
      const address = await byAddress(request);
      if (!address.isAllowed && address.isExceeded)
        throw tooMany(reply, `more than ${limits.perAddress} requests a minute from this address`, address.ttlInSeconds);
      await authenticate(request);
      if (!request.caller) return;
      const caller = await byCaller(request);
      if (!caller.isAllowed && caller.isExceeded)
        throw tooMany(reply, `more than ${limits.perCaller} requests a minute from this caller`, caller.ttlInSeconds);
    });
  });
}
