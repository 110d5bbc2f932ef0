export * from './createAuctionService';
export * from './executeResult';
export * from './retryOptions';
export * from './serviceStats';
