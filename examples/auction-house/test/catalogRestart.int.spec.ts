import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInMemoryEventStore } from '@gavel/core';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/config/openStore';
import { createAuctionHouse } from '../src/server/createAuctionHouse';
import { request, signIn, type TestAnswer } from './apiClient';
import { GENEROUS_TEST_LIMITS, startTestHouse } from './testHouse';

const dir = mkdtempSync(join(tmpdir(), 'gavel-catalog-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the catalog across a restart', () => {
  it('resumes at its checkpoints: a restart handles no event again and lists the same auctions', async () => {
    const path = join(dir, 'house.db');
    const open = async () => {
      const { store, catalog } = await openStore(`sqlite:${path}`);
      return startTestHouse({ store, catalog });
    };
    const first = await open();
    const seller = await signIn(first.url, 'Sam');
    for (let i = 0; i < 15; i++)
      await request(first.url, 'POST', '/api/auctions', {
        cookie: seller.cookie,
        body: { title: `Lamp ${i}`, startingPrice: 700, durationMs: 3_600_000 },
      });
    const list = async (url: string) =>
      (await request(url, 'GET', '/api/auctions?limit=100')).body.auctions.map(
        (a: { auctionId: string }) => a.auctionId,
      );
    await expect.poll(async () => (await list(first.url)).length).toBe(15);
    const before = await list(first.url);
    expect(first.house.stats().catalog.handled).toBeGreaterThanOrEqual(30); // 15 listings and 15 openings
    await first.close();

    const second = await open();
    try {
      expect(await list(second.url)).toEqual(before);
      // Nothing of the history was handled again: the catalog resumed at its checkpoints.
      expect(second.house.stats().catalog.handled).toBe(0);
      expect(second.house.stats().catalog.caughtUp).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('has caught up before it listens: a request made the moment it listens sees the auctions created before the restart', async () => {
    const store = getInMemoryEventStore();
    const first = await startTestHouse({ store, keepStoreOpen: true });
    const seller = await signIn(first.url, 'Sam');
    const created: string[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await request(first.url, 'POST', '/api/auctions', {
        cookie: seller.cookie,
        body: { title: `Lamp ${i}`, startingPrice: 700, durationMs: 3_600_000 + i },
      });
      created.push(answer.body.auctionId);
    }
    await first.close();

    // A new, empty catalog database (as for an esdb:// store's read store): the catalog rebuilds from the store.
    const read = await openStore(`sqlite:${join(dir, 'read.db')}`);
    const second = await createAuctionHouse({
      store,
      catalog: read.catalog,
      secret: 'test-secret',
      logger: pino({ level: 'silent' }),
      seedDemo: false,
      simulateBidders: false,
      limits: GENEROUS_TEST_LIMITS,
    });
    try {
      const firstAnswer = new Promise<TestAnswer>((resolve, reject) => {
        second.app.server.once('listening', () => {
          const address = second.app.server.address();
          const port = typeof address === 'object' && address !== null ? address.port : 0;
          request(`http://127.0.0.1:${port}`, 'GET', '/api/auctions?limit=100').then(resolve, reject);
        });
      });
      await second.listen(0, '127.0.0.1');
      const answer = await firstAnswer;
      expect(answer.status).toBe(200);
      expect(answer.body.auctions.map((a: { auctionId: string }) => a.auctionId)).toEqual(created);
    } finally {
      await second.close();
      await read.store.close();
    }
  });
});
