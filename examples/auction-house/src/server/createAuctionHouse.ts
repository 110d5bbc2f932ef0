import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AuctionCloserStats,
  createAuctionCloser,
  createAuctionService,
  type EventStore,
  type ProcessorStats,
} from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { createAuctionFeed, type FeedStats } from '@gavel/websocket';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { exampleRoot } from '../config/exampleRoot';
import { type AuctionHouseLimits, DEFAULT_LIMITS } from '../config/limits';
import type { ApiContext } from '../http/apiContext';
import { createHttpApp } from '../http/createHttpApp';
import { connectRedis } from '../http/limits/connectRedis';
import { createListPageCache, DEFAULT_LIST_PAGE_TTL_MS } from '../http/listPages/createListPageCache';
import { memoizedMask } from '../http/memoizedMask';
import { SESSION_COOKIE, sessionClaimsOf } from '../http/session/sessionCookie';
import { createSessionRevocations } from '../http/session/sessionRevocations';
import { logMailer, type NotificationMailer } from '../notifications/mailOutbox';
import { createOffersCache } from '../readModels/auctions/offersCache';
import { type CatalogStorage, createCatalog } from '../readModels/catalog/createCatalog';
import { memoryCatalogDatabase } from '../readModels/catalog/memoryCatalogDatabase';
import { houseLifecycle } from './houseLifecycle';

export { BODY_LIMIT } from '../http/createHttpApp';

/** Options of {@link createAuctionHouse}. */
export interface AuctionHouseOptions {
  readonly store: EventStore;
  /**
   * Where the catalog keeps its rows and checkpoints (see `openStore`). Default: in this process's
   * memory, for the in-memory store.
   */
  readonly catalog?: CatalogStorage<unknown>;
  /** Where notifications are e-mailed from the outbox. Default: written to the log (`logMailer`). */
  readonly mailer?: NotificationMailer;
  /** Signs session cookies and keys the masking of bidder ids. */
  readonly secret: string;
  readonly logger: Logger;
  /** List demo auctions on an empty store (and when none is open). Default true. */
  readonly seedDemo?: boolean;
  /** Run the simulated bidders on the demo auctions. Default true. */
  readonly simulateBidders?: boolean;
  /** The limits (rate limits, session TTL, request timeout, connection caps); each missing one has its default ({@link DEFAULT_LIMITS}). */
  readonly limits?: Partial<AuctionHouseLimits>;
  /** `redis://…`: the rate limits count in this Redis, shared by every instance on it. Default: each instance counts alone. */
  readonly redisUrl?: string;
  /** Prefix of the rate limits' keys in Redis. Default `gavel-rate-limit-`. */
  readonly redisKeyPrefix?: string;
  /**
   * The reverse proxies whose `X-Forwarded-For` gives the client address for the per-address limits: a
   * hop count, or addresses and subnets separated by commas. Default false (the TCP peer is the client).
   */
  readonly trustProxy?: number | string | false;
  /**
   * How long an answer of `GET /api/auctions` is served again to the same query, in ms, unless this
   * instance's catalog commits first: a change this instance's catalog commits is listed at once, one
   * committed by another instance's catalog (the partitions it owns) within this time. 0 turns the
   * cache off. Default 100 ({@link DEFAULT_LIST_PAGE_TTL_MS}, the catalog's lag target).
   */
  readonly listCacheMs?: number;
  /** When set, `GET /api/stats` answers {@link AuctionHouse.stats} to `Authorization: Bearer <statsToken>`. */
  readonly statsToken?: string;
  /** The folder of the page's static files (`index.html`, `styles.css`). Default the example's `public/`. */
  readonly publicDir?: string;
  /** The folder of the page's bundle (`app.js`). Default the example's `dist/`. */
  readonly bundleDir?: string;
  readonly clock?: () => number;
}

/** A running auction house: the HTTP server (API, page, feed), the closer and the catalog. */
export interface AuctionHouse {
  readonly app: FastifyInstance;
  /**
   * Starts the closer and the catalog, lets them catch up with the store, then listens: resolves with
   * the address, and the first request already sees every auction.
   */
  listen(port: number, host: string): Promise<string>;
  /** Stops bidders and feed, stops taking requests, finishes in-flight ones, stops closer and catalog, closes the store. */
  close(): Promise<void>;
  /** The processors' and the feed's counters (partitions owned, events handled, connections, …). */
  stats(): {
    readonly catalog: ProcessorStats;
    readonly closer: AuctionCloserStats;
    readonly feed: FeedStats;
  };
}

