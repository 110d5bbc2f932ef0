import type { AuctionCommand, ExecuteResult } from '@gavel/core';
import { maskPublicView } from '@gavel/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../apiContext';
import { apiError, sendError } from '../apiError';
import { bidRateLimit } from '../limits/routeLimits';
import { parseInput } from '../parseInput';
import { rejectionBody } from '../rejectionBody';
import { auctionIdParam, bidBody, buyNowBody, retractBody } from '../schemas';
import { signedInUser } from '../session/sessionPlugin';

type WithId = FastifyRequest<{ Params: { id: string } }>;

/**
 * Bidding: `POST /api/auctions/:id/bids` (`{ amount }` or `{ maxAmount }`, optional `bidId`),
 * `POST /api/auctions/:id/buy-now` and `POST /api/auctions/:id/retract` (`{ reason }`: the engine's
 * retraction windows decide; `RETRACTION_NOT_ALLOWED` is 409). The bidder is always the session's user.
 * A client's `bidId` is scoped to its user (`<userId>:<bidId>` in the stream), so a retry answers the
 * first outcome and two users can never collide. Rate-limited per user (`bidsPerSecond`).
 */
export const bidRoutes =
  (context: ApiContext) =>
  async (app: FastifyInstance): Promise<void> => {
    const { service, mask } = context;
    const bidding = { config: { session: 'required' as const, rateLimit: bidRateLimit(context.limits) } };

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

    const auctionIdOf = (request: WithId, reply: FastifyReply): string | undefined => {
      const id = auctionIdParam.safeParse(request.params.id);
      if (id.success) return id.data;
      sendError(reply, apiError('AUCTION_NOT_FOUND', 'No such auction'));
      return undefined;
    };

    app.post('/api/auctions/:id/bids', bidding, async (request: WithId, reply) => {
      const user = signedInUser(request);
      const auctionId = auctionIdOf(request, reply);
      if (auctionId === undefined) return reply;
      const body = parseInput(bidBody, request.body, reply);
      if (body === undefined) return reply;
      const bidId = body.bidId === undefined ? {} : { bidId: `${user.userId}:${body.bidId}` };
      const command: AuctionCommand =
        body.amount !== undefined
          ? { type: 'PlaceBid', data: { auctionId, bidderId: user.userId, amount: body.amount, ...bidId } }
          : {
              type: 'SetMaxBid',
              data: { auctionId, bidderId: user.userId, maxAmount: body.maxAmount as number, ...bidId },
            };
      return answer(reply, user.userId, await service.execute(command));
    });

    app.post('/api/auctions/:id/buy-now', bidding, async (request: WithId, reply) => {
      const user = signedInUser(request);
      const auctionId = auctionIdOf(request, reply);
      if (auctionId === undefined) return reply;
      if (parseInput(buyNowBody, request.body ?? undefined, reply) === undefined && reply.sent) return reply;
      return answer(
        reply,
        user.userId,
        await service.execute({ type: 'BuyNow', data: { auctionId, buyerId: user.userId } }),
      );
    });

    app.post('/api/auctions/:id/retract', bidding, async (request: WithId, reply) => {
      const user = signedInUser(request);
      const auctionId = auctionIdOf(request, reply);
      if (auctionId === undefined) return reply;
      const body = parseInput(retractBody, request.body, reply);
      if (body === undefined) return reply;
      return answer(
        reply,
        user.userId,
        await service.execute({
          type: 'RetractBid',
          data: { auctionId, bidderId: user.userId, reason: body.reason },
        }),
      );
    });
  };
