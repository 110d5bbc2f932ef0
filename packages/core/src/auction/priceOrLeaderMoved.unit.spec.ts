import { describe, expect, it } from 'vitest';
import { type AuctionState, initialState, type Offer } from './auctionState';
import { priceOrLeaderMoved } from './priceOrLeaderMoved';

const offer = (bidderId: string, max: number): Offer => ({
  bidderId,
  bidId: `${bidderId}-${max}`,
  max,
  floor: 0,
  seq: 1,
});
const led = (leader: Offer, price: number): AuctionState => ({ ...initialState(), leader, price });

describe('priceOrLeaderMoved', () => {
  it('is false for a silent raise: same price, same leader with a higher max', () => {
    expect(priceOrLeaderMoved(led(offer('ann', 500), 100), 100, offer('ann', 900))).toBe(false);
  });

  it('is true when the price moves, the leader changes, or the first bid comes in', () => {
    expect(priceOrLeaderMoved(led(offer('ann', 500), 100), 110, offer('ann', 500))).toBe(true);
    expect(priceOrLeaderMoved(led(offer('ann', 500), 100), 100, offer('bob', 600))).toBe(true);
    expect(priceOrLeaderMoved(initialState(), 100, offer('ann', 100))).toBe(true);
  });
});
