import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { bidderAt, bidWindow, findBid, holdsEveryBid, recordInWindow } from './bidWindow';

describe('bidWindow', () => {
  it('holds exactly the bids a model of its generations holds, and never more than its size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.option(fc.tuple(fc.nat({ max: 30 }), fc.constantFrom('ann', 'bob')), { freq: 4 }), {
          maxLength: 120,
        }),
        (size, entries) => {
          const window = bidWindow(size);
          /** Every bid by stream version, and which versions the window still holds. */
          const recorded: { version: number; bidId: string; bidderId: string }[] = [];
          entries.forEach((entry, i) => {
            if (entry === null) recordInWindow(window, '', '');
            else {
              const [n, bidderId] = entry;
              recordInWindow(window, `b${n}`, bidderId);
              recorded.push({ version: i + 1, bidId: `b${n}`, bidderId });
            }
          });
          const half = Math.floor(size / 2);
          // The window holds the last `kept` bids, between half and all of its size.
          const held = recorded.filter((bid) => bid.version >= window.from);
          expect(held.length).toBeLessThanOrEqual(size);
          if (recorded.length >= half) expect(held.length).toBeGreaterThanOrEqual(half);
          else expect(held.length).toBe(recorded.length);
          expect(holdsEveryBid(window)).toBe(held.length === recorded.length);
          for (const bid of recorded) {
            const last = [...held].reverse().find((other) => other.bidId === bid.bidId);
            const found = findBid(window, bid.bidId);
            if (last === undefined) expect(found).toBe(-1);
            else {
              expect(found).toBe(last.version);
              expect(bidderAt(window, found)).toBe(last.bidderId);
            }
          }
          expect(findBid(window, 'never')).toBe(-1);
        },
      ),
      seeded(300),
    );
  });

  it('keeps its memory bounded: a million bids through a window of 1 000 hold 1 000 at most', () => {
    const window = bidWindow(1_000);
    for (let i = 1; i <= 1_000_000; i++) recordInWindow(window, `bid-${i}`, 'ann');
    const entries = window.current.bidIds.length + (window.previous?.bidIds.length ?? 0);
    expect(entries).toBeLessThanOrEqual(1_000);
    expect(findBid(window, 'bid-1000000')).toBe(1_000_000);
    expect(findBid(window, 'bid-999001')).toBe(999_001);
    expect(findBid(window, 'bid-1')).toBe(-1);
    expect(window.from).toBeGreaterThan(999_000);
  });
});
