import type { AuctionCommand } from '@gavel/core';

/** Opens an auction with flat increments of 50 from 100, running for an hour from now. */
export const openHotAuction = (auctionId: string): AuctionCommand => ({
  type: 'OpenAuction',
  data: {
    auctionId,
    sellerId: 'seller',
    currency: 'USD',
    startingPrice: 100,
    endsAt: Date.now() + 3_600_000,
    increments: [{ from: 0, increment: 50 }],
  },
});
