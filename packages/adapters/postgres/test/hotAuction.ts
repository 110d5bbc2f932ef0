import type { AuctionCommand } from '@gavel/core';
import { openAuctionCommand } from '@gavel/core/testing';

/** Opens an auction with flat increments of 50 from 100 (the testing kit's fixture), running for an hour from now. */
export const openHotAuction = (auctionId: string): AuctionCommand => {
  const now = Date.now();
  return openAuctionCommand(auctionId, { startsAt: now, endsAt: now + 3_600_000 });
};
