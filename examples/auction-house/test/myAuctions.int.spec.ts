import { afterAll, describe, expect, it } from 'vitest';
import { request, signIn, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

const houses: TestHouse[] = [];
afterAll(async () => {
  for (const house of houses) await house.close();
});

/** Every page of a paged "my …" route, following `nextCursor`. */
const allPages = async (url: string, path: string, user: TestUser, key: 'bids' | 'auctions') => {
  const entries: { auctionId: string; standing?: string }[] = [];
  let cursor: string | null = null;
  do {
    const answer: { status: number; body: Record<string, unknown> } = await request(
      url,
      'GET',
      `${path}?limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      { cookie: user.cookie },
    );
    expect(answer.status).toBe(200);
    entries.push(...(answer.body[key] as { auctionId: string; standing?: string }[]));
    cursor = answer.body.nextCursor as string | null;
  } while (cursor !== null);
  return entries;
};

describe('my auctions', () => {
  it('pages the auctions a user sells and those they bid on, with where they stand on each', async () => {
    const house = await startTestHouse();
    houses.push(house);
    const { url } = house;
    const [seller, alice, bob] = await Promise.all(['Sam', 'Alice', 'Bob'].map((name) => signIn(url, name)));
    const open = async (durationMs: number) =>
      (
        await request(url, 'POST', '/api/auctions', {
          cookie: seller?.cookie,
          body: { title: 'Lot', startingPrice: 1000, durationMs },
        })
      ).body.auctionId as string;
    const [ending, later, quiet] = [await open(1500), await open(3_600_000), await open(3_600_000)];
    const bid = (user: TestUser | undefined, auctionId: string, body: object) =>
      request(url, 'POST', `/api/auctions/${auctionId}/bids`, { cookie: user?.cookie, body });
    await bid(alice, ending, { maxAmount: 2000 });
    await bid(bob, ending, { maxAmount: 3000 });
    await bid(alice, later, { amount: 1200 });

    const selling = await allPages(url, '/api/me/auctions', seller as TestUser, 'auctions');
    expect(selling.map((entry) => entry.auctionId)).toEqual([ending, later, quiet]);
    expect(await allPages(url, '/api/me/auctions', alice as TestUser, 'auctions')).toEqual([]);

    await expect
      .poll(
        async () =>
          (await allPages(url, '/api/me/bids', alice as TestUser, 'bids')).map((b) => [
            b.auctionId,
            b.standing,
          ]),
        { timeout: 5_000 },
      )
      .toEqual([
        [ending, 'lost'],
        [later, 'leading'],
      ]);
    await expect
      .poll(
        async () =>
          (await allPages(url, '/api/me/bids', bob as TestUser, 'bids')).map((b) => [
            b.auctionId,
            b.standing,
          ]),
        {
          timeout: 5_000,
        },
      )
      .toEqual([[ending, 'won']]);
    expect(
      (await request(url, 'GET', '/api/me/auctions?cursor=not-a-cursor', { cookie: seller?.cookie })).status,
    ).toBe(400);
    expect((await request(url, 'GET', '/api/me/auctions')).status).toBe(401);
  });
});