/**
 * Builds the auction house on a store: fastify with cookies, security headers, static files, sessions that
 * end (TTL, sign-out recorded in the store), rate limits (in Redis when `redisUrl` is given), a request
 * timeout and connection caps; the Gavel service, closer and live feed (on the same HTTP server at `/feed`),
 * started and stopped by the app's `onReady` and `onClose` hooks (see {@link houseLifecycle}).
 */
export const createAuctionHouse = async (options: AuctionHouseOptions): Promise<AuctionHouse> => {
  const { store, secret, logger } = options;
  const clock = options.clock ?? Date.now;
  const limits: AuctionHouseLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // First, before anything starts: an unreachable Redis fails the start-up with a clear message.
  const redis = options.redisUrl === undefined ? undefined : await connectRedis(options.redisUrl, logger);
  const publicDir = options.publicDir ?? join(exampleRoot, 'public');
  const bundleDir = options.bundleDir ?? join(exampleRoot, 'dist');
  const service = createAuctionService({ store, clock });
  const catalog = createCatalog({
    store,
    storage: options.catalog ?? { database: memoryCatalogDatabase(), transactional: false },
    logger,
  });
  const closer = createAuctionCloser({
    store,
    service,
    clock,
    onError: (error) => logger.warn({ err: error }, 'closer: retrying after an error'),
  });
  const revocations = createSessionRevocations({ store });
  const listPages = createListPageCache({ ttlMs: options.listCacheMs ?? DEFAULT_LIST_PAGE_TTL_MS, clock });
  // A commit of this instance's catalog may change any page: the next requests compute theirs again.
  const stopListPages = catalog.onCommit(() => listPages.clear());
  const context: ApiContext = {
    store,
    service,
    catalog,
    mask: memoizedMask(maskBidderId(secret)),
    clock,
    logger,
    limits,
    revocations,
    listPages,
    offers: createOffersCache({ store }),
  };
  const houseStats = () => ({ catalog: catalog.stats(), closer: closer.stats(), feed: feed.stats() });

  const app = await createHttpApp({
    context,
    secret,
    trustProxy: options.trustProxy ?? false,
    ...(redis === undefined ? {} : { redis }),
    ...(options.redisKeyPrefix === undefined ? {} : { redisKeyPrefix: options.redisKeyPrefix }),
    ...(options.statsToken === undefined ? {} : { stats: { token: options.statsToken, stats: houseStats } }),
    ...(existsSync(join(publicDir, 'index.html')) ? { page: { publicDir, bundleDir } } : {}),
  });
  const feed = createAuctionFeed({
    store,
    secret,
    limits: {
      maxConnections: limits.feedMaxConnections,
      maxConnectionsPerAddress: limits.feedMaxConnectionsPerAddress,
    },
    onError: (error) => logger.warn({ err: error.cause, code: error.code }, `feed: ${error.message}`),
    // A feed connection with a valid session receives that user's notifications.
    authenticate: async (request) => {
      const cookies = app.parseCookie(request.headers.cookie ?? '');
      const claims = sessionClaimsOf(
        cookies[SESSION_COOKIE],
        (raw) => app.unsignCookie(raw),
        clock(),
        limits.sessionTtlMs,
      );
      if (claims === null || (await revocations.isRevoked(claims.sessionId))) return null;
      return claims.userId;
    },
  });
  feed.attach(app.server);
  await app.register(houseLifecycle, {
    store,
    service,
    catalog,
    closer,
    feed,
    mailer: options.mailer ?? logMailer(logger),
    logger,
    clock,
    seedDemo: options.seedDemo ?? true,
    simulateBidders: options.simulateBidders ?? true,
    stopListPages,
    ...(redis === undefined ? {} : { redis }),
  });

  return {
    app,
    listen: (port, host) => app.listen({ port, host }),
    stats: () => houseStats(),
    close: () => app.close(),
  };
};
