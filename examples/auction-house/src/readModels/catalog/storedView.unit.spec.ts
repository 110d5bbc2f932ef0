import { decide, evolve, initialState, publicView } from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedViewOf, viewAt } from './storedView';

const START = Date.UTC(2026, 0, 1);

describe('the stored view', () => {
  it('gives at any time exactly the public view of the state then', () => {
    fc.assert(
      fc.property(
        fc.record({
          startsIn: fc.integer({ min: 0, max: 10_000 }),
          lasts: fc.integer({ min: 1_000, max: 100_000 }),
          reserve: fc.option(fc.integer({ min: 200, max: 5_000 }), { nil: undefined }),
          buyNow: fc.option(fc.integer({ min: 6_000, max: 9_000 }), { nil: undefined }),
          bids: fc.array(
            fc.tuple(fc.constantFrom('ann', 'ben', 'cid'), fc.integer({ min: 100, max: 8_000 })),
            {
              maxLength: 6,
            },
          ),
          close: fc.boolean(),
          at: fc.integer({ min: -5_000, max: 200_000 }),
        }),
        ({ startsIn, lasts, reserve, buyNow, bids, close, at }) => {
          let state = initialState();
          const apply = (command: Parameters<typeof decide>[0], now: number) => {
            const decision = decide(command, state, now);
            if (decision.ok) for (const event of decision.events) state = evolve(state, event);
          };
          const startsAt = START + startsIn;
          apply(
            {
              type: 'OpenAuction',
              data: {
                auctionId: 'lot',
                sellerId: 'sam',
                currency: 'USD',
                startingPrice: 100,
                startsAt,
                endsAt: startsAt + lasts,
                ...(reserve === undefined ? {} : { reservePrice: reserve }),
                ...(buyNow === undefined ? {} : { buyNowPrice: buyNow }),
              },
            },
            START,
          );
          for (const [bidderId, maxAmount] of bids)
            apply({ type: 'SetMaxBid', data: { auctionId: 'lot', bidderId, maxAmount } }, startsAt + 1);
          if (close) apply({ type: 'CloseAuction', data: { auctionId: 'lot' } }, startsAt + lasts);
          const stored = storedViewOf(state);
          if (stored === null) return;
          const now = START + at;
          expect(viewAt(stored, now)).toEqual(publicView(state, now));
        },
      ),
    );
  });
});
