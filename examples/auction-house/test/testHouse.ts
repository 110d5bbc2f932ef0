import { type EventStore, getInMemoryEventStore } from '@gavel/core';
import pino from 'pino';
import { type AuctionHouse, createAuctionHouse } from '../src/server/createAuctionHouse';

/** An auction house listening on a free loopback port, on its own in-memory store unless given one. */
export interface TestHouse {
  readonly house: AuctionHouse;
  readonly url: string;
  readonly store: EventStore;
  readonly close: () => Promise<void>;
}

/** Starts an auction house for a test: no demo auctions, no simulated bidders, logs silenced. */
export const startTestHouse = async (
  options: { store?: EventStore; secret?: string; bidsPerSecond?: number; keepStoreOpen?: boolean } = {},
): Promise<TestHouse> => {
  const inner = getInMemoryEventStore();
  const store = options.store ?? inner;
  // A shared store stays open for the other instances: this house closes a wrapper only.
  const owned: EventStore = options.keepStoreOpen === true ? { ...store, close: async () => {} } : store;
  const house = await createAuctionHouse({
    store: owned,
    secret: options.secret ?? 'test-secret',
    logger: pino({ level: 'silent' }),
    seedDemo: false,
    simulateBidders: false,
    ...(options.bidsPerSecond === undefined ? {} : { bidsPerSecond: options.bidsPerSecond }),
  });
  const url = await house.listen(0, '127.0.0.1');
  return { house, url, store, close: () => house.close() };
};
