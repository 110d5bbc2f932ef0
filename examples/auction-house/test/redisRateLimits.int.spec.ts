import { randomBytes } from 'node:crypto';
import { getInMemoryEventStore } from '@gavel/core';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuctionHouse } from '../src/server/createAuctionHouse';
import { request } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

/** The Redis these tests share the counters in: `GAVEL_TEST_REDIS`, default the one on this machine. */
const REDIS_URL = process.env.GAVEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';
/** Keys of this run only, removed afterwards. */
const PREFIX = `gavel-test-${randomBytes(6).toString('hex')}-`;
const LIMIT = 10;

let redis: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `These tests need Redis at ${REDIS_URL} (set GAVEL_TEST_REDIS to use another): ${String(error)}`,
    );
  }
});

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** A sign-in from `address` as a trusted proxy reports it (no header: from the TCP peer). */
const signInAs = (base: string, name: string, address?: string) =>
  request(base, 'POST', '/api/session', {
    body: { name },
    headers: address === undefined ? {} : { 'x-forwarded-for': address },
  });

describe('rate limits shared in Redis (GAVEL_REDIS)', () => {
  let a: TestHouse;
  let b: TestHouse;
  beforeAll(async () => {
    const store = getInMemoryEventStore();
    const options = {
      store,
      keepStoreOpen: true,
      redisUrl: REDIS_URL,
      redisKeyPrefix: PREFIX,
      limits: { signInsPerMinute: LIMIT, auctionsPerHour: 2 },
      trustProxy: '127.0.0.1',
    };
    a = await startTestHouse(options);
    b = await startTestHouse(options);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('two instances on one Redis count the sign-ins of an address together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push((await signInAs(i % 2 === 0 ? a.url : b.url, `User ${i}`, '203.0.113.7')).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    const refused = await signInAs(b.url, 'Late', '203.0.113.7');
    expect(refused.body).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await redis.keys(`${PREFIX}*`)).not.toEqual([]);
  });

  it('and the auctions one user creates, whichever instance takes them', async () => {
    const signedIn = await signInAs(a.url, 'Seller', '203.0.113.8');
    const seller = { cookie: signedIn.headers.get('set-cookie')?.split(';')[0] ?? '' };
    const create = (base: string) =>
      request(base, 'POST', '/api/auctions', {
        cookie: seller.cookie,
        body: { title: 'Lot', startingPrice: 100, durationMs: 600_000 },
      });
    expect((await create(a.url)).status).toBe(201);
    expect((await create(b.url)).status).toBe(201);
    expect((await create(a.url)).body).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });
});

describe('rate limits without Redis', () => {
  it('each instance counts alone: two instances take twice the limit from one address', async () => {
    const store = getInMemoryEventStore();
    const options = { store, keepStoreOpen: true, limits: { signInsPerMinute: LIMIT } };
    const a = await startTestHouse(options);
    const b = await startTestHouse(options);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 2 * LIMIT + 1; i++)
        statuses.push((await signInAs(i % 2 === 0 ? a.url : b.url, `User ${i}`)).status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(2 * LIMIT);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('an unreachable Redis', () => {
  it('fails the start-up at once with a message naming GAVEL_REDIS, the address (no password) and the cause', async () => {
    const started = Date.now();
    const error = await createAuctionHouse({
      store: getInMemoryEventStore(),
      secret: 's',
      logger: pino({ level: 'silent' }),
      redisUrl: 'redis://:hunter2@127.0.0.1:1',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^GAVEL_REDIS: cannot reach redis:\/\/:\*\*\*@127\.0\.0\.1:1\/?: connect ECONNREFUSED/,
    );
    expect((error as Error).message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
