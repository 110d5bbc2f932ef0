import type { BidderMask } from './bidderMask';

/** RFC 4648 base32, lower case: no 0/1/8/9, so ids read without ambiguity between 0 and o or 1 and l. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Length of a masked id: 8 base32 characters, 40 bits of the HMAC. */
export const MASKED_ID_LENGTH = 8;

/**
 * The masking of bidder ids shared by everything public (the live feed, `gavel export`, the web app),
 * with the HMAC supplied by the caller, so that this stays free of crypto and of Node: the masked id is
 * the first 40 bits of `hmacSha256` of the auction id and the bidder id, in lower-case base32
 * (8 characters, e.g. `k3vq7f2a`). On Node, `maskBidderId(secret)` of `@gavel/core/node` builds it with
 * `node:crypto`; elsewhere, pass a synchronous HMAC-SHA256 keyed with the secret.
 *
 * @param hmacSha256 - HMAC-SHA256 of a UTF-8 message, keyed with the secret (at least 5 bytes returned)
 * @returns a {@link BidderMask}: the same bidder gets the same masked id within one auction and a
 *   different one in another auction; without the key, a masked id cannot be traced to a bidder
 *
 * @example
 * const mask = hmacBidderMask((message) => myHmacSha256(secret, message));
 * mask('lot-42', 'user-17'); // 'k3vq7f2a' (depends on the secret)
 */
export const hmacBidderMask =
  (hmacSha256: (message: string) => Uint8Array): BidderMask =>
  (auctionId, bidderId) => {
    // Length-prefixed, so that ('ab', 'c') and ('a', 'bc') never hash alike.
    const digest = hmacSha256(`${auctionId.length}:${auctionId}:${bidderId}`);
    // 40 bits = 5 bytes = 8 base32 digits of 5 bits each (exact in a double).
    let bits =
      (digest[0] as number) * 2 ** 32 +
      (digest[1] as number) * 2 ** 24 +
      (digest[2] as number) * 2 ** 16 +
      (digest[3] as number) * 2 ** 8 +
      (digest[4] as number);
    let out = '';
    for (let i = 0; i < MASKED_ID_LENGTH; i++) {
      out = (ALPHABET[bits % 32] as string) + out;
      bits = Math.floor(bits / 32);
    }
    return out;
  };
