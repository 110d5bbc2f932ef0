import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signIn, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

const DAY = 86_400_000;
/** The house's clock stands still at this moment, so that a bound is exact to the millisecond. */
const NOW = Date.now();

let house: TestHouse;
let seller: TestUser;

beforeAll(async () => {
  house = await startTestHouse({ clock: () => NOW });
  seller = await signIn(house.url, 'Seller');
});
afterAll(() => house.close());

const create = (body: Record<string, unknown>) =>
  request(house.url, 'POST', '/api/auctions', {
    cookie: seller.cookie,
    body: { title: 'Lot', startingPrice: 100, ...body },
  });

const expectRefused = async (body: Record<string, unknown>, field: string) => {
  const answer = await create(body);
  expect(answer.status, JSON.stringify(body)).toBe(400);
  expect(answer.body).toMatchObject({
    ok: false,
    code: 'INVALID_REQUEST',
    field,
    message: expect.any(String),
  });
};

describe('POST /api/auctions: endsAt within 90 days, as durationMs', () => {
  it('refuses endsAt 8.64e15, 91 days ahead, now and the past, naming endsAt', async () => {
    for (const endsAt of [8.64e15, NOW + 91 * DAY, NOW + 90 * DAY + 1, NOW, NOW - 1000])
      await expectRefused({ endsAt }, 'endsAt');
  });

  it('accepts endsAt up to exactly 90 days ahead, and records that end', async () => {
    const answer = await create({ endsAt: NOW + 90 * DAY });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.view.endsAt).toBe(NOW + 90 * DAY);
    expect((await create({ endsAt: NOW + 1 })).status).toBe(201);
  });

  it('refuses durationMs above 90 days and softClose.maxEndsAt beyond 90 days', async () => {
    await expectRefused({ durationMs: 90 * DAY + 1 }, 'durationMs');
    expect((await create({ durationMs: 90 * DAY })).status).toBe(201);
    await expectRefused(
      { durationMs: DAY, softClose: { windowMs: 60_000, extendMs: 60_000, maxEndsAt: NOW + 91 * DAY } },
      'softClose.maxEndsAt',
    );
  });

  it('answers any endsAt: 201 exactly when now < endsAt <= now + 90 days, otherwise 400 naming endsAt', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: -DAY, max: 100 * DAY }).map((ahead) => NOW + ahead),
          fc.integer({ min: -2, max: 2 }).map((ahead) => NOW + ahead),
          fc.integer({ min: -2, max: 2 }).map((ahead) => NOW + 90 * DAY + ahead),
          fc.constantFrom(0, 8.64e15, Number.MAX_SAFE_INTEGER),
        ),
        async (endsAt) => {
          const answer = await create({ endsAt });
          const inBounds = endsAt > NOW && endsAt <= NOW + 90 * DAY;
          expect(answer.status, String(endsAt)).toBe(inBounds ? 201 : 400);
          if (!inBounds) expect(answer.body.field).toBe('endsAt');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('POST /api/auctions: currency', () => {
  it('refuses XXX, BTC and codes the runtime does not know, naming currency', async () => {
    for (const currency of ['XXX', 'BTC', 'ABC', 'usd'])
      await expectRefused({ durationMs: DAY, currency }, 'currency');
  });

  it('accepts EUR, JPY and USD, and the view carries it', async () => {
    for (const currency of ['EUR', 'JPY', 'USD']) {
      const answer = await create({ durationMs: DAY, currency });
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.view.currency).toBe(currency);
    }
  });
});
