import { createProcessor, type EventStore, type ProcessorStats, type ProcessorStore } from '@gavel/core';
import type { Logger } from 'pino';
import type { CatalogDatabase, CatalogPage } from './catalogDatabase';
import type { CatalogListRow, CatalogQuery } from './catalogRow';
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
  /** The auctions where the user made an offer (those noted through this instance included). */
  auctionsOf(userId: string): Promise<string[]>;
  /** Notes an offer accepted through this instance, before the processor has written it. */
  noteOffer(userId: string, auctionId: string): void;
  /** Open auctions, soonest end first. */
  openAuctions(now: number, limit: number): Promise<CatalogListRow[]>;
  stats(): ProcessorStats;
}

/** The processor's name: its checkpoints in the store are kept under it. */
export const CATALOG_PROCESSOR = 'auction-house-catalog';

/** The most auctions "my bids" lists. */
const MY_AUCTIONS_LIMIT = 200;
/** Offers noted by this instance and not yet seen in the database, kept at most this many. */
const NOTED_LIMIT = 10_000;

/**
 * Creates the catalog: a processor over the auction and listing streams folds each batch into the rows
 * it changes (`projectCatalog`) and writes them, on SQL stores in the transaction that moves its
 * checkpoint. No instance keeps the catalog in memory, a restart rebuilds nothing (it resumes at its
 * checkpoint), and every instance answers the same list for the same store.
 */
export const createCatalog = <TTransaction>(options: CatalogOptions<TTransaction>): Catalog => {
  const { store, storage, logger } = options;
  const { database } = storage;
  /** `userId → auctionIds` noted here; trimmed oldest first. */
  const noted = new Map<string, Set<string>>();
  const processor = createProcessor<TTransaction>({
    store,
    name: options.name ?? CATALOG_PROCESSOR,
    partitions: options.partitions ?? 4,
    transactional: storage.transactional,
    ...(storage.checkpoints === undefined ? {} : { checkpoints: storage.checkpoints }),
    onError: (error) => logger.warn({ err: error.cause, code: error.code }, `catalog: ${error.message}`),
    handle: async (events, { transaction }) => {
      const known = await database.loadAuctions(transaction as TTransaction, auctionsTouched(events));
      await database.save(transaction as TTransaction, projectCatalog(known, events));
    },
  });

  return {
    start: async () => {
      await database.ensureSchema();
      await processor.start();
    },
    stop: () => processor.stop(),
    list: (query, now) => database.list(query, now),
    auctionsOf: async (userId) => {
      const stored = await database.auctionsOf(userId, MY_AUCTIONS_LIMIT);
      return [...new Set([...(noted.get(userId) ?? []), ...stored])];
    },
    noteOffer: (userId, auctionId) => {
      const auctions = noted.get(userId) ?? new Set<string>();
      noted.delete(userId);
      auctions.add(auctionId);
      noted.set(userId, auctions);
      if (noted.size > NOTED_LIMIT) noted.delete(noted.keys().next().value as string);
    },
    openAuctions: (now, limit) => database.openAuctions(now, limit),
    stats: () => processor.stats(),
  };
};
