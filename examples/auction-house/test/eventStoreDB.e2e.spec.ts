import { auctionStreamName } from '@gavel/core';
import { getEventStoreDBEventStore } from '@gavel/eventstoredb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// EVENTSTORE_URL when set, else the adapter's wire-level gRPC stand-in (EventStoreDB cannot run here).
import { useTestServer } from '../../../packages/adapters/eventstoredb/test/testServer';
import { request, signIn } from './apiClient';
import { type ServerProcess, startServerProcess } from './startServerProcess';
import { watchFeed } from './watchFeed';

const server = useTestServer();
let house: ServerProcess;

beforeAll(async () => {
  house = await startServerProcess({
    GAVEL_STORE: server.connectionString(),
    GAVEL_SECRET: 'eventstoredb-secret',
    GAVEL_DEMO: 'off',
  });
}, 60_000);

afterAll(async () => {
  const stopped = await house?.stop();
  if (stopped !== undefined) expect(stopped.code).toBe(0);
});

describe('the auction house on an esdb:// store', () => {
  it('lists, takes bids, feeds the change live and closes the auction, all kept in EventStoreDB', async () => {
    const seller = await signIn(house.url, 'Seller');
    const alice = await signIn(house.url, 'Alice');
    const bob = await signIn(house.url, 'Bob');
    const created = await request(house.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'Pocket watch', startingPrice: 1000, durationMs: 4000 },
    });
    expect(created.status, created.text).toBe(201);
    const auctionId = created.body.auctionId as string;

    const watcher = await watchFeed(house.url, [auctionId]);
    const frames = () => watcher.frames.map(({ frame }) => frame);
    await expect.poll(() => frames().some((frame) => frame.type === 'snapshot')).toBe(true);

    const max = await request(house.url, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: alice.cookie,
      body: { maxAmount: 5000 },
    });
    expect(max.body).toMatchObject({ ok: true, leading: true, view: { price: 1000 } });
    const bid = await request(house.url, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: bob.cookie,
      body: { amount: 2000 },
    });
    expect(bid.body).toMatchObject({ ok: true, leading: false });
    const price = bid.body.view.price as number;
    expect(price).toBeGreaterThan(2000);
    await expect
      .poll(() => frames().some((frame) => frame.type === 'change' && frame.view?.price === price), {
        timeout: 5000,
      })
      .toBe(true);
    // Nothing public carries Alice's max (as a value: timestamps may contain the digits).
    expect(JSON.stringify(frames())).not.toMatch(/[:[,]5000[,}\]]/);

    await expect
      .poll(() => frames().some((frame) => frame.view?.status === 'closed'), {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(true);
    watcher.socket.close();
    const viewed = await request(house.url, 'GET', `/api/auctions/${auctionId}`);
    expect(viewed.body.view).toMatchObject({ status: 'closed', price });

    // The history is in the store the URL names: opened, two offers, closed exactly once.
    const store = getEventStoreDBEventStore({ connectionString: server.connectionString() });
    try {
      const types = (await store.readStream(auctionStreamName(auctionId))).events.map((event) => event.type);
      expect(types[0]).toBe('AuctionOpened');
      expect(types.filter((type) => type === 'AuctionClosed')).toHaveLength(1);
      expect(types).toContain('MaxBidSet');
      expect(types).toContain('BidPlaced');
    } finally {
      await store.close();
    }
  }, 60_000);
});
