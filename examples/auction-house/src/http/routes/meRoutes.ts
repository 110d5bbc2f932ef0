import { maskPublicView, type PublicView } from '@gavel/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { viewAt } from '../../readModels/catalog/storedView';
import type { ApiContext } from '../apiContext';
import { encodeOwnListCursor } from '../ownListCursor';
import { myBidsQuery, myNotificationsQuery } from '../schemas';

/** Where the user stands on an auction they bid on. */
export type Standing = 'leading' | 'outbid' | 'won' | 'lost';

/** Where `userId` stands, from an auction's view with ids unmasked: leading or outbid; after the close, won or lost. */
export const standingOf = (view: PublicView, userId: string): Standing => {
  if (view.status === 'closed' || view.status === 'cancelled')
    return view.outcome?.winnerId === userId ? 'won' : 'lost';
  return view.leaderId === userId ? 'leading' : 'outbid';
};

/**
 * `GET /api/me/bids?limit&cursor`: one entry per auction where the signed-in user made an offer, from the
 * catalog's "my auctions" read model (not from the streams): their last offer, their own max included,
 * `leading` (after the close: whether they won) and `standing` (`leading`, `outbid`, `won`, `lost`),
 * soonest end first, paged like the list (`nextCursor`). Shown to that user alone.
 */
export const meRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { catalog, mask, clock } = context;
  const config = { session: 'required' as const };

  app.get('/api/me/bids', { config, schema: { querystring: myBidsQuery } }, async (request) => {
    const { user, query } = request;
    const now = clock();
    const page = await catalog.bidsOf(user.userId, query.limit, query.after);
    const bids = page.rows.map((row) => {
      const view = viewAt(row.view, now);
      const standing = standingOf(view, user.userId);
      return {
        auctionId: row.auctionId,
        title: row.title,
        ...row.offer,
        leading: standing === 'leading' || standing === 'won',
        standing,
        view: maskPublicView(view, mask),
      };
    });
    const last = page.rows[page.rows.length - 1];
    return {
      bids,
      nextCursor:
        page.more && last !== undefined ? encodeOwnListCursor(last.sortValue, last.auctionId) : null,
    };
  });

  // The auctions the user sells, soonest end first, paged like their bids.
  app.get('/api/me/auctions', { config, schema: { querystring: myBidsQuery } }, async (request) => {
    const { user, query } = request;
    const now = clock();
    const page = await catalog.sellerAuctions(user.userId, query.limit, query.after);
    const auctions = page.rows.map((row) => ({
      auctionId: row.auctionId,
      title: row.title,
      view: maskPublicView(viewAt(row.view, now), mask),
    }));
    const last = page.rows[page.rows.length - 1];
    return {
      auctions,
      nextCursor:
        page.more && last !== undefined ? encodeOwnListCursor(last.sortValue, last.auctionId) : null,
    };
  });

  // The user's notifications, newest first: the ones that arose while they were away included.
  app.get(
    '/api/me/notifications',
    { config, schema: { querystring: myNotificationsQuery } },
    async (request) => ({
      notifications: await catalog.notificationsOf(request.user.userId, request.query.limit),
    }),
  );
};
