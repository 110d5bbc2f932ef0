import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signIn, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

let house: TestHouse;
let user: TestUser;
let auctionId: string;

beforeAll(async () => {
  house = await startTestHouse({ limits: { bidsPerSecond: 10_000 } });
  user = await signIn(house.url, 'Fuzzy');
  const seller = await signIn(house.url, 'Seller');
  const created = await request(house.url, 'POST', '/api/auctions', {
    cookie: seller.cookie,
    body: { title: 'Fuzzed lot', startingPrice: 100, durationMs: 3_600_000, buyNowPrice: 1e9 },
  });
  auctionId = created.body.auctionId;
});
afterAll(() => house.close());

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));

const idArbitrary = () =>
  fc.oneof(
    fc.constant('AUCTION'),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
    printable(30).map((text) => text.replace(/[/?#\\]/g, '')),
    fc.constantFrom('%00', '%ff', '%', '..', '%2e%2e', 'x'.repeat(200), '%F0%9F%92%A9', '%ED%A0%80'),
  );

const pathArbitrary = fc.oneof(
  idArbitrary().map((id) => `/api/auctions/${id}/bids`),
  idArbitrary().map((id) => `/api/auctions/${id}/buy-now`),
  idArbitrary().map((id) => `/api/auctions/${id}`),
  fc.constantFrom(
    '/api/session',
    '/api/auctions',
    '/api/me/bids',
    '/',
    '/feed',
    '/assets/app.js',
    '/assets/../package.json',
  ),
  fc.webPath(),
  printable(60).map((text) => `/api/${text.replace(/[#?\\]/g, '')}`),
  fc
    .tuple(fc.constantFrom('/api/auctions', '/api/me/bids'), printable(40))
    .map(([path, query]) => `${path}?${encodeURI(query)}`),
);

const jsonField = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e21, Number.MAX_SAFE_INTEGER + 2, 125.5, '12550', null, true, [], {}),
  fc.string({ maxLength: 30 }),
);

const bodyArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        name: jsonField,
        title: jsonField,
        amount: jsonField,
        maxAmount: jsonField,
        bidId: jsonField,
        startingPrice: jsonField,
        durationMs: jsonField,
        endsAt: jsonField,
        softClose: jsonField,
        currency: jsonField,
        __proto__: jsonField,
        constructor: jsonField,
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{',
    '\u0000',
    '[]',
    'null',
  ),
);

const contentTypeArbitrary = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'application/json-patch+json',
      'APPLICATION/JSON',
    ),
    printable(40),
  ),
  { nil: undefined },
);

const cookieArbitrary = fc.option(
  fc.oneof(
    fc.constant('USER'),
    printable(80).map((text) => `gavel_session=${text.replace(/[;,]/g, '')}`),
    printable(60),
  ),
  { nil: undefined },
);

describe('fuzzed requests', () => {
  it('never get a 5xx, always get the error body shape, and the server keeps serving honest users', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        pathArbitrary,
        bodyArbitrary,
        contentTypeArbitrary,
        cookieArbitrary,
        async (method, path, body, contentType, cookie) => {
          const headers: Record<string, string> = {};
          if (contentType !== undefined) headers['content-type'] = contentType;
          if (cookie !== undefined) headers.cookie = cookie === 'USER' ? user.cookie : cookie;
          const target = house.url + path.replace('AUCTION', auctionId);
          let response: Response;
          try {
            new URL(target);
            response = await fetch(target, {
              method,
              headers,
              ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body }),
            });
          } catch (error) {
            // The client refused to send it (an invalid header value): nothing reached the server.
            if (error instanceof TypeError && !String(error.cause ?? '').includes('ECONN')) return;
            throw error;
          }
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(
            response.status,
            `${method} ${path} ${contentType} ${body?.slice(0, 80)} → ${text.slice(0, 200)}`,
          ).toBeLessThan(500);
          if (response.status >= 400 && method !== 'HEAD') {
            const parsed = JSON.parse(text);
            expect(parsed).toMatchObject({
              ok: false,
              code: expect.any(String),
              message: expect.any(String),
            });
          }
        },
      ),
      { numRuns: 400, interruptAfterTimeLimit: 40_000 },
    );
    // Bad requests were answered, not dropped: several kinds of 4xx were seen.
    expect([...statuses.keys()].filter((status) => status >= 400).length).toBeGreaterThanOrEqual(4);
    // The server is still up, and an honest bid still goes through.
    expect((await request(house.url, 'GET', '/api/auctions')).status).toBe(200);
    const honest = await signIn(house.url, 'Honest');
    const seller = await signIn(house.url, 'Seller after the fuzz');
    const fresh = await request(house.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'After the fuzz', startingPrice: 100, durationMs: 60_000 },
    });
    expect(fresh.status).toBe(201);
    const answer = await request(house.url, 'POST', `/api/auctions/${fresh.body.auctionId}/bids`, {
      cookie: honest.cookie,
      body: { maxAmount: 5000 },
    });
    expect(answer.status, answer.text).toBe(200);
  }, 60_000);
});
