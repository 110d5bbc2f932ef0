/** The stream category of auctions. */
export const AUCTION_CATEGORY = 'auction';

/** The stream of one auction: `auction-<auctionId>`. */
export const auctionStreamName = (auctionId: string): string => `${AUCTION_CATEGORY}-${auctionId}`;

/** The auction id of an auction's stream name (`auction-<auctionId>`): the inverse of {@link auctionStreamName}. */
export const auctionIdOfStream = (streamName: string): string =>
  streamName.slice(AUCTION_CATEGORY.length + 1);

/** True for the name of an auction's stream (`auction-…`). */
export const isAuctionStream = (streamName: string): boolean => streamName.startsWith(`${AUCTION_CATEGORY}-`);
