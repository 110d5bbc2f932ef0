import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RejectionCode } from '@gavel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusOfCode } from '../src/http/errorTable';
import { request, signIn, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

let house: TestHouse;
let base: string;
let seller: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  house = await startTestHouse();
  base = house.url;
  seller = await signIn(base, 'Sam the seller');
  alice = await signIn(base, 'Alice');
  bob = await signIn(base, 'Bob');
});
afterAll(() => house.close());

const open = async (body: Record<string, unknown> = {}, who: TestUser = seller): Promise<string> => {
  const answer = await request(base, 'POST', '/api/auctions', {
    cookie: who.cookie,
    body: { title: 'A lamp', startingPrice: 1000, durationMs: 600_000, ...body },
  });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.auctionId as string;
};
const bid = (who: TestUser, auctionId: string, body: Record<string, unknown>) =>
  request(base, 'POST', `/api/auctions/${auctionId}/bids`, { cookie: who.cookie, body });

const expectError = (
  answer: { status: number; body: unknown },
  status: number,
  code: string,
  field?: string,
) => {
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ ok: false, code, message: expect.any(String) });
  if (field !== undefined) expect(answer.body).toMatchObject({ field });
};

/**
 * A secret amount is in no value of a JSON answer: not as a number (minor units), nor in a formatted
 * string. Values, not text: a timestamp or an id may hold the same digits by chance.
 */
const expectAmountNowhere = (json: string, minorUnits: number, formatted: string) => {
  const values: unknown[] = [];
  JSON.parse(json, (_, value: unknown) => {
    values.push(value);
    return value;
  });
  expect(values).not.toContain(minorUnits);
  expect(values.filter((value) => typeof value === 'string' && value.includes(formatted))).toEqual([]);
};

