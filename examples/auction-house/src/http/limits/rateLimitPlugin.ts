import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { rateLimitedError, retryIn } from './rateLimitedError';

/** Options of {@link rateLimitPlugin}. */
export interface RateLimitPluginOptions {
  /** Counts in this Redis, shared by every instance on it; without it each instance counts alone (in memory). */
  readonly redis?: Redis;
  /** Prefix of the keys in Redis. Default `gavel-rate-limit-`. */
  readonly nameSpace?: string;
}

/**
 * `@fastify/rate-limit`, with no global limit: routes opt in with `config.rateLimit` (sign-in, bids)
 * or with `app.createRateLimit` (auction creation, which counts per user and per address). A refused
 * request is answered 429 `RATE_LIMITED` with a `Retry-After` header. When Redis fails, requests pass
 * (the limits lapse, the auction house stays up) and the failure is logged.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: RateLimitPluginOptions): Promise<void> => {
    await app.register(fastifyRateLimit, {
      global: false,
      skipOnError: true,
      ...(options.redis === undefined
        ? {}
        : { redis: options.redis, nameSpace: options.nameSpace ?? 'gavel-rate-limit-' }),
      errorResponseBuilder: (_request, context) =>
        rateLimitedError(`Too many requests: at most ${context.max}; retry ${retryIn(context.ttl)}`),
    });
  },
  { name: 'gavel-rate-limit' },
);
