import { maskPublicView, type PublicView } from '@gavel/core';
import type { FastifyInstance } from 'fastify';
import { viewAt } from '../../readModels/catalog/storedView';
import type { ApiContext } from '../apiContext';
import { apiError, sendError } from '../apiError';
import { parseInput } from '../parseInput';
import { myBidsQuery, myNotificationsQuery } from '../schemas';
import { signedInUser } from '../session/sessionPlugin';

/** Where the user stands on an auction they bid on. */
export type Standing = 'leading' | 'outbid' | 'won' | 'lost';

/** Where `userId` stands, from an auction's view with ids unmasked: leading or outbid; after the close, won or lost. */
export const standingOf = (view: PublicView, userId: string): Standing => {
  if (view.status === 'closed' || view.status === 'cancelled')
    return view.outcome?.winnerId === userId ? 'won' : 'lost';
  return view.leaderId === userId ? 'leading' : 'outbid';
};

const encodeAfter = (endsAt: number, auctionId: string): string =>
  Buffer.from(JSON.stringify([endsAt, auctionId]), 'utf8').toString('base64url');

const decodeAfter = (cursor: string): { endsAt: number; auctionId: string } | null => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [endsAt, auctionId] = parsed as unknown[];
    return typeof endsAt === 'number' && Number.isSafeInteger(endsAt) && typeof auctionId === 'string'
      ? { endsAt, auctionId }
      : null;
  } catch {
    return null;
  }
};

/**
 * `GET /api/me/bids?limit&cursor`: one entry per auction where the signed-in user made an offer, from the
 * catalog's "my auctions" read model (not from the streams): their last offer, their own max included,
 * `leading` (after the close: whether they won) and `standing` (`leading`, `outbid`, `won`, `lost`),
 * soonest end first, paged like the list (`nextCursor`). Shown to that user alone.
 */
export const meRoutes =
  (context: ApiContext) =>
  async (app: FastifyInstance): Promise<void> => {
    const { catalog, mask, clock } = context;
    app.get('/api/me/bids', { config: { session: 'required' } }, async (request, reply) => {
      const user = signedInUser(request);
      const query = parseInput(myBidsQuery, request.query, reply);
      if (query === undefined) return reply;
      const after = query.cursor === undefined ? undefined : decodeAfter(query.cursor);
      if (after === null)
        return sendError(
          reply,
          apiError('INVALID_REQUEST', 'cursor is not a cursor of this list', { field: 'cursor' }),
        );
      const now = clock();
      const page = await catalog.bidsOf(user.userId, query.limit, after);
      const bids = page.rows.flatMap((row) => {
        const view = viewAt(row.view, now);
        const standing = standingOf(view, user.userId);
        return [
          {
            auctionId: row.auctionId,
            title: row.title,
            ...row.offer,
            leading: standing === 'leading' || standing === 'won',
            standing,
            view: maskPublicView(view, mask),
          },
        ];
      });
      const last = page.rows[page.rows.length - 1];
      return {
        bids,
        nextCursor: page.more && last !== undefined ? encodeAfter(last.sortValue, last.auctionId) : null,
      };
    });

    // The auctions the user sells, soonest end first, paged like their bids.
    app.get('/api/me/auctions', { config: { session: 'required' } }, async (request, reply) => {
      const user = signedInUser(request);
      const query = parseInput(myBidsQuery, request.query, reply);
      if (query === undefined) return reply;
      const after = query.cursor === undefined ? undefined : decodeAfter(query.cursor);
      if (after === null)
        return sendError(
          reply,
          apiError('INVALID_REQUEST', 'cursor is not a cursor of this list', { field: 'cursor' }),
        );
      const now = clock();
      const page = await catalog.sellerAuctions(user.userId, query.limit, after);
      const auctions = page.rows.map((row) => ({
        auctionId: row.auctionId,
        title: row.title,
        view: maskPublicView(viewAt(row.view, now), mask),
      }));
      const last = page.rows[page.rows.length - 1];
      return {
        auctions,
        nextCursor: page.more && last !== undefined ? encodeAfter(last.sortValue, last.auctionId) : null,
      };
    });

    // The user's notifications, newest first: the ones that arose while they were away included.
    app.get('/api/me/notifications', { config: { session: 'required' } }, async (request, reply) => {
      const user = signedInUser(request);
      const query = parseInput(myNotificationsQuery, request.query, reply);
      if (query === undefined) return reply;
      return { notifications: await catalog.notificationsOf(user.userId, query.limit) };
    });
  };