describe('POST /api/session', () => {
  it('answers the user and sets a signed HttpOnly SameSite cookie', async () => {
    const answer = await request(base, 'POST', '/api/session', { body: { name: '  Zoë  ' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ userId: expect.stringMatching(/^u_[\w-]{16}$/), name: 'Zoë' });
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gavel_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const who = await request(base, 'GET', '/api/session', { cookie: cookie.split(';')[0] });
    expect(who.body).toEqual(answer.body);
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(41) }, 'name'],
    [{ name: 'bell\u0007' }, 'name'],
    [{ name: 'lone \ud800' }, 'name'],
    [{ name: 42 }, 'name'],
    [{ name: 'Al', userId: 'u_admin' }, 'userId'],
  ])('answers 400 INVALID_REQUEST naming the field for %j', async (body, field) => {
    expectError(await request(base, 'POST', '/api/session', { body }), 400, 'INVALID_REQUEST', field);
  });

  it('answers 400 for malformed JSON and for a body that is not an object', async () => {
    const headers = { 'content-type': 'application/json' };
    expectError(
      await request(base, 'POST', '/api/session', { rawBody: '{"name":', headers }),
      400,
      'INVALID_REQUEST',
    );
    expectError(
      await request(base, 'POST', '/api/session', { rawBody: '[1,2]', headers }),
      400,
      'INVALID_REQUEST',
    );
    expectError(
      await request(base, 'POST', '/api/session', { rawBody: 'null', headers }),
      400,
      'INVALID_REQUEST',
    );
  });

  it('answers 415 for a body that is not application/json (a cross-site form)', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await request(base, 'POST', '/api/session', {
        rawBody: 'name=Mallory',
        headers: { 'content-type': type },
      });
      expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    expectError(
      await request(base, 'POST', '/api/session', { rawBody: '{"name":"M"}' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('answers 413 for a body over 64 KiB', async () => {
    const answer = await request(base, 'POST', '/api/session', { body: { name: 'x'.repeat(70_000) } });
    expectError(answer, 413, 'BODY_TOO_LARGE');
  });
});

describe('sessions', () => {
  it('answers 401 UNAUTHENTICATED without a session on every route that needs one', async () => {
    const id = await open();
    for (const [method, path, body] of [
      ['POST', '/api/auctions', { title: 'x', startingPrice: 100, durationMs: 60_000 }],
      ['POST', `/api/auctions/${id}/bids`, { amount: 1000 }],
      ['POST', `/api/auctions/${id}/buy-now`, {}],
      ['POST', `/api/auctions/${id}/retract`, { reason: 'typo' }],
      ['GET', '/api/me/bids', undefined],
      ['GET', '/api/session', undefined],
    ] as const)
      expectError(
        await request(base, method, path, body === undefined ? {} : { body }),
        401,
        'UNAUTHENTICATED',
      );
  });

  it('refuses a forged or tampered cookie, and one signed with another secret', async () => {
    const id = await open();
    const [name, value] = alice.cookie.split('=') as [string, string];
    expect(value).toContain(alice.userId);
    const tampered = `${name}=${value.replace(alice.userId, bob.userId)}`;
    expectError(await bid({ ...alice, cookie: tampered }, id, { amount: 1000 }), 401, 'UNAUTHENTICATED');
    expectError(
      await bid({ ...alice, cookie: `${name}=${bob.userId}.Qm9i` }, id, { amount: 1000 }),
      401,
      'UNAUTHENTICATED',
    );
    const other = await startTestHouse({ store: house.store, secret: 'another-secret', keepStoreOpen: true });
    try {
      const answer = await request(other.url, 'POST', `/api/auctions/${id}/bids`, {
        cookie: alice.cookie,
        body: { amount: 1000 },
      });
      expectError(answer, 401, 'UNAUTHENTICATED');
    } finally {
      await other.close();
    }
  });

  it('is accepted by a second instance with the same secret', async () => {
    const id = await open();
    const twin = await startTestHouse({ store: house.store, secret: 'test-secret', keepStoreOpen: true });
    try {
      const answer = await request(twin.url, 'POST', `/api/auctions/${id}/bids`, {
        cookie: alice.cookie,
        body: { amount: 1000 },
      });
      expect(answer.status, answer.text).toBe(200);
      const view = await request(base, 'GET', `/api/auctions/${id}`, { cookie: alice.cookie });
      expect(view.body.you.leading).toBe(true);
    } finally {
      await twin.close();
    }
  });
});

describe('POST /api/auctions', () => {
  it('answers 201 with the id and the view; the seller is the session user', async () => {
    const answer = await request(base, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: {
        title: 'Clock',
        startingPrice: 2500,
        endsAt: Date.now() + 60_000,
        reservePrice: 5000,
        buyNowPrice: 9000,
        currency: 'USD',
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      auctionId: expect.any(String),
      view: {
        status: 'open',
        currency: 'USD',
        price: null,
        minimumNextBid: 2500,
        reserveMet: false,
        buyNowPrice: 9000,
      },
    });
    expectAmountNowhere(answer.text, 5000, '50.00'); // the reserve amount stays secret
    expectError(await bid(seller, answer.body.auctionId, { amount: 2500 }), 403, 'SELLER_CANNOT_BID');
  });

  it.each([
    [{ title: 'x', startingPrice: 100 }, 'durationMs'],
    [{ title: 'x', startingPrice: 100, durationMs: 60_000, endsAt: Date.now() + 60_000 }, 'durationMs'],
    [{ title: '', startingPrice: 100, durationMs: 60_000 }, 'title'],
    [{ title: 'x', startingPrice: 1.5, durationMs: 60_000 }, 'startingPrice'],
    [{ title: 'x', startingPrice: -1, durationMs: 60_000 }, 'startingPrice'],
    [{ title: 'x', startingPrice: '100', durationMs: 60_000 }, 'startingPrice'],
    [{ title: 'x', startingPrice: 100, durationMs: 60_000, currency: 'usd' }, 'currency'],
    [{ title: 'x', startingPrice: 100, endsAt: Date.now() - 1000 }, 'endsAt'],
    [
      { title: 'x', startingPrice: 100, durationMs: 60_000, softClose: { windowMs: 0, extendMs: 1 } },
      'softClose.windowMs',
    ],
    [
      { title: 'x', startingPrice: 100, durationMs: 60_000, softClose: { windowMs: 1, extendMs: 1, x: 1 } },
      'softClose.x',
    ],
    [{ title: 'x', startingPrice: 100, durationMs: 60_000, sellerId: 'u_AAAAAAAAAAAAAAAA' }, 'sellerId'],
  ])('answers 400 INVALID_REQUEST for %j naming %s', async (body, field) => {
    expectError(
      await request(base, 'POST', '/api/auctions', { cookie: seller.cookie, body }),
      400,
      'INVALID_REQUEST',
      field,
    );
  });

  it("answers the engine's INVALID_COMMAND with 400 (a buy-now price below the starting price)", async () => {
    const answer = await request(base, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'x', startingPrice: 1000, buyNowPrice: 500, durationMs: 60_000 },
    });
    expectError(answer, 400, 'INVALID_COMMAND', 'buyNowPrice');
  });
});

describe('GET /api/auctions and /api/auctions/:id', () => {
  it('lists open and closed auctions, ending soonest first, with their titles', async () => {
    const late = await open({ title: 'Late', durationMs: 3_600_000 });
    const soon = await open({ title: 'Soon', durationMs: 120_000 });
    const bought = await open({ title: 'Bought', buyNowPrice: 5000 });
    expect(
      (await request(base, 'POST', `/api/auctions/${bought}/buy-now`, { cookie: bob.cookie })).status,
    ).toBe(200);
    await expect
      .poll(async () =>
        (await request(base, 'GET', '/api/auctions?status=closed&limit=100')).body.auctions.map(
          (a: { auctionId: string }) => a.auctionId,
        ),
      )
      .toContain(bought);
    const openList = (await request(base, 'GET', '/api/auctions?status=open&limit=100')).body.auctions as {
      auctionId: string;
      title: string;
      view: { endsAt: number; status: string };
    }[];
    const ids = openList.map((auction) => auction.auctionId);
    expect(ids).toContain(late);
    expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(late));
    expect(ids).not.toContain(bought);
    expect(openList.find((auction) => auction.auctionId === soon)?.title).toBe('Soon');
    const ends = openList.map((auction) => auction.view.endsAt);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(openList.every((auction) => auction.view.status === 'open')).toBe(true);
    const all = (await request(base, 'GET', '/api/auctions?limit=100')).body.auctions.map(
      (a: { auctionId: string }) => a.auctionId,
    );
    expect(all).toEqual(expect.arrayContaining([late, soon, bought]));
    expectError(await request(base, 'GET', '/api/auctions?status=sold'), 400, 'INVALID_REQUEST', 'status');
  });

  it('answers one auction with its masked view and public history, and 404 for an unknown one', async () => {
    const id = await open();
    await bid(alice, id, { maxAmount: 4000 });
    await bid(bob, id, { amount: 2000 });
    const answer = await request(base, 'GET', `/api/auctions/${id}`, { cookie: bob.cookie });
    expect(answer.status).toBe(200);
    const { view, history, you } = answer.body;
    expect(view).toMatchObject({
      price: 2050,
      bidCount: 2,
      leaderId: expect.stringMatching(/^[a-z2-7]{8}$/),
    });
    expect(view.leaderId).not.toBe(alice.userId);
    expect(history).toEqual([
      expect.objectContaining({
        version: 2,
        kind: 'bid',
        price: 1000,
        bidder: view.leaderId,
        automatic: false,
      }),
      expect.objectContaining({
        version: 3,
        kind: 'bid',
        price: 2050,
        bidder: view.leaderId,
        automatic: true,
      }),
    ]);
    expect(you).toMatchObject({ leading: false, offer: { amount: 2000 } });
    expect(you.bidderId).not.toBe(view.leaderId);
    expect(answer.text).not.toContain(alice.userId);
    expectAmountNowhere(answer.text, 4000, '40.00');
    expectError(await request(base, 'GET', '/api/auctions/nope'), 404, 'AUCTION_NOT_FOUND');
    expectError(await request(base, 'GET', `/api/auctions/${'x'.repeat(300)}`), 404, 'AUCTION_NOT_FOUND');
    expectError(await request(base, 'GET', '/api/auctions/%00'), 404, 'AUCTION_NOT_FOUND');
  });

  it('answers unknown routes with 404 NOT_FOUND and the page with the security headers', async () => {
    expectError(await request(base, 'GET', '/api/nothing'), 404, 'NOT_FOUND');
    const page = await request(base, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('POST /api/auctions/:id/bids', () => {
  it('takes straight bids and maxes, and maps each rule to its status', async () => {
    const id = await open();
    expect((await bid(alice, id, { maxAmount: 3000 })).body).toMatchObject({
      ok: true,
      leading: true,
      view: { price: 1000 },
    });
    expectError(await bid(alice, id, { amount: 5000 }), 409, 'ALREADY_LEADING');
    expectError(await bid(alice, id, { maxAmount: 2000 }), 409, 'MAX_NOT_RAISED');
    expectError(await bid(bob, id, { amount: 1000 }), 409, 'BID_TOO_LOW');
    const outbid = await bid(bob, id, { amount: 2000 });
    expect(outbid.body).toMatchObject({ ok: true, leading: false, view: { price: 2050 } });
    expectError(await bid(seller, id, { amount: 9000 }), 403, 'SELLER_CANNOT_BID');
    expectError(await bid(bob, 'missing', { amount: 9000 }), 404, 'AUCTION_NOT_FOUND');
    expectError(await bid(bob, id, { amount: 1e13 }), 400, 'INVALID_COMMAND');
  });

  it.each([
    [{}, 'amount'],
    [{ amount: 100, maxAmount: 200 }, 'amount'],
    [{ amount: '100' }, 'amount'],
    [{ amount: 10.5 }, 'amount'],
    [{ amount: 0 }, 'amount'],
    [{ maxAmount: -5 }, 'maxAmount'],
    [{ amount: 100, bidderId: 'u_someoneelse' }, 'bidderId'],
    [{ amount: 100, bidId: 'has space' }, 'bidId'],
  ])('answers 400 INVALID_REQUEST for %j naming %s', async (body, field) => {
    const id = await open();
    expectError(await bid(alice, id, body), 400, 'INVALID_REQUEST', field);
  });

  it('answers a retry with the same bidId with the first outcome; two users with one bidId are two bids', async () => {
    const id = await open();
    const first = await bid(alice, id, { amount: 1000, bidId: 'click-1' });
    const again = await bid(alice, id, { amount: 1000, bidId: 'click-1' });
    expect(first.body).toMatchObject({ ok: true, view: { bidCount: 1 } });
    expect(again.body).toMatchObject({ ok: true, duplicate: true, view: { bidCount: 1 } });
    const other = await bid(bob, id, { amount: 1500, bidId: 'click-1' });
    expect(other.body).toMatchObject({ ok: true, leading: true, view: { bidCount: 2, price: 1500 } });
  });

  it('answers AUCTION_ENDED or AUCTION_CLOSED with 409 once the end has passed, and the closer closes it', async () => {
    const id = await open({ durationMs: 1000 });
    await bid(alice, id, { amount: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const late = await bid(bob, id, { amount: 5000 });
    expect(late.status).toBe(409);
    expect(['AUCTION_ENDED', 'AUCTION_CLOSED']).toContain(late.body.code);
    await expect
      .poll(async () => (await request(base, 'GET', `/api/auctions/${id}`)).body.view.status, {
        timeout: 10_000,
      })
      .toBe('closed');
    expectError(await bid(bob, id, { amount: 5000 }), 409, 'AUCTION_CLOSED');
    const final = await request(base, 'GET', `/api/auctions/${id}`);
    expect(final.body.view.outcome).toMatchObject({
      outcome: 'sold',
      price: 1000,
      winnerId: final.body.history[0].bidder,
    });
  });

  it('allows 20 bids a second per user, and answers 429 RATE_LIMITED past the per-user limit', async () => {
    const limited = await startTestHouse({ limits: { bidsPerSecond: 25 } });
    try {
      const user = await signIn(limited.url, 'Quick');
      const id = 'nowhere';
      const burst = await Promise.all(
        Array.from({ length: 20 }, () =>
          request(limited.url, 'POST', `/api/auctions/${id}/bids`, {
            cookie: user.cookie,
            body: { amount: 100 },
          }),
        ),
      );
      expect(burst.map((answer) => answer.status)).toEqual(Array(20).fill(404));
      const flood = await Promise.all(
        Array.from({ length: 30 }, () =>
          request(limited.url, 'POST', `/api/auctions/${id}/bids`, {
            cookie: user.cookie,
            body: { amount: 100 },
          }),
        ),
      );
      const limitedAnswer = flood.find((answer) => answer.status === 429);
      expect(limitedAnswer).toBeDefined();
      expectError(limitedAnswer as { status: number; body: unknown }, 429, 'RATE_LIMITED');
      // Another user is not slowed by the first one's flood.
      const calm = await signIn(limited.url, 'Calm');
      expect(
        (
          await request(limited.url, 'POST', `/api/auctions/${id}/bids`, {
            cookie: calm.cookie,
            body: { amount: 100 },
          })
        ).status,
      ).toBe(404);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /api/auctions/:id/buy-now', () => {
  it('sells at the buy-it-now price, then answers 409 BUY_NOW_UNAVAILABLE', async () => {
    const id = await open({ buyNowPrice: 7500 });
    expectError(
      await request(base, 'POST', `/api/auctions/${id}/buy-now`, { cookie: seller.cookie }),
      403,
      'SELLER_CANNOT_BID',
    );
    const bought = await request(base, 'POST', `/api/auctions/${id}/buy-now`, {
      cookie: alice.cookie,
      body: {},
    });
    expect(bought.status).toBe(200);
    expect(bought.body.view).toMatchObject({
      status: 'closed',
      outcome: { outcome: 'sold', price: 7500, reason: 'buy-now' },
    });
    const again = await request(base, 'POST', `/api/auctions/${id}/buy-now`, { cookie: bob.cookie });
    expect(again.status).toBe(409);
    const plain = await open();
    expectError(
      await request(base, 'POST', `/api/auctions/${plain}/buy-now`, { cookie: bob.cookie }),
      409,
      'BUY_NOW_UNAVAILABLE',
    );
    expectError(
      await request(base, 'POST', `/api/auctions/${plain}/buy-now`, {
        cookie: bob.cookie,
        body: { price: 1 },
      }),
      400,
      'INVALID_REQUEST',
      'price',
    );
  });
});

describe('GET /api/me/bids', () => {
  it("answers the user's own offers with their own maxes, and nobody else's", async () => {
    const id = await open();
    await bid(alice, id, { maxAmount: 6137 });
    await bid(bob, id, { amount: 3000 });
    await expect
      .poll(async () =>
        (await request(base, 'GET', '/api/me/bids', { cookie: alice.cookie })).body.bids.find(
          (b: { auctionId: string }) => b.auctionId === id,
        ),
      )
      .toMatchObject({ auctionId: id, maxAmount: 6137, leading: true });
    const bobs = await request(base, 'GET', '/api/me/bids', { cookie: bob.cookie });
    expect(bobs.body.bids.find((b: { auctionId: string }) => b.auctionId === id)).toMatchObject({
      amount: 3000,
      leading: false,
    });
    expectAmountNowhere(bobs.text, 6137, '61.37'); // Alice's max
  });
});

describe('the error table', () => {
  it('gives every rejection code of the engine a 4xx status, and docs/http-api.md lists each with it', () => {
    const codes: Record<RejectionCode, true> = {
      AUCTION_NOT_FOUND: true,
      AUCTION_ALREADY_EXISTS: true,
      AUCTION_NOT_STARTED: true,
      AUCTION_ENDED: true,
      AUCTION_CLOSED: true,
      INVALID_COMMAND: true,
      SELLER_CANNOT_BID: true,
      BID_TOO_LOW: true,
      ALREADY_LEADING: true,
      MAX_NOT_RAISED: true,
      BUY_NOW_UNAVAILABLE: true,
      NOT_ENDED: true,
      CANCEL_NOT_ALLOWED: true,
      RETRACTION_NOT_ALLOWED: true,
    };
    const docs = readFileSync(fileURLToPath(new URL('../../../docs/http-api.md', import.meta.url)), 'utf8');
    for (const code of [...Object.keys(codes), 'CONFLICT_RETRY_EXHAUSTED']) {
      const status = statusOfCode[code as keyof typeof statusOfCode];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(500);
    }
    for (const [code, status] of Object.entries(statusOfCode))
      expect(docs, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
    expect(statusOfCode).toMatchObject({
      SELLER_CANNOT_BID: 403,
      AUCTION_NOT_FOUND: 404,
      BID_TOO_LOW: 409,
      AUCTION_ENDED: 409,
      AUCTION_CLOSED: 409,
    });
  });
});
