import { auctionStreamName } from '@gavel/core';
import { getPostgresEventStore } from '@gavel/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, pgUrl, randomSchema } from '../../../packages/adapters/postgres/test/pgTestEnv';
import { request, signIn } from './apiClient';
import { type ServerProcess, startServerProcess } from './startServerProcess';
import { type FeedFrame, watchFeed } from './watchFeed';

const schema = randomSchema('auction_house');
const SECRET = 'two-instances-secret';
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  const env = { GAVEL_STORE: `${pgUrl}?schema=${schema}`, GAVEL_SECRET: SECRET, GAVEL_DEMO: 'off' };
  // One after the other: the first creates the schema, the second finds it.
  a = await startServerProcess(env);
  b = await startServerProcess(env);
}, 90_000);

afterAll(async () => {
  const stops = await Promise.all([a?.stop(), b?.stop()]);
  await dropSchema(schema);
  // Each exits cleanly within a few seconds of SIGTERM.
  for (const stopped of stops)
    if (stopped !== undefined) {
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(5000);
    }
});

describe('two auction houses on one PostgreSQL', () => {
  it('answer the same list, page by page, for every sort and a search, once caught up', async () => {
    const seller = await signIn(a.url, 'Lister');
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await request(i % 2 === 0 ? a.url : b.url, 'POST', '/api/auctions', {
        cookie: seller.cookie,
        body: {
          title: `Clock no ${i} ${i % 3 === 0 ? 'brass' : 'oak'}`,
          startingPrice: 500 + i * 100,
          durationMs: 600_000 + i,
        },
      });
      created.push(answer.body.auctionId);
    }
    const pages = async (host: string, query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const answer: { body: { auctions: { auctionId: string }[]; nextCursor: string | null } } =
          await request(
            host,
            'GET',
            `/api/auctions?${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
          );
        ids.push(...answer.body.auctions.map((auction) => auction.auctionId));
        cursor = answer.body.nextCursor;
      } while (cursor !== null);
      return ids;
    };
    // Once the catalog has folded every listing, both instances answer from the same rows.
    await expect
      .poll(() => pages(a.url, 'sort=newest'), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(created));
    for (const query of [
      'sort=ending',
      'sort=newest',
      'sort=price-desc&limit=5',
      'q=brass',
      'status=open&sort=price-asc',
    ])
      expect(await pages(b.url, query), query).toEqual(await pages(a.url, query));
  });

  it('a bid through A is seen live by a feed client on B; both close auctions, each exactly once', async () => {
    // Sessions are signed cookies: a user signed in on A is signed in on B.
    const seller = await signIn(a.url, 'Seller');
    const alice = await signIn(a.url, 'Alice');
    const bob = await signIn(b.url, 'Bob');
    expect((await request(b.url, 'GET', '/api/session', { cookie: alice.cookie })).body.userId).toBe(
      alice.userId,
    );
    // A sign-out is recorded in the store: the cookie signed out on A is refused by B at once.
    const leaver = await signIn(a.url, 'Leaver');
    expect((await request(b.url, 'GET', '/api/session', { cookie: leaver.cookie })).status).toBe(200);
    expect((await request(a.url, 'DELETE', '/api/session', { cookie: leaver.cookie })).status).toBe(204);
    expect((await request(b.url, 'GET', '/api/session', { cookie: leaver.cookie })).body).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const host = i % 2 === 0 ? a.url : b.url;
      const created = await request(host, 'POST', '/api/auctions', {
        cookie: seller.cookie,
        body: { title: `Lot ${i}`, startingPrice: 1000, durationMs: 8000 + i * 200 },
      });
      expect(created.status, created.text).toBe(201);
      ids.push(created.body.auctionId);
    }
    const first = ids[0] as string;
    const watcher = await watchFeed(b.url, ids);
    await expect
      .poll(() => watcher.frames.filter((f) => f.frame.type === 'snapshot').length, { timeout: 10_000 })
      .toBe(ids.length);

    // A bid through A, watched on B.
    const sentAt = Date.now();
    const placed = await request(a.url, 'POST', `/api/auctions/${first}/bids`, {
      cookie: alice.cookie,
      body: { maxAmount: 4000 },
    });
    expect(placed.status, placed.text).toBe(200);
    await expect
      .poll(
        () =>
          watcher.frames.some(
            (f) => f.frame.type === 'change' && f.frame.auctionId === first && f.frame.view?.price === 1000,
          ),
        { timeout: 5000, interval: 10 },
      )
      .toBe(true);
    const change = watcher.frames.find((f) => f.frame.type === 'change' && f.frame.auctionId === first) as {
      at: number;
      frame: FeedFrame;
    };
    expect(change.frame.view.leaderId).toBe(placed.body.view.leaderId);
    console.info(`a bid through A reached a feed client on B after ${change.at - sentAt} ms`);
    // And the other way round: a bid through B outbids on A's view.
    const outbid = await request(b.url, 'POST', `/api/auctions/${first}/bids`, {
      cookie: bob.cookie,
      body: { amount: 2000 },
    });
    expect(outbid.body).toMatchObject({ ok: true, leading: false, view: { price: 2050 } });
    await expect
      .poll(async () => (await request(a.url, 'GET', `/api/auctions/${first}`)).body.view.price)
      .toBe(2050);
    for (const [index, auctionId] of ids.entries())
      if (index > 0)
        await request(index % 2 === 0 ? b.url : a.url, 'POST', `/api/auctions/${auctionId}/bids`, {
          cookie: bob.cookie,
          body: { amount: 1000 },
        });

    // Both instances run closers: every auction closes, and once.
    await expect
      .poll(
        () =>
          ids.filter((id) =>
            watcher.frames.some((f) => f.frame.auctionId === id && f.frame.view?.status === 'closed'),
          ).length,
        {
          timeout: 25_000,
          interval: 100,
        },
      )
      .toBe(ids.length);
    const store = getPostgresEventStore({ connectionString: pgUrl, schema });
    try {
      for (const auctionId of ids) {
        const events = (await store.readStream(auctionStreamName(auctionId))).events;
        expect(
          events.filter((event) => event.type === 'AuctionClosed'),
          auctionId,
        ).toHaveLength(1);
      }
    } finally {
      await store.close();
    }
    const final = await request(b.url, 'GET', `/api/auctions/${first}`);
    expect(final.body.view.outcome).toMatchObject({
      outcome: 'sold',
      price: 2050,
      winnerId: placed.body.view.leaderId,
    });
    watcher.socket.close();
  }, 60_000);
});
