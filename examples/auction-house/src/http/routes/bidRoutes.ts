import type { AuctionCommand, ExecuteResult } from '@gavel/core';
import { maskPublicView } from '@gavel/core';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../apiContext';
import { sendError } from '../apiError';
import { bidRateLimit } from '../limits/routeLimits';
import { rejectionBody } from '../rejectionBody';
import { auctionParams, bidBody, buyNowBody, retractBody } from '../schemas';

/**
 * Bidding: `POST /api/auctions/:id/bids` (`{ amount }` or `{ maxAmount }`, optional `bidId`),
 * `POST /api/auctions/:id/buy-now` and `POST /api/auctions/:id/retract` (`{ reason }`: the engine's
 * retraction windows decide; `RETRACTION_NOT_ALLOWED` is 409). The bidder is always the session's user.
 * A client's `bidId` is scoped to its user (`<userId>:<bidId>` in the stream), so a retry answers the
 * first outcome and two users can never collide. Rate-limited per user (`bidsPerSecond`).
 */
export const bidRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { service, mask } = context;
  const config = { session: 'required' as const, rateLimit: bidRateLimit(context.limits) };

  const answer = (reply: FastifyReply, userId: string, result: ExecuteResult): FastifyReply => {
    if (!result.ok) return sendError(reply, rejectionBody(result));
    return reply.send({
      ok: true,
      view: maskPublicView(result.view, mask),
      version: result.version,
      leading: result.view.leaderId === userId,
      ...(result.duplicate === true ? { duplicate: true } : {}),
    });
  };

  app.post(
    '/api/auctions/:id/bids',
    { config, schema: { params: auctionParams, body: bidBody } },
    async (request, reply) => {
      const { user, body } = request;
      const auctionId = request.params.id;
      const bidId = body.bidId === undefined ? {} : { bidId: `${user.userId}:${body.bidId}` };
      const command: AuctionCommand =
        body.amount !== undefined
          ? { type: 'PlaceBid', data: { auctionId, bidderId: user.userId, amount: body.amount, ...bidId } }
          : {
              type: 'SetMaxBid',
              data: { auctionId, bidderId: user.userId, maxAmount: body.maxAmount as number, ...bidId },
            };
      return answer(reply, user.userId, await service.execute(command));
    },
  );

  app.post(
    '/api/auctions/:id/buy-now',
    { config, schema: { params: auctionParams, body: buyNowBody } },
    async (request, reply) => {
      const { userId } = request.user;
      const command: AuctionCommand = {
        type: 'BuyNow',
        data: { auctionId: request.params.id, buyerId: userId },
      };
      return answer(reply, userId, await service.execute(command));
    },
  );

  app.post(
    '/api/auctions/:id/retract',
    { config, schema: { params: auctionParams, body: retractBody } },
    async (request, reply) => {
      const { userId } = request.user;
      const command: AuctionCommand = {
        type: 'RetractBid',
        data: { auctionId: request.params.id, bidderId: userId, reason: request.body.reason },
      };
      return answer(reply, userId, await service.execute(command));
    },
  );
};
