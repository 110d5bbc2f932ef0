import type { AuctionService } from '@gavel/core';

/** Bids written while a test runs: a loop that a test stops. */
export interface BidWriter {
  /** Accepted bids so far. */
  accepted(): number;
  /** Stops after the bid in hand; resolves with the accepted count. */
  stop(): Promise<number>;
}

/**
 * Writes bids on the auctions without pause (one at a time, each right after the last is answered):
 * bidders take turns at each auction's minimum next bid, a straight bid or a max a little above it.
 */
export const writeBids = (service: AuctionService, auctionIds: readonly string[], pauseMs = 2): BidWriter => {
  let stopping = false;
  let accepted = 0;
  const loop = (async () => {
    for (let turn = 0; !stopping; turn++) {
      const auctionId = auctionIds[turn % auctionIds.length] as string;
      const view = await service.view(auctionId);
      const minimum = view?.minimumNextBid ?? 1_000;
      const bidderId = `bidder-${turn % 7}`;
      const result =
        turn % 3 === 0
          ? await service.execute({
              type: 'SetMaxBid',
              data: { auctionId, bidderId, maxAmount: minimum + 300 },
            })
          : await service.execute({ type: 'PlaceBid', data: { auctionId, bidderId, amount: minimum } });
      if (result.ok) accepted++;
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    accepted: () => accepted,
    stop: async () => {
      stopping = true;
      await loop;
      return accepted;
    },
  };
};
