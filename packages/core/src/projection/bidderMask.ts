/**
 * Replaces a bidder id with the id the public may see. Supplied by the caller (the feed keys an HMAC with
 * its secret), so that the projection stays pure and free of crypto. It must be deterministic: the same
 * bidder in the same auction always gets the same masked id.
 *
 * @param auctionId - the auction the bidder bids on (masked ids differ across auctions)
 * @param bidderId - the bidder id as recorded in the stream
 * @returns the masked id, never the raw one
 */
export type BidderMask = (auctionId: string, bidderId: string) => string;
