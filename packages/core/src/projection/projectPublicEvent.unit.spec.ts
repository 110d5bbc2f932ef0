import { describe, expect, it } from 'vitest';
import { openScenario, T0 } from '../../test/auctionScenario';
import { auctionOffers } from '../auction/auctionOffers';
import { decide } from '../auction/decide';
import { fold } from '../auction/fold';
import { increments } from '../money/increments';
import type { BidderMask } from './bidderMask';
import { maskHistoryEntry } from './maskHistoryEntry';
import { projectPublicEvent } from './projectPublicEvent';
import { initialPublicProjection } from './publicProjection';
import { publicHistory, publicSnapshot } from './publicSnapshot';

const mask: BidderMask = (auctionId, bidderId) => `<${auctionId}/${bidderId}>`;
const recorded = (events: readonly { type: string; data: unknown }[]) =>
  events.map((event, i) => ({ ...event, streamVersion: i + 1 }));

describe('public history', () => {
  it('has one entry per price or leader change, extension and close, automatic bids with the offer beaten', () => {
    const auction = openScenario({
      startingPrice: 1000,
      increments: increments.flat(100),
      softClose: { windowMs: 10_000, extendMs: 10_000 },
      endsAt: T0 + 20_000,
    });
    expect(auction.max('A', 5000).ok).toBe(true); // v2: price 1000, A
    expect(auction.max('A', 6000).ok).toBe(true); // v3: silent raise, no entry
    expect(auction.bid('B', 2000).ok).toBe(true); // v4: 2100, A answers for B (automatic)
    expect(auction.max('C', 7000, T0 + 15_000).ok).toBe(true); // v5 bid: 6100 C; v6 extended
    expect(auction.run({ type: 'CloseAuction', data: { auctionId: 'a1' } }, T0 + 40_000).ok).toBe(true);
    const history = publicHistory(recorded(auction.events()), mask);
    expect(history).toEqual([
      { version: 2, at: expect.any(Number), kind: 'bid', price: 1000, bidder: '<a1/A>', automatic: false },
      {
        version: 4,
        at: expect.any(Number),
        kind: 'bid',
        price: 2100,
        bidder: '<a1/A>',
        automatic: true,
        beaten: { bidder: '<a1/B>', amount: 2000 },
      },
      { version: 5, at: T0 + 15_000, kind: 'bid', price: 6100, bidder: '<a1/C>', automatic: false },
      {
        version: 6,
        at: T0 + 15_000,
        kind: 'extended',
        price: 6100,
        bidder: '<a1/C>',
        automatic: false,
        endsAt: T0 + 25_000,
      },
      {
        version: 7,
        at: T0 + 40_000,
        kind: 'closed',
        price: 6100,
        bidder: '<a1/C>',
        automatic: false,
        outcome: 'sold',
      },
    ]);
  });

  it('shows a buy-it-now close at its price and an unsold close without price or bidder', () => {
    const bought = openScenario({ startingPrice: 1000, buyNowPrice: 9000 });
    expect(bought.run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'Z' } }).ok).toBe(true);
    expect(publicHistory(recorded(bought.events()), mask).at(-1)).toMatchObject({
      kind: 'closed',
      price: 9000,
      bidder: '<a1/Z>',
      outcome: 'sold',
    });
    const unsold = openScenario({ startingPrice: 1000, reservePrice: 50_000 });
    expect(unsold.max('A', 3000).ok).toBe(true);
    expect(unsold.run({ type: 'CloseAuction', data: { auctionId: 'a1' } }, 2_000_000).ok).toBe(true);
    expect(publicHistory(recorded(unsold.events()), mask).at(-1)).toMatchObject({
      kind: 'closed',
      price: null,
      bidder: null,
      outcome: 'unsold',
    });
  });
});

