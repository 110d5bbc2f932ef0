import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { apiError, sendError } from '../apiError';

/** `true` when `given` is `Bearer <token>`, compared in constant time. */
const authorized = (given: string | undefined, token: string): boolean => {
  const expected = Buffer.from(`Bearer ${token}`, 'utf8');
  const actual = Buffer.from(given ?? '', 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** Options of {@link statsRoute}. */
export interface StatsRouteOptions {
  /** The bearer token the route answers to. */
  readonly token: string;
  /** The counters to answer. */
  readonly stats: () => Record<string, unknown>;
}

/**
 * `GET /api/stats`, for operators: the catalog's and the closer's processor stats (partitions owned,
 * events handled, lag behind the writes) and the feed's counters, as JSON (positions as strings). Only
 * with `Authorization: Bearer <token>`; anything else is 404, as if the route did not exist.
 */
export const statsRoute: FastifyPluginAsync<StatsRouteOptions> = async (app, { token, stats }) => {
  app.get('/api/stats', async (request, reply) => {
    if (!authorized(request.headers.authorization, token))
      return sendError(reply, apiError('NOT_FOUND', 'No such route'));
    return reply
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(stats(), (_key, value) => (typeof value === 'bigint' ? value.toString() : value)));
  });
};
