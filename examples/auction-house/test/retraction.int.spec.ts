import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/config/openStore';
import { request, signIn, type TestAnswer, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every value of a JSON text: a secret amount must be none of them (a timestamp may hold its digits). */
const valuesOf = (json: string): unknown[] => {
  const values: unknown[] = [];
  JSON.parse(json, (_, value: unknown) => {
    values.push(value);
    return value;
  });
  return values;
};

const dir = mkdtempSync(join(tmpdir(), 'gavel-retraction-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The house's clock runs with real time, `shift` ahead of it: a test moves it forward to step past a
 * retraction window without waiting (the windows are hours long).
 */
const setups: [string, (clock: () => number) => Promise<TestHouse>][] = [
  ['in memory', (clock) => startTestHouse({ clock })],
  [
    'on SQLite',
    async (clock) => {
      const { store, catalog } = await openStore(`sqlite:${join(dir, `house-${Date.now()}.db`)}`);
      return startTestHouse({ store, catalog, clock });
    },
  ],
];

describe.each(setups)('retracting a bid %s', (_name, start) => {
  let house: TestHouse;
  let base: string;
  let shift = 0;
  const now = (): number => Date.now() + shift;
  let seller: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    house = await start(now);
    base = house.url;
    [seller, alice, bob, carol] = (await Promise.all(
      ['Sam the seller', 'Alice', 'Bob', 'Carol'].map((name) => signIn(base, name)),
    )) as [TestUser, TestUser, TestUser, TestUser];
  });
  afterAll(() => house.close());

  const open = async (body: Record<string, unknown> = {}): Promise<{ auctionId: string; endsAt: number }> => {
    const answer = await request(base, 'POST', '/api/auctions', {
      cookie: seller.cookie,
      body: { title: 'A lamp', startingPrice: 1000, durationMs: 24 * HOUR, ...body },
    });
    expect(answer.status, answer.text).toBe(201);
    return { auctionId: answer.body.auctionId, endsAt: answer.body.view.endsAt };
  };
  const bid = async (who: TestUser, auctionId: string, body: Record<string, unknown>) => {
    const answer = await request(base, 'POST', `/api/auctions/${auctionId}/bids`, {
      cookie: who.cookie,
      body,
    });
    expect(answer.status, answer.text).toBe(200);
    return answer;
  };
  const retract = (who: TestUser | null, auctionId: string, body: unknown = { reason: 'typo' }) =>
    request(base, 'POST', `/api/auctions/${auctionId}/retract`, {
      ...(who === null ? {} : { cookie: who.cookie }),
      body,
    });
  const detail = async (who: TestUser | null, auctionId: string) =>
    (await request(base, 'GET', `/api/auctions/${auctionId}`, who === null ? {} : { cookie: who.cookie }))
      .body;
  /** The auction's page for `who` once the catalog has folded the stream up to `version`. */
  const detailAt = async (who: TestUser | null, auctionId: string, version: number) => {
    await expect.poll(async () => (await detail(who, auctionId)).version, { timeout: 5000 }).toBe(version);
    return detail(who, auctionId);
  };
  const expectError = (answer: TestAnswer, status: number, code: string, field?: string) => {
    expect(answer.status, answer.text).toBe(status);
    expect(answer.body).toMatchObject({ ok: false, code, message: expect.any(String) });
    if (field !== undefined) expect(answer.body.field).toBe(field);
  };
  const myBids = async (who: TestUser, auctionId: string) =>
    (await request(base, 'GET', '/api/me/bids', { cookie: who.cookie })).body.bids.filter(
      (entry: { auctionId: string }) => entry.auctionId === auctionId,
    );

  it('with more than 12 hours left withdraws all the bidder’s bids: the price falls back, the view is masked', async () => {
    const { auctionId, endsAt } = await open();
    await bid(alice, auctionId, { maxAmount: 5000 });
    await bid(bob, auctionId, { amount: 2000 });
    const raised = await bid(bob, auctionId, { amount: 3000 });
    expect(raised.body.view.price).toBe(3100);

    // Bob may retract everything: the page says so, and until when (12 hours before the end).
    const before = await detailAt(bob, auctionId, raised.body.version);
    expect(before.you).toMatchObject({
      offer: { amount: 3000 },
      retraction: 'all',
      retractionUntil: endsAt - 12 * HOUR,
    });
    // A user without an offer, and nobody signed out, may not.
    expect((await detail(carol, auctionId)).you).toMatchObject({
      offer: null,
      retraction: null,
      retractionUntil: null,
    });
    expect((await detail(null, auctionId)).you).toBeNull();

    const answer = await retract(bob, auctionId, { reason: 'description-changed' });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, leading: false, version: raised.body.version + 1 });
    // Alice's max alone is left: the starting price, Alice (masked) leading; the public bid count stays.
    expect(answer.body.view).toMatchObject({
      price: 1000,
      minimumNextBid: 1050,
      bidCount: before.view.bidCount,
    });
    expect(answer.body.view.leaderId).toMatch(/^[a-z2-7]{8}$/);
    expect(answer.text).not.toContain(alice.userId);
    expect(answer.text).not.toContain(bob.userId);
    expect(valuesOf(answer.text)).not.toContain(5000); // Alice's max

    const after = await detailAt(bob, auctionId, answer.body.version);
    expect(after.view).toMatchObject({ price: 1000, leaderId: answer.body.view.leaderId });
    expect(after.you).toMatchObject({ offer: null, retraction: null, retractionUntil: null, leading: false });
    expect(after.history.at(-1)).toEqual({
      version: answer.body.version,
      at: expect.any(Number),
      kind: 'retracted',
      price: 1000,
      bidder: answer.body.view.leaderId,
      automatic: false,
    });
    expect(JSON.stringify(after)).not.toContain(alice.userId);
    // Alice's page: she leads, and may retract hers too.
    expect((await detail(alice, auctionId)).you).toMatchObject({ leading: true, retraction: 'all' });

    // Nothing is left to retract: 409 RETRACTION_NOT_ALLOWED, the reason in details.
    const again = await retract(bob, auctionId);
    expectError(again, 409, 'RETRACTION_NOT_ALLOWED');
    expect(again.body.details).toEqual({ reason: 'no-offer' });

    // Bob's bids are gone from his "my bids"; Alice's max is still hers.
    await expect.poll(() => myBids(bob, auctionId), { timeout: 5000 }).toEqual([]);
    expect(await myBids(alice, auctionId)).toMatchObject([{ maxAmount: 5000, leading: true }]);
  });

  it('in the last 12 hours withdraws only the latest bid, within an hour of it; later 409', async () => {
    const { auctionId, endsAt } = await open({ durationMs: 6 * HOUR });
    const t0 = now();
    await bid(alice, auctionId, { maxAmount: 3000 });
    await bid(bob, auctionId, { amount: 2000 });
    const latest = await detailAt(alice, auctionId, 3);
    expect(latest.you.retraction).toBe('latest');
    expect(latest.you.retractionUntil).toBeGreaterThanOrEqual(t0 + HOUR);
    expect(latest.you.retractionUntil).toBeLessThan(now() + HOUR);

    // Two hours on, Alice's bids are too old; she raises her max (silently: price and leader stay).
    shift += 2 * HOUR;
    expect((await detail(alice, auctionId)).you.retraction).toBeNull();
    const tooLate = await retract(alice, auctionId);
    expectError(tooLate, 409, 'RETRACTION_NOT_ALLOWED');
    expect(tooLate.body.details).toEqual({ reason: 'too-late' });
    const raise = await bid(alice, auctionId, { maxAmount: 5000 });
    expect(raise.body.view.price).toBe(2050);

    // The raise may be retracted for an hour: her offer goes back to the max before it.
    const raised = await detailAt(alice, auctionId, raise.body.version);
    expect(raised.you).toMatchObject({ offer: { maxAmount: 5000 }, retraction: 'latest' });
    expect(raised.you.retractionUntil).toBeLessThanOrEqual(Math.min(now() + HOUR, endsAt));
    const answer = await retract(alice, auctionId);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, leading: true, view: { price: 2050 } });
    const after = await detailAt(alice, auctionId, answer.body.version);
    expect(after.you).toMatchObject({ offer: { maxAmount: 3000 }, leading: true, retraction: null });
    await expect
      .poll(() => myBids(alice, auctionId), { timeout: 5000 })
      .toMatchObject([{ maxAmount: 3000, leading: true }]);
    // What is left is older than an hour.
    expect((await retract(alice, auctionId)).body.details).toEqual({ reason: 'too-late' });
  });

  it('answers 400 for a bad reason or body, 401 signed out, 404 for no such auction, 409 for the seller', async () => {
    const { auctionId } = await open();
    await bid(alice, auctionId, { amount: 1000 });
    for (const [body, field] of [
      [{ reason: 'changed-my-mind' }, 'reason'],
      [{ reason: 7 }, 'reason'],
      [{}, 'reason'],
      [{ reason: 'typo', bidderId: alice.userId }, 'bidderId'],
      [[], ''],
    ] as const) {
      const answer = await retract(alice, auctionId, body);
      expectError(answer, 400, 'INVALID_REQUEST');
      if (field !== '') expect(answer.body.field).toBe(field);
    }
    expectError(await retract(null, auctionId), 401, 'UNAUTHENTICATED');
    expectError(await retract(alice, 'a_nothing_here'), 404, 'AUCTION_NOT_FOUND');
    expectError(await retract(seller, auctionId), 409, 'RETRACTION_NOT_ALLOWED');
    // Nothing was withdrawn by any of them.
    expect((await detail(alice, auctionId)).view).toMatchObject({ price: 1000 });
  });

  it('takes retraction: null (none allowed) and softClose.from at creation, and validates both', async () => {
    const forbidden = await open({ retraction: null });
    const placed = await bid(bob, forbidden.auctionId, { amount: 1000 });
    expect((await detailAt(bob, forbidden.auctionId, placed.body.version)).you.retraction).toBeNull();
    const refused = await retract(bob, forbidden.auctionId);
    expectError(refused, 409, 'RETRACTION_NOT_ALLOWED');
    expect(refused.body.details).toEqual({ reason: 'forbidden' });

    // A policy of its own: all bids, right to the end.
    const anyTime = await open({ durationMs: HOUR, retraction: { fullBeforeEndMs: 0, latestWithinMs: 0 } });
    const early = await bid(bob, anyTime.auctionId, { amount: 1000 });
    expect((await detailAt(bob, anyTime.auctionId, early.body.version)).you.retraction).toBe('all');

    // Yahoo! Japan's extension: each late bid adds extendMs to the scheduled end, not to the bid's time.
    const late = await open({
      durationMs: 10 * MINUTE,
      softClose: { windowMs: 20 * MINUTE, extendMs: 5 * MINUTE, from: 'end' },
    });
    const first = await bid(alice, late.auctionId, { amount: 1000 });
    expect(first.body.view.endsAt).toBe(late.endsAt + 5 * MINUTE);
    const second = await bid(bob, late.auctionId, { amount: 1100 });
    expect(second.body.view.endsAt).toBe(late.endsAt + 10 * MINUTE);
    // Catawiki's (the default, 'bid'): to the bid's time plus extendMs, never before the end.
    const fromBid = await open({
      durationMs: 10 * MINUTE,
      softClose: { windowMs: 10 * MINUTE, extendMs: 5 * MINUTE, from: 'bid' },
    });
    expect((await bid(alice, fromBid.auctionId, { amount: 1000 })).body.view.endsAt).toBe(fromBid.endsAt);

    const listing = { title: 'x', startingPrice: 100, durationMs: HOUR };
    for (const [body, field] of [
      [{ ...listing, softClose: { windowMs: 1, extendMs: 1, from: 'start' } }, 'softClose.from'],
      [{ ...listing, retraction: 'none' }, 'retraction'],
      [{ ...listing, retraction: { fullBeforeEndMs: -1, latestWithinMs: 0 } }, 'retraction.fullBeforeEndMs'],
      [{ ...listing, retraction: { fullBeforeEndMs: 0, latestWithinMs: 1.5 } }, 'retraction.latestWithinMs'],
      [{ ...listing, retraction: { fullBeforeEndMs: 0 } }, 'retraction.latestWithinMs'],
      [{ ...listing, retraction: { fullBeforeEndMs: 0, latestWithinMs: 0, x: 1 } }, 'retraction.x'],
      [
        { ...listing, retraction: { fullBeforeEndMs: 91 * 24 * HOUR, latestWithinMs: 0 } },
        'retraction.fullBeforeEndMs',
      ],
    ] as const)
      expectError(
        await request(base, 'POST', '/api/auctions', { cookie: seller.cookie, body }),
        400,
        'INVALID_REQUEST',
        field,
      );
  });

  it('a bidder whose bids were all withdrawn is not told they lost; one who still bids is', async () => {
    const { auctionId } = await open({
      durationMs: 2500,
      retraction: { fullBeforeEndMs: 0, latestWithinMs: 0 },
    });
    await bid(alice, auctionId, { maxAmount: 4000 });
    await bid(bob, auctionId, { amount: 2000 });
    await bid(carol, auctionId, { amount: 3000 });
    expect((await retract(bob, auctionId)).status).toBe(200);
    await expect
      .poll(async () => (await detail(null, auctionId)).view.status, { timeout: 10_000 })
      .toBe('closed');
    const kinds = async (who: TestUser) =>
      (await request(base, 'GET', '/api/me/notifications', { cookie: who.cookie })).body.notifications
        .filter((n: { auctionId: string }) => n.auctionId === auctionId)
        .map((n: { kind: string }) => n.kind);
    await expect.poll(() => kinds(carol), { timeout: 5000 }).toEqual(['lost']);
    expect(await kinds(alice)).toEqual(['won']);
    expect(await kinds(bob)).toEqual([]);
    expect(await myBids(bob, auctionId)).toEqual([]);
  });
});