describe('public history of retractions and beaten offers', () => {
  it("shows a retraction as a 'retracted' entry with the price after it, and what each automatic bid beat", () => {
    const auction = openScenario({ startingPrice: 1000, increments: increments.flat(100) });
    expect(auction.max('A', 5000).ok).toBe(true); // v2: 1000 A
    expect(auction.bid('B', 2000).ok).toBe(true); // v3: 2100 A, automatic, beaten B's 2000
    expect(auction.max('C', 3000).ok).toBe(true); // v4: 3100 A, automatic, beaten C's max 3000
    const retractC = {
      type: 'RetractBid',
      data: { auctionId: 'a1', bidderId: 'C', reason: 'typo' },
    } as const;
    const offers = auctionOffers(auction.events());
    const decision = decide(retractC, auction.state(), T0 + 10, offers);
    expect(decision.ok).toBe(true);
    const events = [...auction.events(), ...(decision.ok ? decision.events : [])];
    const history = publicHistory(recorded(events), mask);
    expect(history.slice(1)).toEqual([
      {
        version: 3,
        at: expect.any(Number),
        kind: 'bid',
        price: 2100,
        bidder: '<a1/A>',
        automatic: true,
        beaten: { bidder: '<a1/B>', amount: 2000 },
      },
      {
        version: 4,
        at: expect.any(Number),
        kind: 'bid',
        price: 3100,
        bidder: '<a1/A>',
        automatic: true,
        beaten: { bidder: '<a1/C>', amount: 3000 },
      },
      // C's max withdrawn: back to B's 2000 + 100; the entry names the price holder, not who retracted.
      { version: 5, at: T0 + 10, kind: 'retracted', price: 2100, bidder: '<a1/A>', automatic: false },
    ]);
    const snapshot = publicSnapshot(recorded(events), mask);
    expect(snapshot?.view).toMatchObject({ price: 2100, leaderId: '<a1/A>', bidCount: 3 });
    expect(JSON.stringify(snapshot)).not.toContain('5000');
  });

  it('gives a change for a retraction that leaves price and leader as they were, and one that leaves no offer', () => {
    const auction = openScenario({ startingPrice: 1000, increments: increments.flat(100) });
    auction.max('A', 5000);
    auction.max('B', 1500);
    auction.max('C', 2000);
    const retract = (bidderId: string) =>
      ({ type: 'RetractBid', data: { auctionId: 'a1', bidderId, reason: 'typo' } }) as const;
    let events = [...auction.events()];
    for (const bidderId of ['B', 'C', 'A']) {
      const decision = decide(retract(bidderId), fold(events), T0 + 10, auctionOffers(events));
      if (!decision.ok) throw new Error(decision.message);
      events = [...events, ...decision.events];
    }
    const history = publicHistory(recorded(events), mask).filter((entry) => entry.kind === 'retracted');
    expect(history.map(({ price, bidder }) => [price, bidder])).toEqual([
      [2100, '<a1/A>'],
      [1000, '<a1/A>'],
      [null, null],
    ]);
  });
});

describe('maskHistoryEntry', () => {
  it('masks the price holder and the beaten bidder of an entry kept with ids as recorded', () => {
    const auction = openScenario({ startingPrice: 1000, increments: increments.flat(100) });
    auction.max('A', 5000);
    auction.bid('B', 2000);
    const kept = publicHistory(recorded(auction.events()), (_auctionId, bidderId) => bidderId);
    expect(kept.map((entry) => maskHistoryEntry('a1', entry, mask))).toEqual(
      publicHistory(recorded(auction.events()), mask),
    );
    const closed = {
      version: 9,
      at: 1,
      kind: 'closed',
      price: null,
      bidder: null,
      automatic: false,
    } as const;
    expect(maskHistoryEntry('a1', closed, mask)).toEqual(closed);
  });
});

describe('projectPublicEvent', () => {
  it('emits a change only when the public view changes, with views masked', () => {
    const auction = openScenario({ startingPrice: 1000 });
    auction.max('A', 5000);
    const [opened, bid] = recorded(auction.events());
    const first = projectPublicEvent(initialPublicProjection(), opened as never, mask);
    expect(first.change?.version).toBe(1);
    expect(first.change?.entry).toBeUndefined();
    const second = projectPublicEvent(first.projection, bid as never, mask);
    expect(second.change?.view.leaderId).toBe('<a1/A>');
    expect(second.change?.view.price).toBe(1000);
    expect(JSON.stringify(second.change)).not.toContain('5000');
  });

  it('moves the version over an event type it does not know, changing nothing', () => {
    const step = projectPublicEvent(
      initialPublicProjection(),
      { type: 'SomethingElse', data: { auctionId: 'a1', at: 1 }, streamVersion: 1 },
      mask,
    );
    expect(step.change).toBeNull();
    expect(step.projection.version).toBe(1);
  });

  it('snapshots null for a stream without AuctionOpened', () => {
    expect(publicSnapshot([], mask)).toBeNull();
    const auction = openScenario({});
    expect(publicSnapshot(recorded(auction.events()), mask)).toMatchObject({ auctionId: 'a1', version: 1 });
  });
});
