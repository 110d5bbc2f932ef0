/** The stream category of auctions. */
export const AUCTION_CATEGORY = 'auction';

/** The stream of one auction: `auction-<auctionId>`. */
export const auctionStreamName = (auctionId: string): string => `${AUCTION_CATEGORY}-${auctionId}`;

/** True for the name of an auction's stream (`auction-…`). */
export const isAuctionStream = (streamName: string): boolean => streamName.startsWith(`${AUCTION_CATEGORY}-`);
