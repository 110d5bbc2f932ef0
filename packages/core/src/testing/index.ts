export * from './describeEventStoreConformance';
export * from './replayAuctionHistory';
