/** The stream category of auctions. */
export const AUCTION_CATEGORY = 'auction';

/** The stream of one auction: `auction-<auctionId>`. */
export const auctionStreamName = (auctionId: string): string => `${AUCTION_CATEGORY}-${auctionId}`;
