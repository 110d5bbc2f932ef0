import { auctionStreamName, createAuctionService, getInMemoryEventStore } from '@gavel/core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../readModels/catalog/createCatalog';
import { memoryCatalogDatabase } from '../readModels/catalog/memoryCatalogDatabase';
import { seedDemoAuctions } from './seedDemoAuctions';
import { simulateBidders } from './simulateBidders';

describe('the demo', () => {
  it('lists its auctions once, and the simulated bidders bid on them only, never on buy-it-now or users’ auctions', async () => {
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store });
    const logger = pino({ level: 'silent' });
    const catalog = createCatalog({
      store,
      storage: { database: memoryCatalogDatabase(), transactional: false },
      logger,
    });
    const now = Date.now();
    const opened = await seedDemoAuctions({ store, service, logger }, now);
    expect(opened).toHaveLength(4);
    expect(await seedDemoAuctions({ store, service, logger }, now)).toEqual([]); // a second instance at once
    await service.execute({
      type: 'OpenAuction',
      data: {
        auctionId: 'users-own',
        sellerId: 'u_someone',
        currency: 'USD',
        startingPrice: 100,
        endsAt: now + 60_000,
      },
    });
    await catalog.start();
    const stop = simulateBidders({ service, catalog, logger, meanPauseMs: 5 });
    try {
      await expect
        .poll(
          async () =>
            (await catalog.openAuctions(Date.now(), 50)).filter((entry) => entry.state.bidCount > 0).length,
          { timeout: 10_000 },
        )
        .toBeGreaterThanOrEqual(2);
    } finally {
      stop();
      await catalog.stop();
    }
    const bidsOn = async (auctionId: string) =>
      (await store.readStream(auctionStreamName(auctionId))).events.filter(
        (event) => event.type !== 'AuctionOpened',
      ).length;
    expect(await bidsOn('users-own')).toBe(0);
    const keyboard = opened.find((id) => id.endsWith('-keyboard')) as string;
    expect(await bidsOn(keyboard)).toBe(0);
    for (const entry of await catalog.openAuctions(0, 50))
      if (entry.state.price !== null)
        expect(entry.state.price).toBeLessThanOrEqual((entry.state.rules?.startingPrice ?? 0) * 3);
  });

  it('judges which auctions are open on the clock it is given', async () => {
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store });
    const logger = pino({ level: 'silent' });
    const catalog = createCatalog({
      store,
      storage: { database: memoryCatalogDatabase(), transactional: false },
      logger,
    });
    const now = Date.now();
    const opened = await seedDemoAuctions({ store, service, logger }, now);
    await catalog.start();
    let reads = 0;
    // A year on, by the house's clock: every demo auction has ended, whatever the wall clock says.
    const aYearOn = (): number => {
      reads += 1;
      return now + 365 * 86_400_000;
    };
    const stop = simulateBidders({ service, catalog, logger, meanPauseMs: 5, clock: aYearOn });
    try {
      await expect.poll(() => reads, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    } finally {
      stop();
      await catalog.stop();
    }
    for (const auctionId of opened)
      expect((await store.readStream(auctionStreamName(auctionId))).events.map((e) => e.type)).toEqual([
        'AuctionOpened',
      ]);
  });
});
