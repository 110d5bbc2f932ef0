import { createHmac } from 'node:crypto';
import type { BidderMask } from '../projection/bidderMask';
import { hmacBidderMask } from '../projection/hmacBidderMask';

/**
 * The masking of bidder ids shared by everything public (the live feed, `gavel export`, the web app):
 * HMAC-SHA256 keyed with `secret` of the auction id and the bidder id, its first 40 bits in lower-case
 * base32 (8 characters, e.g. `k3vq7f2a`), as `hmacBidderMask` of `@gavel/core` with `node:crypto`. The
 * same bidder gets the same masked id within one auction and a different one in another auction;
 * without the secret, a masked id cannot be traced to a bidder.
 *
 * @param secret - a non-empty string, the same on every instance that must agree on masked ids
 * @returns a {@link BidderMask} for `@gavel/core`'s projection
 * @throws TypeError when `secret` is not a non-empty string
 *
 * @example
 * import { maskBidderId } from '@gavel/core/node';
 * const mask = maskBidderId(process.env.GAVEL_SECRET);
 * mask('lot-42', 'user-17'); // 'k3vq7f2a' (depends on the secret)
 */
export const maskBidderId = (secret: string): BidderMask => {
  if (typeof secret !== 'string' || secret.length === 0)
    throw new TypeError('maskBidderId: `secret` must be a non-empty string');
  return hmacBidderMask((message) => createHmac('sha256', secret).update(message).digest());
};
