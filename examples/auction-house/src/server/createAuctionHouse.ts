import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { createAuctionCloser, createAuctionService, type EventStore } from '@gavel/core';
import { createAuctionFeed, maskBidderId } from '@gavel/websocket';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import { createCatalog } from '../catalog/createCatalog';
import { exampleRoot } from '../config/exampleRoot';
import { seedDemoAuctions } from '../demo/seedDemoAuctions';
import { simulateBidders } from '../demo/simulateBidders';
import type { ApiContext } from '../http/apiContext';
import { apiError, sendError } from '../http/apiError';
import { errorHandler } from '../http/errorHandler';
import { requireJsonBody } from '../http/requireJsonBody';
import { auctionRoutes } from '../http/routes/auctionRoutes';
import { bidRoutes } from '../http/routes/bidRoutes';
import { meRoutes } from '../http/routes/meRoutes';
import { sessionRoutes } from '../http/routes/sessionRoutes';

/** Options of {@link createAuctionHouse}. */
export interface AuctionHouseOptions {
  readonly store: EventStore;
  /** Signs session cookies and keys the masking of bidder ids. */
  readonly secret: string;
  readonly logger: Logger;
  /** List demo auctions on an empty store (and when none is open). Default true. */
  readonly seedDemo?: boolean;
  /** Run the simulated bidders on the demo auctions. Default true. */
  readonly simulateBidders?: boolean;
  /** Bids per second one user may send. Default 50. */
  readonly bidsPerSecond?: number;
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
}

/** 64 KiB: the largest body the API reads. */
export const BODY_LIMIT = 64 * 1024;

/**
 * Builds the auction house on a store: fastify with cookies, helmet (CSP), static files and a per-user
 * rate limit on bids; the Gavel service, closer and live feed (on the same HTTP server at `/feed`).
 */
export const createAuctionHouse = async (options: AuctionHouseOptions): Promise<AuctionHouse> => {
  const { store, secret, logger } = options;
  const clock = options.clock ?? Date.now;
  const publicDir = options.publicDir ?? join(exampleRoot, 'public');
  const bundleDir = options.bundleDir ?? join(exampleRoot, 'dist');
  const service = createAuctionService({ store, clock });
  const catalog = createCatalog({ store, logger });
  const closer = createAuctionCloser({
    store,
    service,
    clock,
    onError: (error) => logger.warn({ err: error }, 'closer: retrying after an error'),
  });
  const feed = createAuctionFeed({ store, secret });
  const context: ApiContext = {
    store,
    service,
    catalog,
    mask: maskBidderId(secret),
    clock,
    logger,
    bidsPerSecond: options.bidsPerSecond ?? 50,
  };

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
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
  await app.register(fastifyHelmet, {
    // Served over plain HTTP in development: no HSTS, no upgrade of ws:// to wss://.
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(fastifyCookie, { secret });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...apiError('RATE_LIMITED', `Too many requests: at most ${context.max} per second`),
    }),
  });
  await app.register(sessionRoutes);
  await app.register(auctionRoutes(context));
  await app.register(bidRoutes(context));
  await app.register(meRoutes(context));

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
  let stopBidders = (): void => {};

  return {
    app,
    listen: async (port, host) => {
      const address = await app.listen({ port, host });
      await Promise.all([catalog.start(), closer.start()]);
      const anyOpen = catalog
        .entries()
        .some((entry) => entry.state.status === 'open' && entry.state.endsAt > clock());
      if ((options.seedDemo ?? true) && !anyOpen) await seedDemoAuctions({ store, service, logger }, clock());
      if (options.simulateBidders ?? true) stopBidders = simulateBidders({ service, catalog, logger });
      return address;
    },
    close: async () => {
      stopBidders();
      await feed.close();
      await app.close();
      await closer.stop();
      await catalog.stop();
      await store.close();
    },
  };
};
