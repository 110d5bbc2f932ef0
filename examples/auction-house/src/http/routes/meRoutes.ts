import type { FastifyInstance } from 'fastify';
import { readAuction } from '../../auctions/readAuction';
import type { ApiContext } from '../apiContext';
import { signedInUser } from '../session/sessionPlugin';

/**
 * `GET /api/me/bids`: one entry per auction where the signed-in user holds an offer (or won): their
 * current offer, their own max included, and whether they lead (after the close: whether they won).
 * Shown to that user alone.
 */
export const meRoutes =
  (context: ApiContext) =>
  async (app: FastifyInstance): Promise<void> => {
    const { store, catalog, mask, clock } = context;
    app.get('/api/me/bids', { config: { session: 'required' } }, async (request) => {
      const user = signedInUser(request);
      const now = clock();
      const auctions = await Promise.all(
        (await catalog.auctionsOf(user.userId)).map((id) => readAuction(store, id, mask, now)),
      );
      const bids = [];
      for (const auction of auctions) {
        if (auction === null) continue;
        const offer = auction.offers.get(user.userId);
        const won = auction.winnerId === user.userId;
        if (offer === undefined && !won) continue;
        const closed = auction.view.status === 'closed' || auction.view.status === 'cancelled';
        bids.push({
          auctionId: auction.auctionId,
          title: auction.title,
          ...(offer ?? {}),
          leading: closed ? won : auction.leaderId === user.userId,
          view: auction.view,
        });
      }
      bids.sort((a, b) => a.view.endsAt - b.view.endsAt);
      return { bids };
    });
  };
