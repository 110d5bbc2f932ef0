import { randomBytes } from 'node:crypto';
import { maskPublicView, publicView } from '@gavel/core';
import type { FastifyInstance } from 'fastify';
import { readAuction } from '../../auctions/readAuction';
import { decodeCursor, encodeCursor } from '../../catalog/catalogCursor';
import { searchWords } from '../../catalog/searchWords';
import { recordListing } from '../../listing/listingStream';
import type { ApiContext } from '../apiContext';
import { apiError, sendError } from '../apiError';
import { auctionCreationLimit } from '../limits/routeLimits';
import { parseInput } from '../parseInput';
import { rejectionBody } from '../rejectionBody';
import { auctionIdParam, createAuctionBody, listQuery } from '../schemas';
import { signedInUser } from '../session/sessionPlugin';

/** A new auction id: `a_` and 12 URL-safe characters. */
const newAuctionId = (): string => `a_${randomBytes(9).toString('base64url')}`;

/** Listing, creating and viewing auctions. */
export const auctionRoutes =
  (context: ApiContext) =>
  async (app: FastifyInstance): Promise<void> => {
    const { store, service, catalog, mask, clock, limits } = context;
    const creationLimit = auctionCreationLimit(app, limits);

    const creation = { config: { session: 'required' as const }, onRequest: creationLimit };
    app.post('/api/auctions', creation, async (request, reply) => {
      const user = signedInUser(request);
      const now = clock();
      const body = parseInput(createAuctionBody(now), request.body, reply);
      if (body === undefined) return reply;
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
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
      if (after === null)
        return sendError(
          reply,
          apiError('INVALID_REQUEST', 'cursor is not a cursor of this list and sort', { field: 'cursor' }),
        );
      const now = clock();
      const page = await catalog.list(
        {
          sort: query.sort,
          limit: query.limit,
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.q === undefined ? {} : { words: searchWords(query.q) }),
          ...(after === undefined ? {} : { after }),
        },
        now,
      );
      const auctions = page.rows.flatMap((row) => {
        const view = publicView(row.state, now);
        return view === null
          ? []
          : [
              {
                auctionId: row.auctionId,
                title: row.title,
                version: row.version,
                view: maskPublicView(view, mask),
              },
            ];
      });
      const last = page.rows[page.rows.length - 1];
      const nextCursor =
        page.more && last !== undefined
          ? encodeCursor({ sort: query.sort, value: last.sortValue, auctionId: last.auctionId })
          : null;
      return { auctions, nextCursor, now };
    });

    const withViewer = { config: { session: 'optional' as const } };
    app.get<{ Params: { id: string } }>('/api/auctions/:id', withViewer, async (request, reply) => {
      const id = auctionIdParam.safeParse(request.params.id);
      const now = clock();
      const auction = id.success ? await readAuction(store, id.data, mask, now) : null;
      if (auction === null) return sendError(reply, apiError('AUCTION_NOT_FOUND', 'No such auction'));
      const user = request.user;
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
