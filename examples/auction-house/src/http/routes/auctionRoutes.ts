import { randomBytes } from 'node:crypto';
import { maskPublicView } from '@gavel/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { retractionChance } from '../../readModels/auctions/retractionChance';
import type { CatalogQuery } from '../../readModels/catalog/catalogRow';
import { searchWords } from '../../readModels/catalog/searchWords';
import { recordListing } from '../../streams/listingStream';
import type { ApiContext } from '../apiContext';
import { apiError, sendError } from '../apiError';
import { auctionCreationLimit } from '../limits/routeLimits';
import { listPageBody } from '../listPages/listPageBody';
import { listPageKey } from '../listPages/listPageKey';
import { rejectionBody } from '../rejectionBody';
import { auctionParams, createAuctionBody, listQuery } from '../schemas';
import { auctionShown } from './auctionShown';

/** A new auction id: `a_` and 12 URL-safe characters. */
const newAuctionId = (): string => `a_${randomBytes(9).toString('base64url')}`;

/** The content type of a JSON answer, as fastify sets it for a route's object. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Listing, creating and viewing auctions. */
export const auctionRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { store, service, catalog, mask, clock, limits, listPages } = context;

  app.post(
    '/api/auctions',
    {
      config: { session: 'required' },
      onRequest: auctionCreationLimit(app, limits),
      schema: { body: createAuctionBody(clock) },
    },
    async (request, reply) => {
      const { user, body } = request;
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
          ...(body.retraction === undefined ? {} : { retraction: body.retraction }),
        },
      });
      if (!result.ok) return sendError(reply, rejectionBody(result));
      return reply.code(201).send({ auctionId, title: body.title, view: maskPublicView(result.view, mask) });
    },
  );

  app.get('/api/auctions', { schema: { querystring: listQuery } }, async (request, reply) => {
    const { query } = request;
    const catalogQuery: CatalogQuery = {
      sort: query.sort,
      limit: query.limit,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.q === undefined ? {} : { words: searchWords(query.q) }),
      ...(query.after === undefined ? {} : { after: query.after }),
    };
    // Everyone loads the same first pages: the answer is kept briefly per query (see createListPageCache).
    const page = await listPages.get(listPageKey(catalogQuery), (now) =>
      listPageBody({ catalog, mask }, catalogQuery, now),
    );
    return reply.type(JSON_CONTENT_TYPE).send(page.body);
  });

  app.get(
    '/api/auctions/:id',
    { config: { session: 'optional' }, schema: { params: auctionParams } },
    async (request, reply) => {
      const now = clock();
      const viewer = request.viewer;
      const shown = await auctionShown(context, request.params.id, viewer?.userId ?? null, now);
      if (shown === null) return sendError(reply, apiError('AUCTION_NOT_FOUND', 'No such auction'));
      const { leaderId: _, offer: __, state, offers: offersOf, ...auction } = shown;
      if (viewer === null) return { ...auction, you: null, now };
      // The offers are read (from the stream, only what is new since this instance last read them) only
      // for a user who holds one on an auction open to retraction.
      const retraction = await retractionChance(state, viewer.userId, shown.offer !== null, now, offersOf);
      const you = {
        userId: viewer.userId,
        name: viewer.name,
        bidderId: mask(shown.auctionId, viewer.userId),
        leading: shown.leaderId === viewer.userId,
        offer: shown.offer,
        retraction: retraction.scope,
        retractionUntil: retraction.until,
      };
      return { ...auction, you, now };
    },
  );
};
