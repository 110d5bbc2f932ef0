import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, setMaxBid, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A service with a bid window of 2 on a spied store, its clock settable, and auction a1 open. */
const setup = async (softClose = false) => {
  const store = spyStore(getInMemoryEventStore());
  let now = T0 + 1_000;
  const service = createAuctionService({ store, clock: () => now, maxCachedBidsPerAuction: 2 });
  const open = openAuction('a1', softClose ? { softClose: { windowMs: HOUR, extendMs: 2 * HOUR } } : {});
  expect((await service.execute(open)).ok).toBe(true);
  return { store, service, at: (ms: number) => (now = ms) };
};

const bidsOf = async (store: ReturnType<typeof spyStore>) =>
  (await store.readStream('auction-a1')).events.filter((event) => event.type !== 'AuctionOpened');

describe('retries past the bid window', () => {
  it('answers a retry of a forgotten bid with its first events, writing nothing', async () => {
    const { store, service } = await setup();
    const first = await service.execute(setMaxBid('a1', 'ann', 10_000, 'a-1'));
    for (let i = 0; i < 6; i++) await service.execute(placeBid('a1', `p${i}`, 150 + 500 * i, `p-${i}`));
    const appends = store.appends.length;
    const again = await service.execute(setMaxBid('a1', 'ann', 10_000, 'a-1'));
    expect(again).toMatchObject({ ok: true, duplicate: true, version: 8 });
    expect(again.ok && again.events).toEqual(first.ok && first.events);
    expect(store.appends.length - appends).toBe(1); // the append the store recognised as a retry
    expect(service.stats().bidLookups).toBe(1);
    expect((await bidsOf(store)).filter((event) => event.eventId === 'a-1')).toHaveLength(1);
  });

  it('answers accepted a forgotten bid that would now be rejected (the store is asked, as nothing is written)', async () => {
    const { store, service } = await setup();
    const first = await service.execute(placeBid('a1', 'ann', 100, 'a-1'));
    await service.execute(setMaxBid('a1', 'bob', 5_000, 'b-1'));
    await service.execute(placeBid('a1', 'carl', 1_000, 'c-1'));
    await service.execute(placeBid('a1', 'dan', 2_000, 'd-1'));
    // Sent again now, ann's 100 is far too low: only the store knows it was accepted.
    const again = await service.execute(placeBid('a1', 'ann', 100, 'a-1'));
    expect(again).toMatchObject({ ok: true, duplicate: true, version: 5 });
    expect(again.ok && again.events).toEqual(first.ok && first.events);
    expect(service.stats().bidLookups).toBe(1);
    // A fresh bid that is too low is asked about once, then answered as the rules say.
    expect(await service.execute(placeBid('a1', 'erin', 100, 'e-1'))).toMatchObject({ code: 'BID_TOO_LOW' });
    expect(service.stats().bidLookups).toBe(2);
    expect(await bidsOf(store)).toHaveLength(4);
  });

  it('refuses a forgotten bidId sent by another bidder, even when its decision would record more events', async () => {
    const { store, service, at } = await setup(true);
    at(T0 + 1_000);
    await service.execute(setMaxBid('a1', 'ann', 500, 'x'));
    for (let i = 0; i < 4; i++) await service.execute(placeBid('a1', `p${i}`, 150 + 60 * i, `p-${i}`));
    // In the soft-close window, the thief's bid would record the bid and an extension (~1:x), and
    // the store, which holds x but not ~1:x, refuses the pair: the service asks it about x alone.
    at(T0 + DAY - HOUR / 2);
    const stolen = await service.execute(setMaxBid('a1', 'thief', 9_000, 'x'));
    expect(stolen).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
      message: expect.stringContaining('bidId'),
    });
    expect(
      (await bidsOf(store)).filter((event) => event.eventId === 'x' || event.eventId === '~1:x'),
    ).toHaveLength(1);
    // Nothing else was harmed: the next bid is written as usual.
    expect(await service.execute(setMaxBid('a1', 'bob', 9_000, 'b-1'))).toMatchObject({ ok: true });
  });

  it('asks the store nothing when another instance wrote first, past the window', async () => {
    const { store, service } = await setup();
    for (let i = 0; i < 5; i++) await service.execute(placeBid('a1', `p${i}`, 150 + 500 * i, `p-${i}`));
    await createAuctionService({ store, clock: () => T0 + 2_000 }).execute(
      placeBid('a1', 'bob', 5_000, 'bob-1'),
    );
    const answer = await service.execute(placeBid('a1', 'ann', 6_000, 'ann-1'));
    expect(answer).toMatchObject({ ok: true, version: 8, view: { leaderId: 'ann' } });
    expect(answer.ok && answer.duplicate).toBeFalsy();
    expect(service.stats()).toMatchObject({ conflicts: 1, bidLookups: 0 });
  });

  it('asks the store nothing while the window still holds every bid of the auction', async () => {
    const { service } = await setup();
    await service.execute(placeBid('a1', 'ann', 100, 'a-1'));
    await service.execute(placeBid('a1', 'bob', 100, 'b-1')); // too low, window complete: no look-up
    expect(service.stats().bidLookups).toBe(0);
  });
});
