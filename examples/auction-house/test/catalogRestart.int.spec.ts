import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/config/openStore';
import { request, signIn } from './apiClient';
import { startTestHouse } from './testHouse';

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
});
