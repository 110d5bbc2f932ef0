import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signIn, type TestAnswer, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

let house: TestHouse;
let seller: TestUser;
let users: TestUser[];

beforeAll(async () => {
  house = await startTestHouse({ limits: { bidsPerSecond: 10_000 } });
  seller = await signIn(house.url, 'Seller');
  users = [await signIn(house.url, 'Ann'), await signIn(house.url, 'Ben'), await signIn(house.url, 'Cy')];
});
afterAll(() => house.close());

/** Fields that are not amounts a bidder chose: times, counters, and the engine's own minimum. */
const NOT_AMOUNTS = new Set([
  'minimumNextBid',
  'startsAt',
  'endsAt',
  'at',
  'now',
  'version',
  'bidCount',
  'startingPrice',
]);

/** Every number in a JSON value except those under {@link NOT_AMOUNTS}. */
const amountsIn = (value: unknown, out: number[] = []): number[] => {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const item of value) amountsIn(item, out);
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) if (!NOT_AMOUNTS.has(key)) amountsIn(item, out);
  return out;
};

describe("no response to one user carries another user's max", () => {
  it('holds over random bidding by three users (bid answers, the auction, the list, my bids)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            who: fc.integer({ min: 0, max: 2 }),
            proxy: fc.boolean(),
            // Cents ending in 37 make a max recognizable wherever it would show.
            extraDollars: fc.integer({ min: 0, max: 40 }),
          }),
          { minLength: 2, maxLength: 8 },
        ),
        async (steps) => {
          const created = await request(house.url, 'POST', '/api/auctions', {
            cookie: seller.cookie,
            body: { title: 'Property lot', startingPrice: 1000, durationMs: 3_600_000 },
          });
          const auctionId = created.body.auctionId as string;
          const maxes: number[][] = [[], [], []];
          const received: TestAnswer[][] = [[], [], []];
          const lastOffers: ({ maxAmount: number } | { amount: number } | undefined)[] = [];
          for (const step of steps) {
            const user = users[step.who] as TestUser;
            const current = (
              await request(house.url, 'GET', `/api/auctions/${auctionId}`, { cookie: user.cookie })
            ).body;
            received[step.who]?.push({ ...current, body: current } as TestAnswer);
            const amount = (current.view.minimumNextBid as number) + step.extraDollars * 100 + 37;
            const body = step.proxy ? { maxAmount: amount } : { amount };
            const answer = await request(house.url, 'POST', `/api/auctions/${auctionId}/bids`, {
              cookie: user.cookie,
              body,
            });
            received[step.who]?.push(answer);
            if (answer.status === 200 && step.proxy) maxes[step.who]?.push(amount);
            if (answer.status === 200) lastOffers[step.who] = body;
          }
          for (let who = 0; who < 3; who++) {
            const user = users[who] as TestUser;
            for (const path of [`/api/auctions/${auctionId}`, '/api/auctions', '/api/me/bids']) {
              const answer = await request(house.url, 'GET', path, { cookie: user.cookie });
              // Only this auction's part: other runs' auctions have prices of their own.
              const mine = (list: { auctionId: string }[] | undefined) =>
                list?.filter((entry) => entry.auctionId === auctionId);
              const body = {
                ...answer.body,
                auctions: mine(answer.body.auctions),
                bids: mine(answer.body.bids),
              };
              received[who]?.push({ ...answer, body });
            }
          }
          const price = (await request(house.url, 'GET', `/api/auctions/${auctionId}`)).body.view
            .price as number;
          for (let who = 0; who < 3; who++) {
            const others = maxes
              .flatMap((list, owner) => (owner === who ? [] : list))
              .filter((max) => max > price);
            const seen = new Set(received[who]?.flatMap((answer) => amountsIn(answer.body)));
            for (const max of others)
              expect(seen.has(max), `user ${who} saw another's max ${max} (price ${price})`).toBe(false);
          }
          // Each owner does see their own current offer, max included, in "my bids" (the check above can see one).
          for (let who = 0; who < 3; who++) {
            const offer = lastOffers[who];
            if (offer === undefined) continue;
            const own = await request(house.url, 'GET', '/api/me/bids', {
              cookie: (users[who] as TestUser).cookie,
            });
            expect(
              own.body.bids.find((entry: { auctionId: string }) => entry.auctionId === auctionId),
            ).toMatchObject(offer);
          }
        },
      ),
      { numRuns: 20, interruptAfterTimeLimit: 40_000 },
    );
  }, 60_000);
});
