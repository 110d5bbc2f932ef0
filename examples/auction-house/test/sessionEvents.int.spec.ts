import { auctionStreamName, getInMemoryEventStore } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { recordSessionEnd, sessionStreamName } from '../src/streams/sessionStream';
import { request, signIn } from './apiClient';
import { startTestHouse } from './testHouse';
import { watchFeed } from './watchFeed';

describe('session streams in the store', () => {
  it('are ignored by the catalog, the closer and the feed, before and after the start', async () => {
    const store = getInMemoryEventStore();
    // In the history the catalog and the closer read at start…
    await recordSessionEnd(store, { sessionId: 'AAAAAAAAAAAAAAAAAAAAAA', userId: 'u_AAAAAAAAAAAAAAAA' }, 1);
    const house = await startTestHouse({ store });
    try {
      const seller = await signIn(house.url, 'Seller');
      const bidder = await signIn(house.url, 'Bidder');
      const created = await request(house.url, 'POST', '/api/auctions', {
        cookie: seller.cookie,
        body: { title: 'Short', startingPrice: 100, durationMs: 1500 },
      });
      expect(created.status, created.text).toBe(201);
      const auctionId = created.body.auctionId as string;
      const watcher = await watchFeed(house.url, [auctionId]);
      // …and live, while they follow the store.
      expect((await request(house.url, 'DELETE', '/api/session', { cookie: seller.cookie })).status).toBe(
        204,
      );
      expect((await store.readStream(sessionStreamName('AAAAAAAAAAAAAAAAAAAAAA'))).events).toHaveLength(1);
      expect(
        (
          await request(house.url, 'POST', `/api/auctions/${auctionId}/bids`, {
            cookie: bidder.cookie,
            body: { amount: 100 },
          })
        ).status,
      ).toBe(200);
      await request(house.url, 'DELETE', '/api/session', { cookie: bidder.cookie });
      // The closer closes it; the catalog lists it, closed, with its title and nothing else.
      await expect
        .poll(async () => (await request(house.url, 'GET', '/api/auctions?status=closed')).body.auctions, {
          timeout: 10_000,
        })
        .toEqual([
          expect.objectContaining({
            auctionId,
            title: 'Short',
            view: expect.objectContaining({ status: 'closed' }),
          }),
        ]);
      expect((await request(house.url, 'GET', '/api/auctions')).body.auctions).toHaveLength(1);
      const closes = (await store.readStream(auctionStreamName(auctionId))).events.filter(
        (event) => event.type === 'AuctionClosed',
      );
      expect(closes).toHaveLength(1);
      await expect
        .poll(() =>
          watcher.frames.some((f) => f.frame.type === 'change' && f.frame.view?.status === 'closed'),
        )
        .toBe(true);
      expect(watcher.frames.filter((f) => f.frame.type === 'error')).toEqual([]);
      watcher.socket.close();
    } finally {
      await house.close();
    }
  }, 20_000);
});
