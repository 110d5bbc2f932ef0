/**
 * The auction house's limits: what one person, one address or the whole server may use. Each has an
 * environment variable (see `readConfig`) and the default below; `docs/http-api.md` documents them.
 */
export interface AuctionHouseLimits {
  /** A session cookie older than this is refused (401) on every instance. `GAVEL_SESSION_TTL_MS`, default 7 days. */
  readonly sessionTtlMs: number;
  /** Sign-ins per client address per minute; 429 above. `GAVEL_SIGNIN_PER_MINUTE`, default 30. */
  readonly signInsPerMinute: number;
  /** Auctions one user may create per hour; 429 above. `GAVEL_AUCTIONS_PER_HOUR`, default 30. */
  readonly auctionsPerHour: number;
  /**
   * Auctions created from one client address per hour, whoever signs them; 429 above.
   * `GAVEL_AUCTIONS_PER_HOUR_PER_ADDRESS`, default 300 (ten users' worth).
   */
  readonly auctionsPerHourPerAddress: number;
  /** Bids (and buy-nows) one user may send per second; 429 above. `GAVEL_BIDS_PER_SECOND`, default 50, at least 20. */
  readonly bidsPerSecond: number;
  /**
   * A request whose headers and body have not all arrived this long after it began is answered 408
   * and its connection closed; an idle connection is closed after as long. `GAVEL_REQUEST_TIMEOUT_MS`,
   * default 30 000.
   */
  readonly requestTimeoutMs: number;
  /** Open connections (HTTP and feed together); a new one above is closed at once. `GAVEL_MAX_CONNECTIONS`, default 10 000. */
  readonly maxConnections: number;
  /**
   * Open connections (HTTP and feed together) from one client address; a new one above is closed at
   * once. `GAVEL_MAX_CONNECTIONS_PER_ADDRESS`, default 200.
   */
  readonly maxConnectionsPerAddress: number;
  /** Open feed (WebSocket) connections; an upgrade above is answered 503. `GAVEL_FEED_MAX_CONNECTIONS`, default 5 000. */
  readonly feedMaxConnections: number;
  /**
   * Open feed connections from one client address; an upgrade above is answered 429.
   * `GAVEL_FEED_MAX_CONNECTIONS_PER_ADDRESS`, default 100.
   */
  readonly feedMaxConnectionsPerAddress: number;
}

/** The least per-user bid rate any configuration allows: the contract promises 20 bids a second. */
export const MIN_BIDS_PER_SECOND = 20;

/** The defaults of {@link AuctionHouseLimits}. */
export const DEFAULT_LIMITS: AuctionHouseLimits = Object.freeze({
  sessionTtlMs: 7 * 24 * 60 * 60 * 1000,
  signInsPerMinute: 30,
  auctionsPerHour: 30,
  auctionsPerHourPerAddress: 300,
  bidsPerSecond: 50,
  requestTimeoutMs: 30_000,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 200,
  feedMaxConnections: 5_000,
  feedMaxConnectionsPerAddress: 100,
});
