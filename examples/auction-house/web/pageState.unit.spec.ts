import type { PublicView } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { detailLoaded, feedMessage, getState, offerAccepted, retractionAccepted } from './pageState';

const view = (price: number | null, version: number): PublicView => ({
  auctionId: 'lot',
  status: 'open',
  currency: 'USD',
  price,
  leaderId: price === null ? null : 'bidder01',
  minimumNextBid: (price ?? 1000) + 50,
  bidCount: version - 1,
  reserveMet: null,
  startsAt: 0,
  endsAt: 1e15,
  buyNowPrice: null,
});
const entry = (version: number, price: number) => ({
  version,
  at: version,
  kind: 'bid' as const,
  price,
  bidder: 'bidder01',
  automatic: false,
});

describe('the page state (immer)', () => {
  it('applies feed changes once, in version order, and keeps earlier snapshots immutable', () => {
    detailLoaded({
      auctionId: 'lot',
      title: 'Lot',
      sellerName: 'S',
      version: 1,
      view: view(null, 1),
      history: [],
      you: { bidderId: 'me', offer: null, retraction: null, retractionUntil: null },
      now: Date.now(),
    });
    const before = getState();
    feedMessage({ type: 'change', auctionId: 'lot', version: 2, view: view(1000, 2), entry: entry(2, 1000) });
    feedMessage({ type: 'change', auctionId: 'lot', version: 2, view: view(1000, 2), entry: entry(2, 1000) });
    feedMessage({ type: 'change', auctionId: 'lot', version: 3, view: view(1100, 3), entry: entry(3, 1100) });
    const after = getState();
    expect(after.auctions.lot?.history?.map((e) => e.version)).toEqual([2, 3]);
    expect(after.auctions.lot?.view.price).toBe(1100);
    expect(before.auctions.lot?.history).toEqual([]);
    expect(Object.isFrozen(after.auctions.lot)).toBe(true);
    // A late, older change does not move the view back.
    feedMessage({ type: 'change', auctionId: 'lot', version: 2, view: view(1000, 2) });
    expect(getState().auctions.lot?.view.price).toBe(1100);
    // The user's own accepted bid updates their offer; its entry comes with the feed.
    offerAccepted('lot', { maxAmount: 9000 }, view(1200, 4), 4);
    expect(getState().standings.lot?.offer).toEqual({ maxAmount: 9000 });
    expect(getState().auctions.lot?.view.price).toBe(1200);
    feedMessage({ type: 'change', auctionId: 'lot', version: 4, view: view(1200, 4), entry: entry(4, 1200) });
    expect(getState().auctions.lot?.history?.map((e) => e.version)).toEqual([2, 3, 4]);
    // A fresh snapshot after a resume replaces the history.
    feedMessage({
      type: 'snapshot',
      auctionId: 'lot',
      version: 5,
      view: view(1300, 5),
      history: [entry(2, 1000), entry(5, 1300)],
    });
    expect(getState().auctions.lot?.history?.map((e) => e.version)).toEqual([2, 5]);
  });

  it('keeps what the user may retract, hides it once they retracted, and takes the answer’s view', () => {
    const detail = {
      auctionId: 'lot2',
      title: 'Lot',
      sellerName: 'S',
      version: 3,
      view: view(1100, 3),
      history: [entry(2, 1000), entry(3, 1100)],
      you: { bidderId: 'me', offer: { amount: 1100 }, retraction: 'all' as const, retractionUntil: 5000 },
      now: Date.now(),
    };
    detailLoaded(detail);
    expect(getState().standings.lot2).toEqual({
      bidderId: 'me',
      offer: { amount: 1100 },
      retraction: 'all',
      retractionUntil: 5000,
    });
    retractionAccepted('lot2', view(1000, 4), 4);
    expect(getState().standings.lot2?.retraction).toBeNull();
    expect(getState().standings.lot2?.retractionUntil).toBeNull();
    expect(getState().auctions.lot2?.view.price).toBe(1000);
    // An older answer never moves the view back.
    retractionAccepted('lot2', view(1100, 3), 3);
    expect(getState().auctions.lot2?.view.price).toBe(1000);
  });
});
