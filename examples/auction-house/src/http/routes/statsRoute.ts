import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { apiError, sendError } from '../apiError';

/** `true` when `given` is `Bearer <token>`, compared in constant time. */
const authorized = (given: string | undefined, token: string): boolean => {
  const expected = Buffer.from(`Bearer ${token}`, 'utf8');
  const actual = Buffer.from(given ?? '', 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/**
 * `GET /api/stats`, for operators: the catalog's and the closer's processor stats (partitions owned,
 * events handled, lag behind the writes) and the feed's counters, as JSON (positions as strings). Only
 * with `Authorization: Bearer <token>`; anything else is 404, as if the route did not exist.
 */
export const statsRoute =
  (token: string, stats: () => Record<string, unknown>) =>
  async (app: FastifyInstance): Promise<void> => {
    app.get('/api/stats', async (request, reply) => {
      if (!authorized(request.headers.authorization, token))
        return sendError(reply, apiError('NOT_FOUND', 'No such route'));
      return reply
        .type('application/json; charset=utf-8')
        .send(
          JSON.stringify(stats(), (_key, value) => (typeof value === 'bigint' ? value.toString() : value)),
        );
    });
  };
