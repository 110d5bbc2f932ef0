import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signIn } from './apiClient';
import { openRawConnection, trickle } from './rawConnection';
import { startTestHouse, type TestHouse } from './testHouse';
import { watchFeed } from './watchFeed';

/** The request timeout of these tests: short, so that a slow request is cut within a test's time. */
const TIMEOUT_MS = 1000;
/** How late after the timeout a slow request may still be cut: Node checks every half timeout here. */
const GRACE_MS = 1500;

describe('a request that does not arrive in time (GAVEL_REQUEST_TIMEOUT_MS)', () => {
  let house: TestHouse;
  beforeAll(async () => {
    house = await startTestHouse({ limits: { requestTimeoutMs: TIMEOUT_MS } });
  });
  afterAll(() => house.close());

  it('a body sent a byte at a time is answered 408 REQUEST_TIMEOUT and cut within the timeout', async () => {
    const connection = await openRawConnection(house.url);
    const started = Date.now();
    connection.socket.write(
      'POST /api/session HTTP/1.1\r\nHost: gavel\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{',
    );
    void trickle(connection, Array(60).fill(' '), 200);
    const closedAt = await connection.closed;
    expect(closedAt - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(closedAt - started).toBeLessThan(TIMEOUT_MS + GRACE_MS);
    const answer = connection.received();
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/connection: close/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      ok: false,
      code: 'REQUEST_TIMEOUT',
      message: expect.any(String),
    });
  });

  it('headers sent a line at a time are cut within the timeout', async () => {
    const connection = await openRawConnection(house.url);
    const started = Date.now();
    connection.socket.write('GET /api/auctions HTTP/1.1\r\nHost: gavel\r\n');
    void trickle(
      connection,
      Array.from({ length: 60 }, (_, i) => `X-Slow-${i}: 1\r\n`),
      200,
    );
    const closedAt = await connection.closed;
    expect(closedAt - started).toBeLessThan(TIMEOUT_MS + GRACE_MS);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 [\s\S]*"code":"REQUEST_TIMEOUT"/);
  });

  it('a connection that sends nothing is closed within the timeout', async () => {
    const connection = await openRawConnection(house.url);
    const started = Date.now();
    const closedAt = await connection.closed;
    expect(closedAt - started).toBeLessThan(TIMEOUT_MS + GRACE_MS);
  });

  it('a request sent in time is answered, on a connection kept alive past the timeout', async () => {
    const connection = await openRawConnection(house.url);
    connection.socket.write('GET /api/auctions HTTP/1.1\r\nHost: gavel\r\n\r\n');
    await expect.poll(() => connection.received(), { timeout: 2000 }).toMatch(/^HTTP\/1\.1 200 /);
    connection.socket.destroy();
  });

  it('a feed (WebSocket) connection outlives the request timeout and keeps receiving', async () => {
    const seller = await signIn(house.url, 'Seller');
    const created = await request(house.url, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'Watched', startingPrice: 100, durationMs: 600_000 },
    });
    const auctionId = created.body.auctionId as string;
    const watcher = await watchFeed(house.url, []);
    let closedEarly = false;
    watcher.socket.on('close', () => {
      closedEarly = true;
    });
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
    expect(closedEarly).toBe(false);
    watcher.socket.send(JSON.stringify({ type: 'subscribe', auctionId }));
    await expect
      .poll(() => watcher.frames.some((f) => f.frame.type === 'snapshot' && f.frame.auctionId === auctionId))
      .toBe(true);
    const bidder = await signIn(house.url, 'Bidder');
    await request(house.url, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: bidder.cookie,
      body: { amount: 100 },
    });
    await expect.poll(() => watcher.frames.some((f) => f.frame.type === 'change')).toBe(true);
    expect(closedEarly).toBe(false);
    watcher.socket.close();
  }, 20_000);
});

describe('connection caps', () => {
  it('closes a connection past GAVEL_MAX_CONNECTIONS_PER_ADDRESS at once, and takes one again after another left', async () => {
    const house = await startTestHouse({ limits: { maxConnectionsPerAddress: 3 } });
    try {
      const held = await Promise.all([1, 2, 3].map(() => openRawConnection(house.url)));
      const refused = await openRawConnection(house.url);
      refused.socket.write('GET /api/auctions HTTP/1.1\r\nHost: gavel\r\n\r\n');
      await Promise.race([refused.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      expect(refused.isClosed()).toBe(true);
      expect(refused.received()).toBe('');
      for (const connection of held) expect(connection.isClosed()).toBe(false);
      const [first] = held;
      first?.socket.destroy();
      await first?.closed;
      await expect
        .poll(async () => {
          const again = await openRawConnection(house.url);
          again.socket.write('GET /api/auctions HTTP/1.1\r\nHost: gavel\r\nConnection: close\r\n\r\n');
          await again.closed;
          return again.received().slice(0, 12);
        })
        .toBe('HTTP/1.1 200');
      for (const connection of held) connection.socket.destroy();
    } finally {
      await house.close();
    }
  });

  it('counts feed connections too, and closes a connection past GAVEL_MAX_CONNECTIONS', async () => {
    const house = await startTestHouse({ limits: { maxConnections: 2 } });
    try {
      const watcher = await watchFeed(house.url, []);
      const held = await openRawConnection(house.url);
      const refused = await openRawConnection(house.url);
      refused.socket.write('GET /api/auctions HTTP/1.1\r\nHost: gavel\r\n\r\n');
      await Promise.race([refused.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      expect(refused.isClosed()).toBe(true);
      expect(refused.received()).toBe('');
      expect(held.isClosed()).toBe(false);
      watcher.socket.close();
      held.socket.destroy();
      await expect.poll(async () => (await request(house.url, 'GET', '/api/auctions')).status).toBe(200);
    } finally {
      await house.close();
    }
  });

  it('passes its feed caps to the feed: an upgrade past GAVEL_FEED_MAX_CONNECTIONS_PER_ADDRESS is answered 429', async () => {
    const house = await startTestHouse({ limits: { feedMaxConnectionsPerAddress: 1 } });
    try {
      const first = await watchFeed(house.url, []);
      const refused = await openRawConnection(house.url);
      refused.socket.write(
        'GET /feed HTTP/1.1\r\nHost: gavel\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      await expect.poll(() => refused.received()).toMatch(/^HTTP\/1\.1 429 /);
      first.socket.close();
      refused.socket.destroy();
    } finally {
      await house.close();
    }
  });
});
