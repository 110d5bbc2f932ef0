import type { AuctionCloser, AuctionService, EventStore } from '@gavel/core';
import type { AuctionFeed } from '@gavel/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { seedDemoAuctions } from '../demo/seedDemoAuctions';
import { simulateBidders } from '../demo/simulateBidders';
import { followNotifications } from '../notifications/followNotifications';
import { type NotificationMailer, startOutboxMailer } from '../notifications/mailOutbox';
import type { Catalog } from '../readModels/catalog/createCatalog';

/** What {@link houseLifecycle} starts and stops, built by `createAuctionHouse`. */
export interface HouseLifecycleOptions {
  readonly store: EventStore;
  readonly service: AuctionService;
  readonly catalog: Catalog;
  readonly closer: AuctionCloser;
  readonly feed: AuctionFeed;
  readonly mailer: NotificationMailer;
  readonly logger: Logger;
  readonly clock: () => number;
  /** List demo auctions when none is open. */
  readonly seedDemo: boolean;
  /** Run the simulated bidders on the demo auctions. */
  readonly simulateBidders: boolean;
  /** Stops what the app started besides these (the list pages' subscription to the catalog). */
  readonly stopListPages: () => void;
  readonly redis?: Redis;
}

/**
 * The auction house's start and shutdown as the app's hooks. `onReady` (before `listen` accepts a
 * connection): the catalog and the closer catch up with the store, then the notifications are followed
 * and mailed, the demo auctions listed and the simulated bidders started, so that the first request
 * already sees every auction. `preClose` (before the server stops taking requests): the bidders, the
 * notifications and the mailer stop and the feed says goodbye to its clients. `onClose` (once the
 * requests in flight are done): the closer and the catalog stop, Redis and the store are closed.
 * Application hooks run whatever the context: a plain (encapsulated) plugin.
 */
export const houseLifecycle: FastifyPluginAsync<HouseLifecycleOptions> = async (app, options) => {
  const { store, service, catalog, closer, feed, logger, clock } = options;
  let stopBidders = (): void => {};
  let stopNotifications = async (): Promise<void> => {};
  let stopMailer = async (): Promise<void> => {};

  app.addHook('onReady', async () => {
    await Promise.all([catalog.start(), closer.start()]);
    stopNotifications = followNotifications({ database: catalog.database, deliver: feed.notify, logger });
    stopMailer = startOutboxMailer({ database: catalog.database, mailer: options.mailer, logger, clock });
    const anyOpen = (await catalog.openAuctions(clock(), 1)).length > 0;
    if (options.seedDemo && !anyOpen) await seedDemoAuctions({ store, service, logger }, clock());
    if (options.simulateBidders) stopBidders = simulateBidders({ service, catalog, logger, clock });
  });

  app.addHook('preClose', async () => {
    stopBidders();
    await stopNotifications();
    await stopMailer();
    await feed.close();
  });

  app.addHook('onClose', async () => {
    await closer.stop();
    await catalog.stop();
    options.stopListPages();
    await options.redis?.quit();
    await store.close();
  });
};
