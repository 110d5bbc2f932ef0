import { randomBytes } from 'node:crypto';
import {
  type AuctionOffers,
  type AuctionState,
  maskHistoryEntry,
  maskPublicView,
  type PublicHistoryEntry,
  type PublicView,
  publicView,
} from '@gavel/core';
import type { FastifyInstance } from 'fastify';
import type { OwnOffer } from '../../readModels/auctions/ownOffer';
import { readAuction } from '../../readModels/auctions/readAuction';
import { retractionChance } from '../../readModels/auctions/retractionChance';
import { decodeCursor } from '../../readModels/catalog/catalogCursor';
import type { CatalogQuery } from '../../readModels/catalog/catalogRow';
import { searchWords } from '../../readModels/catalog/searchWords';
import { recordListing } from '../../streams/listingStream';
import type { ApiContext } from '../apiContext';
import { apiError, sendError } from '../apiError';
import { auctionCreationLimit } from '../limits/routeLimits';
import { listPageBody } from '../listPages/listPageBody';
import { listPageKey } from '../listPages/listPageKey';
import { parseInput } from '../parseInput';
import { rejectionBody } from '../rejectionBody';
import { auctionIdParam, createAuctionBody, listQuery } from '../schemas';
import { signedInUser } from '../session/sessionPlugin';

/** An auction as its page route reads it; `leaderId`, `offer`, `state` and `offers` are not sent as they are. */
interface AuctionShown {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
  readonly version: number;
  readonly view: PublicView;
  readonly history: readonly PublicHistoryEntry[];
  /** Who leads, unmasked. */
  readonly leaderId: string | null;
  /** The reader's own standing offer, or null. */
  readonly offer: OwnOffer | null;
  /** The decider's state that `view` shows. */
  readonly state: AuctionState;
  /** Reads the auction's offers (the kept ones, moved on by the stream's new events; or those at hand). */
  readonly offers: () => Promise<AuctionOffers>;
}

/** A new auction id: `a_` and 12 URL-safe characters. */
const newAuctionId = (): string => `a_${randomBytes(9).toString('base64url')}`;

/** The content type of a JSON answer, as fastify sets it for a route's object. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Listing, creating and viewing auctions. */
export const auctionRoutes =
  (context: ApiContext) =>
  async (app: FastifyInstance): Promise<void> => {
    const { store, service, catalog, mask, clock, limits, listPages, offers } = context;
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
          ...(body.retraction === undefined ? {} : { retraction: body.retraction }),
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
      const catalogQuery: CatalogQuery = {
        sort: query.sort,
        limit: query.limit,
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.q === undefined ? {} : { words: searchWords(query.q) }),
        ...(after === undefined ? {} : { after }),
      };
      // Everyone loads the same first pages: the answer is kept briefly per query (see createListPageCache).
      const page = await listPages.get(listPageKey(catalogQuery), (now) =>
        listPageBody({ catalog, mask }, catalogQuery, now),
      );
      return reply.type(JSON_CONTENT_TYPE).send(page.body);
    });

    const withViewer = { config: { session: 'optional' as const } };
    app.get<{ Params: { id: string } }>('/api/auctions/:id', withViewer, async (request, reply) => {
      const id = auctionIdParam.safeParse(request.params.id);
      if (!id.success) return sendError(reply, apiError('AUCTION_NOT_FOUND', 'No such auction'));
      const now = clock();
      const user = request.user;
      const shown = await auctionShown(id.data, user?.userId ?? null, now);
      if (shown === null) return sendError(reply, apiError('AUCTION_NOT_FOUND', 'No such auction'));
      const { leaderId: _, offer: __, state, offers: offersOf, ...auction } = shown;
      if (user === null) return { ...auction, you: null, now };
      // The offers are read (from the stream, only what is new since this instance last read them) only
      // for a user who holds one on an auction open to retraction.
      const retraction = await retractionChance(state, user.userId, shown.offer !== null, now, offersOf);
      const you = {
        userId: user.userId,
        name: user.name,
        bidderId: mask(shown.auctionId, user.userId),
        leading: shown.leaderId === user.userId,
        offer: shown.offer,
        retraction: retraction.scope,
        retractionUntil: retraction.until,
      };
      return { ...auction, you, now };
    });

    /**
     * An auction for its page: from the catalog (its row, its history; the state the server holds in
     * the database), or, for an auction the catalog has not folded yet (opened a moment ago), from its
     * stream. `state` and `offers` (its offers, read from the stream when called) are not sent.
     */
    const auctionShown = async (
      auctionId: string,
      userId: string | null,
      now: number,
    ): Promise<AuctionShown | null> => {
      const detail = await catalog.auctionDetail(auctionId, userId);
      if (detail !== null) {
        const view = publicView(detail.state, now);
        if (view !== null)
          return {
            auctionId,
            title: detail.row.title,
            sellerName: detail.sellerName,
            version: detail.row.version,
            view: maskPublicView(view, mask),
            history: detail.history.map((entry) => maskEntry(auctionId, entry)),
            leaderId: detail.state.leader?.bidderId ?? null,
            offer: detail.offer,
            state: detail.state,
            offers: () => offers.offersOf(auctionId),
          };
      }
      const read = await readAuction(store, auctionId, mask, now);
      if (read === null) return null;
      return {
        auctionId,
        title: read.title,
        sellerName: read.sellerName,
        version: read.version,
        view: read.view,
        history: read.history,
        leaderId: read.leaderId,
        offer: userId === null ? null : (read.offers.get(userId) ?? null),
        state: read.standing.state,
        offers: async () => read.standing,
      };
    };

    // Every bidder id of the entry: the price holder's and, on an automatic bid, the beaten bidder's.
    const maskEntry = (auctionId: string, entry: PublicHistoryEntry): PublicHistoryEntry =>
      maskHistoryEntry(auctionId, entry, mask);
  };
