import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config/limits';
import { request, signIn } from './apiClient';
import { startTestHouse } from './testHouse';

const expectRateLimited = (answer: { status: number; body: unknown; headers: Headers }, pattern: RegExp) => {
  expect(answer.status).toBe(429);
  expect(answer.body).toMatchObject({
    ok: false,
    code: 'RATE_LIMITED',
    message: expect.stringMatching(pattern),
  });
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
};

const signInAs = (base: string, name: string, headers: Record<string, string> = {}) =>
  request(base, 'POST', '/api/session', { body: { name }, headers });

describe('sign-ins per client address (GAVEL_SIGNIN_PER_MINUTE)', () => {
  it('has the contract default: 30 a minute', () => {
    expect(DEFAULT_LIMITS.signInsPerMinute).toBe(30);
  });

  it('takes 30 sign-ins from one address in a minute, answers the 31st 429 RATE_LIMITED, and nothing is set', async () => {
    const house = await startTestHouse({ limits: { signInsPerMinute: 30 } });
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          // Without a trusted proxy, X-Forwarded-For is not the address: these are one client.
          signInAs(house.url, `User ${i}`, { 'x-forwarded-for': `198.51.100.${i}` }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(200));
      const refused = await signInAs(house.url, 'One too many');
      expectRateLimited(refused, /sign-ins .* at most 30 a minute/);
      expect(refused.headers.get('set-cookie')).toBeNull();
      // A refused sign-in is no sign-in: the users who got in are still in.
      const first = answers[0]?.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect((await request(house.url, 'GET', '/api/session', { cookie: first })).status).toBe(200);
    } finally {
      await house.close();
    }
  });

  it('counts per client address as a trusted proxy reports it (GAVEL_TRUST_PROXY)', async () => {
    const house = await startTestHouse({ limits: { signInsPerMinute: 3 }, trustProxy: '127.0.0.1' });
    try {
      const from = (address: string) => ({ 'x-forwarded-for': address });
      for (let i = 0; i < 3; i++)
        expect((await signInAs(house.url, `A${i}`, from('203.0.113.1'))).status).toBe(200);
      expectRateLimited(await signInAs(house.url, 'A3', from('203.0.113.1')), /at most 3 a minute/);
      expect((await signInAs(house.url, 'B0', from('203.0.113.2'))).status).toBe(200);
    } finally {
      await house.close();
    }
  });
});

describe('auctions created per user and per address (GAVEL_AUCTIONS_PER_HOUR)', () => {
  const create = (base: string, cookie: string, title: string) =>
    request(base, 'POST', '/api/auctions', {
      cookie,
      body: { title, startingPrice: 100, durationMs: 600_000 },
    });

  it('has the contract default: 30 an hour per user; 300 an hour per address', () => {
    expect(DEFAULT_LIMITS.auctionsPerHour).toBe(30);
    expect(DEFAULT_LIMITS.auctionsPerHourPerAddress).toBe(300);
  });

  it('answers 429 past the per-user count, then past the per-address count whoever signs', async () => {
    const house = await startTestHouse({ limits: { auctionsPerHour: 3, auctionsPerHourPerAddress: 5 } });
    try {
      const ann = await signIn(house.url, 'Ann');
      const ben = await signIn(house.url, 'Ben');
      // Requests without a session are refused before they are counted.
      for (let i = 0; i < 10; i++)
        expect((await request(house.url, 'POST', '/api/auctions', { body: { title: 'x' } })).status).toBe(
          401,
        );
      for (let i = 0; i < 3; i++) expect((await create(house.url, ann.cookie, `Ann ${i}`)).status).toBe(201);
      expectRateLimited(await create(house.url, ann.cookie, 'Ann 3'), /per user: at most 3 an hour/);
      // Ben has his own count: two more make five from this address; the sixth is refused.
      for (let i = 0; i < 2; i++) expect((await create(house.url, ben.cookie, `Ben ${i}`)).status).toBe(201);
      expectRateLimited(await create(house.url, ben.cookie, 'Ben 2'), /from one address: at most 5 an hour/);
      const listed = (await request(house.url, 'GET', '/api/auctions')).body.auctions as unknown[];
      expect(listed).toHaveLength(5);
    } finally {
      await house.close();
    }
  });
});

describe('bids', () => {
  it('still allow at least 20 bids a second per user by default, with no per-address limit below 1 000 a second', async () => {
    expect(DEFAULT_LIMITS.bidsPerSecond).toBeGreaterThanOrEqual(20);
    const house = await startTestHouse();
    try {
      const seller = await signIn(house.url, 'Seller');
      const created = await request(house.url, 'POST', '/api/auctions', {
        cookie: seller.cookie,
        body: { title: 'Busy', startingPrice: 100, durationMs: 600_000 },
      });
      const users = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(house.url, `Bidder ${i}`)));
      // 30 users × 20 bids within a second from one address: none is limited.
      const answers = await Promise.all(
        users.flatMap((user) =>
          Array.from({ length: 20 }, () =>
            request(house.url, 'POST', `/api/auctions/${created.body.auctionId}/bids`, {
              cookie: user.cookie,
              body: { amount: 1 },
            }),
          ),
        ),
      );
      expect(answers.filter((answer) => answer.status === 429)).toEqual([]);
    } finally {
      await house.close();
    }
  });
});
