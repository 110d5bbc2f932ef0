// Test-only (not exported): a small auction decided by the real decider, for the audit's tests.
import { auctionOffers } from '../auction/auctionOffers';
import { type AuctionState, initialState } from '../auction/auctionState';
import type { AuctionCommand } from '../auction/commands';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';

/** The time the fixture auction opens at: 2026-12-01T10:00:00Z. */
export const OPEN_AT = Date.parse('2026-12-01T10:00:00Z');

/**
 * Decides commands in turn at the given times (a `RetractBid` with the offers of the events so far);
 * every one must be accepted.
 */
export const decideAll = (steps: ReadonlyArray<readonly [number, AuctionCommand]>): AuctionEvent[] => {
  const events: AuctionEvent[] = [];
  let state: AuctionState = initialState();
  for (const [now, command] of steps) {
    const offers = command.type === 'RetractBid' ? auctionOffers(events) : undefined;
    const decision = decide(command, state, now, offers);
    if (!decision.ok) throw new Error(`fixture: ${command.type} at ${now} rejected: ${decision.code}`);
    for (const event of decision.events) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return events;
};

const id = 'lot-7';
const bid = (bidderId: string, amount: number): AuctionCommand => ({
  type: 'PlaceBid',
  data: { auctionId: id, bidderId, amount, bidId: `${bidderId}-${amount}` },
});
const max = (bidderId: string, maxAmount: number): AuctionCommand => ({
  type: 'SetMaxBid',
  data: { auctionId: id, bidderId, maxAmount, bidId: `${bidderId}-max-${maxAmount}` },
});

/**
 * Opened at OPEN_AT for 10 min, flat $2 increments, starting $100, reserve $150, soft close (last 5 min
 * extend to 2 min after the bid): A max $200 (price jumps to the reserve $150); B $155 (answered); C max $180 (answered); B late max $190
 * inside the window (extended); closed after the end, sold to A at $192. Ten events:
 * 1 opened, 2 A, 3 B, 4 C, 5 B late, 6 extension, 7 closed.
 */
export const soldAuction = (): AuctionEvent[] =>
  decideAll([
    [
      OPEN_AT,
      {
        type: 'OpenAuction',
        data: {
          auctionId: id,
          sellerId: 'S',
          currency: 'USD',
          startingPrice: 10_000,
          reservePrice: 15_000,
          startsAt: OPEN_AT,
          endsAt: OPEN_AT + 600_000,
          increments: [{ from: 0, increment: 200 }],
          softClose: { windowMs: 300_000, extendMs: 120_000 },
        },
      },
    ],
    [OPEN_AT + 1_000, max('A', 20_000)],
    [OPEN_AT + 2_000, bid('B', 15_500)],
    [OPEN_AT + 3_000, max('C', 18_000)],
    [OPEN_AT + 540_000, max('B', 19_000)],
    [OPEN_AT + 900_000, { type: 'CloseAuction', data: { auctionId: id } }],
  ]);

/** Recorded form: each event with its stream version and an event id. */
export const recorded = (events: readonly AuctionEvent[]) =>
  events.map((event, i) => ({ ...event, streamVersion: i + 1, eventId: `e${i + 1}` }));
