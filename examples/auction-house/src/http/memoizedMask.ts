import type { BidderMask } from '@gavel/core';

/**
 * A bidder mask that remembers its last `size` answers: masking is an HMAC, the most expensive step of
 * serving a page of the list, and the same few leaders come back request after request. The oldest
 * answer is forgotten first.
 */
export const memoizedMask = (mask: BidderMask, size = 100_000): BidderMask => {
  const known = new Map<string, string>();
  return (auctionId, bidderId) => {
    const key = `${auctionId}\u0000${bidderId}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const masked = mask(auctionId, bidderId);
    known.set(key, masked);
    if (known.size > size) known.delete(known.keys().next().value as string);
    return masked;
  };
};
