import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/config/openStore';
import { request, signIn, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

const dir = mkdtempSync(join(tmpdir(), 'gavel-list-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The list's answers are kept per query for `listCacheMs` (100 ms by default) or until the catalog of
 * the instance commits. The house's clock stands still unless a test moves it: a page can then only be
 * computed again because it aged past the TTL (the test moved the clock) or because the catalog
 * committed. The catalog in memory writes without a transaction; on SQLite it commits a transaction
 * per batch.
 */
interface ListCard {
  readonly auctionId: string;
  readonly version: number;
  readonly view: { readonly price: number | null; readonly bidCount: number };
}

const cardOf = (answer: { body: { auctions: ListCard[] } }, auctionId: string): ListCard | undefined =>
  answer.body.auctions.find((card) => card.auctionId === auctionId);

const setups: [string, (clock: () => number) => Promise<TestHouse>][] = [
  ['in memory', (clock) => startTestHouse({ clock })],
  [
    'on SQLite',
    async (clock) => {
      const { store, catalog } = await openStore(`sqlite:${join(dir, 'house.db')}`);
      return startTestHouse({ store, catalog, clock });
    },
  ],
];

describe.each(setups)('GET /api/auctions through the list cache, catalog %s', (_, startHouse) => {
  let now = Date.now();
  let house: TestHouse;
  let base: string;
  let seller: TestUser;
  let alice: TestUser;

  beforeAll(async () => {
    house = await startHouse(() => now);
    base = house.url;
    seller = await signIn(base, 'Sam the seller');
    alice = await signIn(base, 'Alice');
  });
  afterAll(() => house.close());

  const open = async (title: string): Promise<string> => {
    const answer = await request(base, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title, startingPrice: 1000, durationMs: 600_000 },
    });
    expect(answer.status, answer.text).toBe(201);
    return answer.body.auctionId as string;
  };

  /** The catalog has handled every event it has read (and written them). */
  const catalogIdle = () => {
    const stats = house.house.stats().catalog;
    return stats.caughtUp && stats.pending === 0;
  };

  it('answers two identical requests within the TTL with identical bytes, and a fresh page at the TTL', async () => {
    const id = await open('Brass lamp');
    // Under a clock that stands still, only the catalog's commit can bring the new auction in.
    await expect
      .poll(async () => cardOf(await request(base, 'GET', '/api/auctions?sort=ending&limit=20'), id))
      .toBeDefined();
    await expect.poll(catalogIdle).toBe(true);

    const first = await request(base, 'GET', '/api/auctions?sort=ending&limit=20');
    now += 99;
    const second = await request(base, 'GET', '/api/auctions?limit=20&sort=ending'); // same query, other order

    expect(first.status).toBe(200);
    expect(second.text).toBe(first.text);
    for (const answer of [first, second]) {
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff'); // the onSend hooks still run
      // The bytes fastify sends for the route's object: JSON.stringify, keys in the same order.
      expect(answer.text).toBe(JSON.stringify(answer.body));
    }
    expect(Object.keys(first.body)).toEqual(['auctions', 'nextCursor', 'now']);
    expect(Object.keys(first.body.auctions[0])).toEqual(['auctionId', 'title', 'version', 'view']);
    expect(first.body.now).toBe(now - 99);

    now += 1; // 100 ms after the page was computed: no longer served
    const third = await request(base, 'GET', '/api/auctions?sort=ending&limit=20');
    expect(third.body.now).toBe(now);
    expect(third.body.auctions).toEqual(first.body.auctions);
  });

  it('lists a bid placed through the API in the next answer once the catalog has committed it', async () => {
    const id = await open('Oak chair');
    await expect.poll(async () => cardOf(await request(base, 'GET', '/api/auctions'), id)).toBeDefined();
    await expect.poll(catalogIdle).toBe(true);
    const cached = await request(base, 'GET', '/api/auctions');
    const before = cardOf(cached, id) as ListCard;
    expect(before.view).toMatchObject({ price: null, bidCount: 0 });
    expect((await request(base, 'GET', '/api/auctions')).text).toBe(cached.text); // served from the cache
    const handled = house.house.stats().catalog.handled;

    const placed = await request(base, 'POST', `/api/auctions/${id}/bids`, {
      cookie: alice.cookie,
      body: { amount: 1000 },
    });
    expect(placed.status, placed.text).toBe(200);
    const events = placed.body.version - before.version;
    expect(events).toBeGreaterThan(0);
    // The catalog folds the bid's events (and commits them) on its own schedule; the clock stands still.
    await expect.poll(() => house.house.stats().catalog.handled).toBeGreaterThanOrEqual(handled + events);

    const next = await request(base, 'GET', '/api/auctions');
    expect(cardOf(next, id)).toMatchObject({
      version: placed.body.version,
      view: { price: 1000, bidCount: 1 },
    });
    expect(next.body.now).toBe(cached.body.now); // recomputed because of the commit, not the TTL
  });
});

describe('GET /api/auctions without the list cache', () => {
  it('computes every answer when listCacheMs is 0, with the same bytes and headers', async () => {
    let clock = Date.now();
    const uncached = await startTestHouse({ clock: () => clock, listCacheMs: 0 });
    try {
      const first = await request(uncached.url, 'GET', '/api/auctions');
      clock += 1;
      const second = await request(uncached.url, 'GET', '/api/auctions');
      expect(second.body.now).toBe(first.body.now + 1);
      expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(second.text).toBe(JSON.stringify({ auctions: [], nextCursor: null, now: clock }));
    } finally {
      await uncached.close();
    }
  });
});
