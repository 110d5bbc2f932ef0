import type { IncomingMessage } from 'node:http';
import { type EventStore, InvalidOptionsError } from '@gavel/core';
import type { AuctionFeedError } from './feedError';

/** Limits of the feed; every one has a default. */
export interface FeedLimits {
  /** Largest frame a client may send, in bytes; a larger one closes the socket with 1009. Default 65 536. */
  readonly maxMessageBytes?: number;
  /** Auctions one connection may watch at once. Default 100. */
  readonly maxSubscriptionsPerClient?: number;
  /**
   * Bytes queued for one client (its `bufferedAmount`) past which it is closed with 4008 instead of
   * slowing the others. Default 1 MiB.
   */
  readonly maxBufferedBytes?: number;
  /** Interval of ping frames; a connection that has not answered the previous ping is dropped. Default 30 000. */
  readonly heartbeatIntervalMs?: number;
  /**
   * Changes kept per watched auction for resuming clients; a client that missed more gets a fresh
   * snapshot. Default 1 000.
   */
  readonly resumeWindow?: number;
  /**
   * Least time between two writes to the clients: frames always leave at the end of the current
   * event-loop turn, and the first frame after a quiet spell at once; under a stream of changes, the
   * frames that come within this interval of the last write leave together in one write per client
   * (fewer system calls per message, at most this much more lag). 0: no wait. Default 0.
   */
  readonly flushIntervalMs?: number;
  /** Auctions kept (and kept current) after their last watcher left, least recently watched dropped first. Default 1 000. */
  readonly maxIdleAuctions?: number;
  /**
   * Connections the feed holds at once, over all clients; an upgrade past it is refused with
   * `503 Service Unavailable` before the WebSocket handshake. Default 10 000.
   */
  readonly maxConnections?: number;
  /**
   * Connections one client address (`request.socket.remoteAddress`; no proxy header is trusted) holds
   * at once; an upgrade past it is refused with `429 Too Many Requests` before the WebSocket handshake.
   * Behind a reverse proxy every client has the proxy's address: set it to `maxConnections` there.
   * Default 100.
   */
  readonly maxConnectionsPerAddress?: number;
}

/** Options of `createAuctionFeed`. */
export interface AuctionFeedOptions {
  /** The event store the auctions are recorded in. The feed only reads it. */
  readonly store: EventStore;
  /** Keys the masking of bidder ids (see `maskBidderId`): the same on every instance. */
  readonly secret: string;
  /** The URL path the feed answers WebSocket upgrades on. Default `'/feed'`. */
  readonly path?: string;
  /** Limits; see {@link FeedLimits}. */
  readonly limits?: FeedLimits;
  /**
   * Where the feed's one store subscription starts (a global position). Default: the store's end when
   * the feed starts (`store.processors.headPosition()`), so a start never reads the history; each
   * watched auction's snapshot is read from its own stream. Any position at or before the store's end
   * is correct.
   */
  readonly fromPosition?: bigint;
  /**
   * Failures the feed handled (it retries with backoff, or answers the client `UNAVAILABLE`), as data:
   * see {@link AuctionFeedError}. Default: one line on stderr (`logFeedError`).
   */
  readonly onError?: (error: AuctionFeedError) => void;
  /**
   * Who is connecting: given the HTTP upgrade request (its cookies, headers), the signed-in user's id,
   * or null for an anonymous connection. A connection whose user is known also receives that user's
   * notifications (see `AuctionFeed.notify`), and nobody else's. Default: every connection is anonymous.
   */
  readonly authenticate?: (request: IncomingMessage) => string | null | Promise<string | null>;
}

/** The limits with their defaults applied. */
export type ResolvedFeedLimits = Required<FeedLimits>;

const DEFAULT_LIMITS: ResolvedFeedLimits = Object.freeze({
  maxMessageBytes: 64 * 1024,
  maxSubscriptionsPerClient: 100,
  maxBufferedBytes: 1024 * 1024,
  heartbeatIntervalMs: 30_000,
  resumeWindow: 1_000,
  maxIdleAuctions: 1_000,
  flushIntervalMs: 0,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 100,
});

/**
 * Checks the options and applies the defaults.
 * @throws InvalidOptionsError naming the first bad option
 */
export const resolveFeedLimits = (limits: FeedLimits = {}): ResolvedFeedLimits => {
  const resolved = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ResolvedFeedLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    const least = key === 'maxIdleAuctions' || key === 'flushIntervalMs' ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < least)
      throw new InvalidOptionsError(
        `limits.${key}`,
        `createAuctionFeed: limits.${key} must be an integer >= ${least}, got ${value}`,
      );
    resolved[key] = value;
  }
  return resolved;
};

/**
 * Checks `createAuctionFeed`'s options.
 * @throws InvalidOptionsError naming the first bad option
 */
export const assertFeedOptions = (options: AuctionFeedOptions): void => {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionsError('', 'createAuctionFeed: options must be an object');
  const store = options.store as Partial<EventStore> | undefined;
  if (typeof store?.subscribe !== 'function' || typeof store.readStream !== 'function')
    throw new InvalidOptionsError('store', 'createAuctionFeed: options.store must be an EventStore');
  if (typeof options.secret !== 'string' || options.secret.length === 0)
    throw new InvalidOptionsError('secret', 'createAuctionFeed: options.secret must be a non-empty string');
  if (options.path !== undefined && (typeof options.path !== 'string' || !options.path.startsWith('/')))
    throw new InvalidOptionsError(
      'path',
      "createAuctionFeed: options.path must be a string starting with '/'",
    );
  if (
    options.fromPosition !== undefined &&
    (typeof options.fromPosition !== 'bigint' || options.fromPosition < 0n)
  )
    throw new InvalidOptionsError(
      'fromPosition',
      'createAuctionFeed: options.fromPosition must be a non-negative bigint',
    );
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new InvalidOptionsError('onError', 'createAuctionFeed: options.onError must be a function');
  if (options.authenticate !== undefined && typeof options.authenticate !== 'function')
    throw new InvalidOptionsError(
      'authenticate',
      'createAuctionFeed: options.authenticate must be a function',
    );
};
