import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import {
  type AuctionCloserStats,
  createAuctionCloser,
  createAuctionService,
  type EventStore,
  type ProcessorStats,
} from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { createAuctionFeed, type FeedStats } from '@gavel/websocket';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import { createOffersCache } from '../auctions/offersCache';
import { type CatalogStorage, createCatalog } from '../catalog/createCatalog';
import { memoryCatalogDatabase } from '../catalog/memoryCatalogDatabase';
import { exampleRoot } from '../config/exampleRoot';
import { type AuctionHouseLimits, DEFAULT_LIMITS } from '../config/limits';
import { seedDemoAuctions } from '../demo/seedDemoAuctions';
import { simulateBidders } from '../demo/simulateBidders';
import type { ApiContext } from '../http/apiContext';
import { apiError, sendError } from '../http/apiError';
import { clientErrorHandler } from '../http/clientErrorHandler';
import { errorHandler } from '../http/errorHandler';
import { connectionLimits } from '../http/limits/connectionLimits';
import { connectRedis } from '../http/limits/connectRedis';
import { rateLimitPlugin } from '../http/limits/rateLimitPlugin';
import { requestTimeoutOptions } from '../http/limits/requestTimeouts';
import { createListPageCache, DEFAULT_LIST_PAGE_TTL_MS } from '../http/listPages/createListPageCache';
import { memoizedMask } from '../http/memoizedMask';
import { requireJsonBody } from '../http/requireJsonBody';
import { auctionRoutes } from '../http/routes/auctionRoutes';
import { bidRoutes } from '../http/routes/bidRoutes';
import { meRoutes } from '../http/routes/meRoutes';
import { sessionRoutes } from '../http/routes/sessionRoutes';
import { statsRoute } from '../http/routes/statsRoute';
import { securityHeaders } from '../http/securityHeaders';
import { SESSION_COOKIE, sessionClaimsOf } from '../http/session/sessionCookie';
import { sessionPlugin } from '../http/session/sessionPlugin';
import { createSessionRevocations } from '../http/session/sessionRevocations';
import { trustProxySetting } from '../http/trustProxy';
import { followNotifications } from '../notifications/followNotifications';
import { logMailer, type NotificationMailer, startOutboxMailer } from '../notifications/mailOutbox';

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
  /** Starts listening; resolves with the address once the closer and catalog have caught up. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, finishes in-flight ones, stops closer, feed and bidders, closes the store. */
  close(): Promise<void>;
  /** The processors' and the feed's counters (partitions owned, events handled, connections, …). */
  stats(): {
    readonly catalog: ProcessorStats;
    readonly closer: AuctionCloserStats;
    readonly feed: FeedStats;
  };
}

/** 64 KiB: the largest body the API reads. */
export const BODY_LIMIT = 64 * 1024;

/**
 * Builds the auction house on a store: fastify with cookies, security headers, static files, sessions that
 * end (TTL, sign-out recorded in the store), rate limits (in Redis when `redisUrl` is given), a request
 * timeout and connection caps; the Gavel service, closer and live feed (on the same HTTP server at `/feed`).
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

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxySetting(options.trustProxy ?? false),
    // A request not all sent within the timeout: 408 with the API's error body, connection closed.
    ...requestTimeoutOptions(limits.requestTimeoutMs),
    clientErrorHandler,
    routerOptions: { maxParamLength: 2048 },
    // A URL the router cannot read (a bad % escape) or a bad header: 400 with the API's error body.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(400).send(apiError('INVALID_REQUEST', error.message.slice(0, 200)));
    },
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((_request, reply) => sendError(reply, apiError('NOT_FOUND', 'No such route')));
  app.addHook('onRequest', requireJsonBody);
  // The CSP and the other security headers, built once at start-up (src/http/securityHeaders.ts).
  await app.register(securityHeaders);
  await app.register(connectionLimits, {
    maxConnections: limits.maxConnections,
    maxConnectionsPerAddress: limits.maxConnectionsPerAddress,
  });
  await app.register(fastifyCookie, { secret });
  await app.register(sessionPlugin, { revocations, clock, ttlMs: limits.sessionTtlMs });
  await app.register(rateLimitPlugin, {
    ...(redis === undefined ? {} : { redis }),
    ...(options.redisKeyPrefix === undefined ? {} : { nameSpace: options.redisKeyPrefix }),
  });
  await app.register(sessionRoutes(context));
  await app.register(auctionRoutes(context));
  await app.register(bidRoutes(context));
  await app.register(meRoutes(context));
  if (options.statsToken !== undefined)
    await app.register(statsRoute(options.statsToken, () => houseStats()));

  const hasPage = existsSync(join(publicDir, 'index.html'));
  if (hasPage) {
    await app.register(fastifyStatic, {
      root: [publicDir, bundleDir],
      prefix: '/assets/',
      index: false,
      wildcard: true,
    });
    const page = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/html; charset=utf-8').sendFile('index.html');
    app.get('/', page);
    app.get('/auctions/:id', page);
  }

  feed.attach(app.server);
  const houseStats = () => ({ catalog: catalog.stats(), closer: closer.stats(), feed: feed.stats() });
  let stopBidders = (): void => {};
  let stopNotifications = async (): Promise<void> => {};
  let stopMailer = async (): Promise<void> => {};

  return {
    app,
    listen: async (port, host) => {
      const address = await app.listen({ port, host });
      await Promise.all([catalog.start(), closer.start()]);
      stopNotifications = followNotifications({ database: catalog.database, deliver: feed.notify, logger });
      stopMailer = startOutboxMailer({
        database: catalog.database,
        mailer: options.mailer ?? logMailer(logger),
        logger,
        clock,
      });
      const anyOpen = (await catalog.openAuctions(clock(), 1)).length > 0;
      if ((options.seedDemo ?? true) && !anyOpen) await seedDemoAuctions({ store, service, logger }, clock());
      if (options.simulateBidders ?? true) stopBidders = simulateBidders({ service, catalog, logger });
      return address;
    },
    stats: () => houseStats(),
    close: async () => {
      stopBidders();
      await stopNotifications();
      await stopMailer();
      await feed.close();
      await app.close();
      await closer.stop();
      await catalog.stop();
      stopListPages();
      await redis?.quit();
      await store.close();
    },
  };
};
