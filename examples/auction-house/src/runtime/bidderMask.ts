// TEMPORARY stand-in until @gavel/websocket exports its masking function; then this file re-exports it.
import { createHmac } from 'node:crypto';

/** The masking function the feed uses: HMAC of auction id and bidder id keyed with the secret. */
export const createBidderMask =
  (secret: string) =>
  (auctionId: string, bidderId: string): string =>
    `b${createHmac('sha256', secret).update(`${auctionId}\u0000${bidderId}`).digest('hex').slice(0, 6)}`;
