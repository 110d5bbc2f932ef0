import { type EventStore, getInMemoryEventStore } from '@gavel/core';
import pino from 'pino';
import type { AuctionHouseLimits } from '../src/config/limits';
import {
  type AuctionHouse,
  type AuctionHouseOptions,
  createAuctionHouse,
} from '../src/server/createAuctionHouse';

/** An auction house listening on a free loopback port, on its own in-memory store unless given one. */
export interface TestHouse {
  readonly house: AuctionHouse;
  readonly url: string;
  readonly store: EventStore;
  readonly close: () => Promise<void>;
}

/**
 * Generous limits for tests, which sign in many users and open many auctions from one address: a test
 * of a limit sets that limit itself. The session TTL, request timeout and feed caps keep their defaults.
 */
export const GENEROUS_TEST_LIMITS: Partial<AuctionHouseLimits> = Object.freeze({
  signInsPerMinute: 100_000,
  auctionsPerHour: 100_000,
  auctionsPerHourPerAddress: 100_000,
  maxConnectionsPerAddress: 10_000,
});

/** Options of {@link startTestHouse}. */
export interface TestHouseOptions {
  readonly store?: EventStore;
  readonly secret?: string;
  /** A shared store stays open for the other instances: this house closes a wrapper only. */
  readonly keepStoreOpen?: boolean;
  /** Over {@link GENEROUS_TEST_LIMITS} and the defaults. */
  readonly limits?: Partial<AuctionHouseLimits>;
  readonly clock?: () => number;
  readonly redisUrl?: string;
  readonly redisKeyPrefix?: string;
  readonly trustProxy?: AuctionHouseOptions['trustProxy'];
  /** Where the catalog lives (see `openStore`); default in memory. */
  readonly catalog?: AuctionHouseOptions['catalog'];
  /** How long a list answer is served again (see `AuctionHouseOptions.listCacheMs`); default the house's. */
  readonly listCacheMs?: number;
}

/** Starts an auction house for a test: no demo auctions, no simulated bidders, logs silenced. */
export const startTestHouse = async (options: TestHouseOptions = {}): Promise<TestHouse> => {
  const store = options.store ?? getInMemoryEventStore();
  const owned: EventStore = options.keepStoreOpen === true ? { ...store, close: async () => {} } : store;
  const house = await createAuctionHouse({
    store: owned,
    secret: options.secret ?? 'test-secret',
    logger: pino({ level: 'silent' }),
    seedDemo: false,
    simulateBidders: false,
    limits: { ...GENEROUS_TEST_LIMITS, ...options.limits },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
    ...(options.redisKeyPrefix === undefined ? {} : { redisKeyPrefix: options.redisKeyPrefix }),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
    ...(options.listCacheMs === undefined ? {} : { listCacheMs: options.listCacheMs }),
  });
  const url = await house.listen(0, '127.0.0.1');
  return { house, url, store, close: () => house.close() };
};
