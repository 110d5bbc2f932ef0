import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openStore } from '../src/config/openStore';
import { request, signIn, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

const dir = mkdtempSync(join(tmpdir(), 'gavel-notifications-'));
const houses: TestHouse[] = [];
afterAll(async () => {
  for (const house of houses) await house.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A signed-in user's feed connection, collecting the notifications it receives. */
const listen = async (url: string, user: TestUser) => {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/feed`, { headers: { cookie: user.cookie } });
  const received: { kind: string; userId: string; auctionId: string }[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === 'notification') received.push(frame.notification);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, received };
};

const kinds = (list: readonly { kind: string; auctionId: string }[], auctionId: string) =>
  list.filter((n) => n.auctionId === auctionId).map((n) => n.kind);

const stored = async (url: string, user: TestUser) =>
  (await request(url, 'GET', '/api/me/notifications', { cookie: user.cookie })).body.notifications as {
    id: string;
    kind: string;
    userId: string;
    auctionId: string;
  }[];

describe.each([
  ['in memory', async () => startTestHouse()],
  [
    'on SQLite',
    async () => {
      let now = Date.now();
      const { store, catalog } = await openStore(`sqlite:${join(dir, 'house.db')}`);
      return startTestHouse({ store, catalog, clock: () => (now = Math.max(now, Date.now())) });
    },
  ],
])('notifications %s', (_name, start) => {
  it('tells the outbid bidder live and keeps it; at the close the winner, the loser and the seller; nobody else', async () => {
    const house = await start();
    houses.push(house);
    const { url } = house;
    const [seller, alice, bob, carol] = await Promise.all(
      ['Sam', 'Alice', 'Bob', 'Carol'].map((name) => signIn(url, name)),
    );
    const [aliceFeed, carolFeed] = [
      await listen(url, alice as TestUser),
      await listen(url, carol as TestUser),
    ];
    const created = await request(url, 'POST', '/api/auctions', {
      cookie: seller?.cookie,
      body: { title: 'Brass telescope', startingPrice: 1000, durationMs: 1500 },
    });
    const auctionId = created.body.auctionId as string;
    await request(url, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: alice?.cookie,
      body: { maxAmount: 1500 },
    });
    const outbid = await request(url, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: bob?.cookie,
      body: { maxAmount: 3000 },
    });

    // Alice is told live, on her feed connection, without subscribing to the auction.
    await expect.poll(() => kinds(aliceFeed.received, auctionId), { timeout: 5_000 }).toEqual(['outbid']);
    expect(aliceFeed.received[0]).toMatchObject({ userId: alice?.userId, price: outbid.body.view.price });
    expect(outbid.body.view.price).toBeGreaterThan(1500);

    // After the close: Bob won, Alice lost, the seller sold; each told once, in their list, newest first.
    await expect
      .poll(async () => kinds(await stored(url, bob as TestUser), auctionId), { timeout: 10_000 })
      .toEqual(['won']);
    await expect
      .poll(async () => kinds(await stored(url, alice as TestUser), auctionId))
      .toEqual(['lost', 'outbid']);
    await expect.poll(async () => kinds(await stored(url, seller as TestUser), auctionId)).toEqual(['sold']);
    await expect.poll(() => kinds(aliceFeed.received, auctionId)).toEqual(['outbid', 'lost']);

    // Carol, connected throughout, was told nothing; no list holds another user's notification.
    expect(carolFeed.received).toEqual([]);
    expect(await stored(url, carol as TestUser)).toEqual([]);
    for (const user of [seller, alice, bob] as TestUser[]) {
      const own = await stored(url, user);
      expect(own.every((n) => n.userId === user.userId)).toBe(true);
      expect(new Set(own.map((n) => n.id)).size).toBe(own.length);
      // No other user's raw id anywhere in what this user receives.
      const text = JSON.stringify(own);
      for (const other of [seller, alice, bob, carol] as TestUser[])
        if (other.userId !== user.userId) expect(text).not.toContain(other.userId);
    }
    aliceFeed.socket.close();
    carolFeed.socket.close();
  }, 30_000);

  it('keeps what happened while the user was away, and refuses the list without a session', async () => {
    const house = await start();
    houses.push(house);
    const { url } = house;
    const [seller, dora, eve] = await Promise.all(['Sam', 'Dora', 'Eve'].map((name) => signIn(url, name)));
    const created = await request(url, 'POST', '/api/auctions', {
      cookie: seller?.cookie,
      body: { title: 'Oak chair', startingPrice: 500, durationMs: 60_000 },
    });
    const auctionId = created.body.auctionId as string;
    await request(url, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: dora?.cookie,
      body: { amount: 600 },
    });
    await request(url, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: eve?.cookie,
      body: { amount: 900 },
    });
    // Dora had no connection open: she finds it when she comes back.
    await expect.poll(async () => kinds(await stored(url, dora as TestUser), auctionId)).toEqual(['outbid']);
    expect((await request(url, 'GET', '/api/me/notifications')).status).toBe(401);
    expect(
      (await request(url, 'GET', '/api/me/notifications?limit=0', { cookie: dora?.cookie })).status,
    ).toBe(400);
  });
});
