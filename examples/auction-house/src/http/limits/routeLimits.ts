import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuctionHouseLimits } from '../../config/limits';
import { rateLimitedError, retryIn } from './rateLimitedError';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The client's address as the rate limits see it (`request.ip`: the TCP peer, or the trusted proxy's client). */
const addressOf = (request: FastifyRequest): string => `address:${request.ip}`;

/** `POST /api/session`: sign-ins per client address per minute. */
export const signInRateLimit = (limits: AuctionHouseLimits): RateLimitOptions => ({
  max: limits.signInsPerMinute,
  timeWindow: MINUTE,
  keyGenerator: addressOf,
  errorResponseBuilder: (_request, context) =>
    rateLimitedError(
      `Too many sign-ins from this address: at most ${context.max} a minute; retry ${retryIn(context.ttl)}`,
    ),
});

/**
 * The bid and buy-now routes: per user (the session's user id), `bidsPerSecond` a second. A request
 * without a session is answered 401 before it is counted; the per-address bucket of 1 000 a second is
 * only a floor for those, so many users behind one address are never limited as one.
 */
export const bidRateLimit = (limits: AuctionHouseLimits): RateLimitOptions => ({
  max: (_request, key) => (key.startsWith('address:') ? 1000 : limits.bidsPerSecond),
  timeWindow: 1000,
  keyGenerator: (request) =>
    request.session === null ? addressOf(request) : `user:${request.session.userId}`,
  errorResponseBuilder: (_request, context) =>
    rateLimitedError(`Too many bids: at most ${context.max} a second; retry ${retryIn(context.ttl)}`),
});

/**
 * An `onRequest` hook for `POST /api/auctions`, after the session is read: at most `auctionsPerHour`
 * per user and `auctionsPerHourPerAddress` per client address, each counted per hour (two counters, so
 * neither many users on one address nor one user on many addresses steps around it).
 */
export const auctionCreationLimit = (app: FastifyInstance, limits: AuctionHouseLimits) => {
  const perUser = app.createRateLimit({
    max: limits.auctionsPerHour,
    timeWindow: HOUR,
    keyGenerator: (request) => `auctions:user:${request.session?.userId ?? request.ip}`,
  });
  const perAddress = app.createRateLimit({
    max: limits.auctionsPerHourPerAddress,
    timeWindow: HOUR,
    keyGenerator: (request) => `auctions:${addressOf(request)}`,
  });
  const checks = [
    { limit: perUser, what: 'per user' },
    { limit: perAddress, what: 'from one address' },
  ];
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    for (const { limit, what } of checks) {
      const counted = await limit(request);
      if (counted.isAllowed || !counted.isExceeded) continue;
      reply.header('retry-after', counted.ttlInSeconds);
      throw rateLimitedError(
        `Too many auctions created ${what}: at most ${counted.max} an hour; retry ${retryIn(counted.ttl)}`,
      );
    }
  };
};
