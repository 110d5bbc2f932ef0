import { randomBytes } from 'node:crypto';
import { maskPublicView, type PublicView, publicView } from '@gavel/core';
import type { FastifyInstance } from 'fastify';
import { readAuction } from '../../auctions/readAuction';
import { recordListing } from '../../listing/listingStream';
import type { ApiContext } from '../apiContext';
import { apiError, sendError } from '../apiError';
import { parseInput } from '../parseInput';
import { rejectionBody } from '../rejectionBody';
import { requireUser } from '../requireUser';
import { auctionIdParam, createAuctionBody, listQuery } from '../schemas';
import { sessionUser } from '../session';

/** A new auction id: `a_` and 12 URL-safe characters. */
const newAuctionId = (): string => `a_${randomBytes(9).toString('base64url')}`;

const isClosed = (view: PublicView): boolean => view.status === 'closed' || view.status === 'cancelled';

/** Listing, creating and viewing auctions. */
export const auctionRoutes =
  (context: ApiContext) =>
  async (app: FastifyInstance): Promise<void> => {
    const { store, service, catalog, mask, clock } = context;

    app.post('/api/auctions', async (request, reply) => {
      const user = requireUser(request, reply);
      if (user === undefined) return reply;
      const body = parseInput(createAuctionBody, request.body, reply);
      if (body === undefined) return reply;
      const now = clock();
      const auctionId = newAuctionId();
      await recordListing(store, { auctionId, title: body.title, sellerName: user.name }, now);
      const result = await service.execute({
        type: 'OpenAuction',
        data: {
          auctionId,
          sellerId: user.userId,
          currency: body.currency ?? 'USD',
          startingPrice: body.startingPrice,
          endsAt: body.endsAt ?? now + (body.durationMs as number),
          ...(body.reservePrice === undefined ? {} : { reservePrice: body.reservePrice }),
          ...(body.buyNowPrice === undefined ? {} : { buyNowPrice: body.buyNowPrice }),
          ...(body.softClose === undefined ? {} : { softClose: body.softClose }),
        },
      });
      if (!result.ok) return sendError(reply, rejectionBody(result));
      return reply.code(201).send({ auctionId, title: body.title, view: maskPublicView(result.view, mask) });
    });

    app.get('/api/auctions', async (request, reply) => {
      const query = parseInput(listQuery, request.query, reply);
      if (query === undefined) return reply;
      const now = clock();
      const auctions = [];
      for (const entry of catalog.entries()) {
        const view = publicView(entry.state, now);
        if (view === null) continue;
        if (query.status !== undefined && isClosed(view) !== (query.status === 'closed')) continue;
        auctions.push({
          auctionId: entry.auctionId,
          title: entry.listing?.title ?? entry.auctionId,
          version: entry.version,
          view: maskPublicView(view, mask),
        });
      }
      auctions.sort((a, b) => a.view.endsAt - b.view.endsAt || (a.auctionId < b.auctionId ? -1 : 1));
      return { auctions: auctions.slice(0, query.limit ?? 200), now };
    });

    app.get<{ Params: { id: string } }>('/api/auctions/:id', async (request, reply) => {
      const id = auctionIdParam.safeParse(request.params.id);
      const now = clock();
      const auction = id.success ? await readAuction(store, id.data, mask, now) : null;
      if (auction === null) return sendError(reply, apiError('AUCTION_NOT_FOUND', 'No such auction'));
      const user = sessionUser(request);
      const you =
        user === null
          ? null
          : {
              userId: user.userId,
              name: user.name,
              bidderId: mask(auction.auctionId, user.userId),
              leading: auction.leaderId === user.userId,
              offer: auction.offers.get(user.userId) ?? null,
            };
      return {
        auctionId: auction.auctionId,
        title: auction.title,
        sellerName: auction.sellerName,
        version: auction.version,
        view: auction.view,
        history: auction.history,
        you,
        now,
      };
    });
  };
