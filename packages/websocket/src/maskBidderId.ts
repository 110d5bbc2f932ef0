import { createHmac } from 'node:crypto';
import type { BidderMask } from '@gavel/core';

/** RFC 4648 base32, lower case: no 0/1/8/9, so ids read without ambiguity between 0 and o or 1 and l. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Length of a masked id: 8 base32 characters, 40 bits of the HMAC. */
export const MASKED_ID_LENGTH = 8;

/**
 * The masking of bidder ids shared by everything public (the live feed, `gavel export`, the web app):
 * HMAC-SHA256 keyed with `secret` of the auction id and the bidder id, its first 40 bits in lower-case
 * base32 (8 characters, e.g. `k3vq7f2a`). The same bidder gets the same masked id within one auction and
 * a different one in another auction; without the secret, a masked id cannot be traced to a bidder.
 *
 * @param secret - a non-empty string, the same on every instance that must agree on masked ids
 * @returns a {@link BidderMask} for `@gavel/core`'s projection
 * @throws TypeError when `secret` is not a non-empty string
 *
 * @example
 * const mask = maskBidderId(process.env.GAVEL_SECRET);
 * mask('lot-42', 'user-17'); // 'k3vq7f2a' (depends on the secret)
 */
export const maskBidderId = (secret: string): BidderMask => {
  if (typeof secret !== 'string' || secret.length === 0)
    throw new TypeError('maskBidderId: `secret` must be a non-empty string');
  return (auctionId, bidderId) => {
    // Length-prefixed, so that ('ab', 'c') and ('a', 'bc') never hash alike.
    const digest = createHmac('sha256', secret)
      .update(`${auctionId.length}:${auctionId}:${bidderId}`)
      .digest();
    // 40 bits = 5 bytes = 8 base32 digits of 5 bits each (exact in a double).
    let bits = (digest[0] as number) * 2 ** 32 + digest.readUInt32BE(1);
    let out = '';
    for (let i = 0; i < MASKED_ID_LENGTH; i++) {
      out = (ALPHABET[bits % 32] as string) + out;
      bits = Math.floor(bits / 32);
    }
    return out;
  };
};
