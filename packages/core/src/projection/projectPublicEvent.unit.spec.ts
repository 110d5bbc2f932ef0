import { describe, expect, it } from 'vitest';
import { openScenario, T0 } from '../../test/auctionScenario';
import { increments } from '../money/increments';
import type { BidderMask } from './bidderMask';
import { projectPublicEvent } from './projectPublicEvent';
import { initialPublicProjection } from './publicProjection';
import { publicHistory, publicSnapshot } from './publicSnapshot';

const mask: BidderMask = (auctionId, bidderId) => `<${auctionId}/${bidderId}>`;
const recorded = (events: readonly { type: string; data: unknown }[]) =>
  events.map((event, i) => ({ ...event, streamVersion: i + 1 }));

describe('public history', () => {
  it('has one entry per price or leader change, extension and close, with automatic bids marked', () => {
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
      { version: 4, at: expect.any(Number), kind: 'bid', price: 2100, bidder: '<a1/A>', automatic: true },
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
