import {
  type AuctionNotification,
  createProcessor,
  type EventStore,
  lostNotification,
  type ProcessorStats,
  type ProcessorStore,
  rebuildProcessor,
} from '@gavel/core';
import type { Logger } from 'pino';
import type { CatalogDatabase, CatalogPage } from './catalogDatabase';
import type { CatalogQuery, OpenAuctionRow } from './catalogRow';
import { createCommitSignal } from './commitSignal';
import { notifyingCheckpoints } from './notifyingCheckpoints';
import { auctionsTouched, projectCatalog } from './projectCatalog';

/** Where the catalog keeps its rows and its checkpoints. */
export interface CatalogStorage<TTransaction> {
  readonly database: CatalogDatabase<TTransaction>;
  /** Where the processor's checkpoints live; default the store's own (`store.processors`). */
  readonly checkpoints?: ProcessorStore<TTransaction>;
  /** True when rows and checkpoint are written in one transaction (the SQL databases). */
  readonly transactional: boolean;
}

/** Options of {@link createCatalog}. */
export interface CatalogOptions<TTransaction> {
  readonly store: EventStore;
  readonly storage: CatalogStorage<TTransaction>;
  readonly logger: Logger;
  /** Partitions of the catalog's processor. Default 4. */
  readonly partitions?: number;
  /** The processor's name. Default {@link CATALOG_PROCESSOR}. */
  readonly name?: string;
}

/** The catalog: a read model of every listed auction, in the database, kept by a processor. */
export interface Catalog {
  /** Resolves once the catalog's partitions in this process have caught up with the store. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One page of the list. */
  list(query: CatalogQuery, now: number): Promise<CatalogPage>;
  /** A page of the auctions where the user made an offer, with their last offer (see `CatalogDatabase.bidsOf`). */
  bidsOf: CatalogDatabase<unknown>['bidsOf'];
  /** A page of the auctions the user sells (see `CatalogDatabase.sellerAuctions`). */
  sellerAuctions: CatalogDatabase<unknown>['sellerAuctions'];
  /** Open auctions, soonest end first. */
  openAuctions(now: number, limit: number): Promise<OpenAuctionRow[]>;
  /** One auction as its page shows it (see `CatalogDatabase.auctionDetail`). */
  auctionDetail: CatalogDatabase<unknown>['auctionDetail'];
  /** A user's notifications, newest first. */
  notificationsOf(userId: string, limit: number): Promise<AuctionNotification[]>;
  /** The database itself, for the notification poller and the mail outbox. */
  readonly database: CatalogDatabase<unknown>;
  stats(): ProcessorStats;
  /**
   * Calls `listener` after each batch this instance's catalog has written: on SQL stores once its
   * transaction has committed, so that a read made from the listener on sees the batch's rows. What the
   * list answers may have changed. Batches written by other instances (the partitions they own) are not
   * signalled here. Answers a function that removes the listener; a listener that throws is logged and
   * changes nothing else.
   */
  onCommit(listener: () => void): () => void;
}

/** The processor's name: its checkpoints in the store are kept under it. */
export const CATALOG_PROCESSOR = 'auction-house-catalog';

/**
 * Creates the catalog: a processor over the auction and listing streams folds each batch into the rows
 * it changes (`projectCatalog`) and writes them, on SQL stores in the transaction that moves its
 * checkpoint. No instance keeps the catalog in memory, a restart rebuilds nothing (it resumes at its
 * checkpoint), and every instance answers the same list for the same store.
 */
export const createCatalog = <TTransaction>(options: CatalogOptions<TTransaction>): Catalog => {
  const { store, storage, logger } = options;
  const { database } = storage;
  const name = options.name ?? CATALOG_PROCESSOR;
  const checkpoints = storage.checkpoints ?? (store.processors as ProcessorStore<TTransaction>);
  const commits = createCommitSignal((error) =>
    logger.warn({ err: error }, 'catalog: a commit listener failed'),
  );
  const processor = createProcessor<TTransaction>({
    store,
    name,
    partitions: options.partitions ?? 4,
    transactional: storage.transactional,
    // Transactional: the batch is visible once its transaction commits, after the handler returns.
    checkpoints: storage.transactional ? notifyingCheckpoints(checkpoints, commits.emit) : checkpoints,
    onError: (error) => logger.warn({ err: error.cause, code: error.code }, `catalog: ${error.message}`),
    handle: async (events, { transaction }) => {
      const tx = transaction as TTransaction;
      const known = await database.loadAuctions(tx, auctionsTouched(events));
      const changes = projectCatalog(known, events);
      await database.save(tx, changes);
      const lost = [];
      for (const close of changes.closes) {
        if (close.price === null) continue; // nobody bid: nobody lost
        for (const userId of await database.biddersOf(tx, close.auctionId))
          if (userId !== close.winnerId)
            lost.push(
              lostNotification({
                auctionId: close.auctionId,
                version: close.version,
                at: close.at,
                userId,
                price: close.price,
                currency: close.currency,
                outcome: close.outcome,
              }),
            );
      }
      await database.saveNotifications(tx, [...changes.notifications, ...lost]);
      // Without a transaction, the rows are visible as soon as they are written.
      if (!storage.transactional) commits.emit();
    },
  });

  return {
    start: async () => {
      if ((await database.ensureSchema()) === 'outdated') {
        // A release changed the tables: drop them and handle the history again into new ones.
        logger.info('catalog: its tables are from an earlier release; rebuilding it from the history');
        await rebuildProcessor({ checkpoints, name, clear: () => database.dropCatalog() });
        await database.ensureSchema();
      }
      await processor.start();
    },
    stop: () => processor.stop(),
    list: (query, now) => database.list(query, now),
    bidsOf: (userId, limit, after) => database.bidsOf(userId, limit, after),
    sellerAuctions: (userId, limit, after) => database.sellerAuctions(userId, limit, after),
    openAuctions: (now, limit) => database.openAuctions(now, limit),
    auctionDetail: (auctionId, userId) => database.auctionDetail(auctionId, userId),
    notificationsOf: (userId, limit) => database.notificationsOf(userId, limit),
    database: database as CatalogDatabase<unknown>,
    stats: () => processor.stats(),
    onCommit: (listener) => commits.subscribe(listener),
  };
};
