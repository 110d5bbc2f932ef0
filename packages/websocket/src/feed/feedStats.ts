/** Counters of a running feed, for monitoring and benchmarks. */
export interface FeedStats {
  /** Open connections. */
  connections: number;
  /** Client addresses with at least one connection (counted against `limits.maxConnectionsPerAddress`). */
  addresses: number;
  /** Upgrades refused with 503 because the feed held `limits.maxConnections` connections. */
  refusedOverTotalCap: number;
  /** Upgrades refused with 429 because their address held `limits.maxConnectionsPerAddress` connections. */
  refusedOverAddressCap: number;
  /** Auctions with at least one watcher. */
  watchedAuctions: number;
  /** Auctions kept current with no watcher (see `limits.maxIdleAuctions`). */
  idleAuctions: number;
  /** Frames sent, over all connections. */
  framesSent: number;
  /** Bytes of those frames (payload). */
  bytesSent: number;
  /** `change` frames serialized (once each, whatever the number of watchers). */
  changesSerialized: number;
  /** `snapshot` frames sent. */
  snapshotsSent: number;
  /** `error` frames sent. */
  errorsSent: number;
  /** Connections closed with 4008 for reading too slowly. */
  slowConsumersClosed: number;
  /** Connections dropped for not answering a ping. */
  deadConnectionsDropped: number;
  /** Store errors recovered from (subscription restarts, failed reads; not a store's refusal of a malformed id). */
  storeErrors: number;
  /** `notification` frames sent (one per authenticated connection reached). */
  notificationsSent: number;
}

/** Counters at zero. */
export const emptyFeedStats = (): FeedStats => ({
  connections: 0,
  addresses: 0,
  refusedOverTotalCap: 0,
  refusedOverAddressCap: 0,
  watchedAuctions: 0,
  idleAuctions: 0,
  framesSent: 0,
  bytesSent: 0,
  changesSerialized: 0,
  snapshotsSent: 0,
  errorsSent: 0,
  slowConsumersClosed: 0,
  deadConnectionsDropped: 0,
  storeErrors: 0,
  notificationsSent: 0,
});
