import { describe, expect, it } from 'vitest';
import { END, expectAccepted, expectRejected, openScenario, T0 } from '../../test/auctionScenario';
import { increments } from '../money/increments';
import { initialState } from './auctionState';
import type { AuctionCommand } from './commands';
import { decide } from './decide';
import { fold } from './fold';
import { publicView } from './publicView';

const bid = (bidderId: string, amount: number) =>
  ({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId, amount } }) as const;

describe('OpenAuction', () => {
  it('copies the full rules, with defaults, into AuctionOpened', () => {
    const events = expectAccepted(
      decide(
        {
          type: 'OpenAuction',
          data: { auctionId: 'a1', sellerId: 'S', currency: 'USD', startingPrice: 500, endsAt: 9000 },
        },
        initialState(),
        100,
      ),
    );
    expect(events).toEqual([
      {
        type: 'AuctionOpened',
        data: {
          auctionId: 'a1',
          at: 100,
          sellerId: 'S',
          currency: 'USD',
          startingPrice: 500,
          increments: increments.ebayUsd,
          startsAt: 100,
          endsAt: 9000,
          belowReserve: 'proxy',
          maxAmount: 1_000_000_000_000,
        },
      },
    ]);
  });

  it('rejects a second opening of the same auction', () => {
    const a = openScenario();
    expectRejected(
      a.run({
        type: 'OpenAuction',
        data: { auctionId: 'a1', sellerId: 'S', currency: 'USD', startingPrice: 1, endsAt: END },
      }),
      'AUCTION_ALREADY_EXISTS',
    );
  });

  it.each([
    ['a zero starting price', { startingPrice: 0 }],
    ['a fractional starting price', { startingPrice: 10.5 }],
    ['an end before the start', { startsAt: 5000, endsAt: 4000 }],
    ['an end in the past', { startsAt: 0, endsAt: 50 }],
    ['a reserve below the starting price', { reservePrice: 10 }],
    ['a buy-now price below the reserve', { reservePrice: 5000, buyNowPrice: 4000 }],
    ['a lowercase currency', { currency: 'usd' }],
    ['an unknown belowReserve policy', { belowReserve: 'secret' }],
    ['increments not starting at 0', { increments: [{ from: 10, increment: 5 }] }],
    [
      'increments not ascending',
      {
        increments: [
          { from: 0, increment: 5 },
          { from: 100, increment: 10 },
          { from: 100, increment: 20 },
        ],
      },
    ],
    ['a zero increment', { increments: [{ from: 0, increment: 0 }] }],
    ['a soft close without extension', { softClose: { windowMs: 100, extendMs: 0 } }],
    ['a soft close capped before the end', { softClose: { windowMs: 100, extendMs: 50, maxEndsAt: 500 } }],
    ['a starting price above maxAmount', { maxAmount: 100 }],
  ])('rejects %s as INVALID_COMMAND', (_name, override) => {
    const command = {
      type: 'OpenAuction',
      data: {
        auctionId: 'a1',
        sellerId: 'S',
        currency: 'USD',
        startingPrice: 1000,
        endsAt: 9000,
        ...override,
      },
    };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
    expectRejected(decide(command as any, initialState(), 100), 'INVALID_COMMAND');
  });

  it('copies a custom increment table instead of keeping the caller’s array', () => {
    const table = [
      { from: 0, increment: 7 },
      { from: 700, increment: 70 },
    ];
    const a = openScenario({ increments: table });
    table[0] = { from: 0, increment: 1 };
    expect(a.state().rules?.increments[0]).toEqual({ from: 0, increment: 7 });
  });
});

describe('accepting a bid, in the rulebook order', () => {
  it('1. rejects bids on an unknown auction, before the start, at or after the end, and after the close', () => {
    expectRejected(decide(bid('A', 1000), initialState(), T0), 'AUCTION_NOT_FOUND');
    const scheduled = openScenario({ startsAt: 5000 });
    expectRejected(scheduled.bid('A', 1000, 4999), 'AUCTION_NOT_STARTED');
    expectAccepted(scheduled.bid('A', 1000, 5000));
    const a = openScenario();
    expectRejected(a.bid('A', 1000, END), 'AUCTION_ENDED');
    expectAccepted(a.bid('A', 1000, END - 1));
    expectAccepted(a.run({ type: 'CloseAuction', data: { auctionId: 'a1' } }, END));
    expectRejected(a.bid('B', 5000, END + 1), 'AUCTION_CLOSED');
  });

  it('1. rejects a command for another auction than the state holds', () => {
    const a = openScenario();
    expectRejected(
      a.run({ type: 'PlaceBid', data: { auctionId: 'other', bidderId: 'A', amount: 1000 } }),
      'AUCTION_NOT_FOUND',
    );
  });

  it('2. rejects amounts that are not positive safe integers or above maxAmount', () => {
    const a = openScenario({ maxAmount: 1_000_000 });
    for (const amount of [0, -5, 10.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1_000_001])
      expectRejected(a.bid('A', amount), 'INVALID_COMMAND');
    expectAccepted(a.max('A', 1_000_000));
    expect(a.events()).toHaveLength(2);
  });

  it('3. the seller cannot bid', () => {
    const a = openScenario();
    expectRejected(a.bid('S', 5000), 'SELLER_CANNOT_BID');
    expectRejected(a.max('S', 5000), 'SELLER_CANNOT_BID');
  });

  it('4. the leader may only raise their max', () => {
    const a = openScenario();
    expectAccepted(a.max('A', 3000));
    expectRejected(a.bid('A', 4000), 'ALREADY_LEADING');
    expectRejected(a.max('A', 3000), 'MAX_NOT_RAISED');
    expectRejected(a.max('A', 2000), 'MAX_NOT_RAISED');
    expectAccepted(a.max('A', 3001));
    expect(a.state().leader).toMatchObject({ bidderId: 'A', max: 3001, seq: 1 });
  });

  it('4. a raise keeps the straight amount the leader already holds the price at', () => {
    const a = openScenario();
    expectAccepted(a.bid('A', 3000));
    a.expectView(3000, 'A');
    expectAccepted(a.max('A', 9000));
    a.expectView(3000, 'A');
  });

  it('5. a bid below the minimum next bid is too low; at the minimum it is accepted', () => {
    const a = openScenario();
    expectRejected(a.bid('A', 999), 'BID_TOO_LOW');
    expectAccepted(a.bid('A', 1000));
    expectRejected(a.bid('B', 1049), 'BID_TOO_LOW');
    expectAccepted(a.bid('B', 1050));
  });

  it('5. a bid that a proxy beats is still accepted and answered at once', () => {
    const a = openScenario();
    expectAccepted(a.max('A', 5000));
    const events = expectAccepted(a.bid('B', 4000));
    expect(events).toHaveLength(1);
    a.expectView(4100, 'A');
  });

  it('records the bidId of the command, or a deterministic one', () => {
    const a = openScenario();
    const [withId] = expectAccepted(
      a.run({ type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'A', maxAmount: 2000, bidId: 'x-1' } }),
    );
    expect(withId?.data).toMatchObject({ bidId: 'x-1' });
    const [withoutId] = expectAccepted(a.bid('B', 1050));
    expect(withoutId?.data).toMatchObject({ bidId: 'a1#2' });
  });
});

describe('reserve', () => {
  it("'proxy' keeps the price below the reserve until it is met, then jumps to it", () => {
    const a = openScenario({ reservePrice: 5000 });
    expectAccepted(a.max('A', 3000));
    a.expectView(1000, 'A');
    expect(publicView(a.state())?.reserveMet).toBe(false);
    expectAccepted(a.max('A', 6000));
    a.expectView(5000, 'A');
    expect(publicView(a.state())?.reserveMet).toBe(true);
  });

  it("'fullMax' shows the leader's whole max below the reserve", () => {
    const a = openScenario({ reservePrice: 5000, belowReserve: 'fullMax' });
    expectAccepted(a.max('A', 3000));
    a.expectView(3000, 'A', 3100);
    expectAccepted(a.max('B', 4000));
    a.expectView(4000, 'B');
    expectAccepted(a.max('C', 7000));
    a.expectView(5000, 'C');
  });

  it('a reserve met by a second bidder: the price is at least the reserve', () => {
    const a = openScenario({ reservePrice: 5000 });
    expectAccepted(a.max('A', 2000));
    expectAccepted(a.max('B', 9000));
    a.expectView(5000, 'B');
  });
});

describe('soft close', () => {
  const softClose = { windowMs: 1000, extendMs: 2000 };

  it('extends on a bid in the window that changes the price, to now + extendMs', () => {
    const a = openScenario({ softClose });
    const events = expectAccepted(a.bid('A', 1000, END - 500));
    expect(events[1]).toEqual({
      type: 'AuctionExtended',
      data: { auctionId: 'a1', at: END - 500, previousEndsAt: END, endsAt: END + 1500 },
    });
    expect(publicView(a.state())?.endsAt).toBe(END + 1500);
    expectAccepted(a.bid('B', 1050, END + 1000));
  });

  it('does not extend before the window, nor on a silent raise', () => {
    const a = openScenario({ softClose });
    expect(expectAccepted(a.max('A', 5000, END - 1001))).toHaveLength(1);
    expect(expectAccepted(a.max('A', 8000, END - 10))).toHaveLength(1);
    expect(a.state().endsAt).toBe(END);
  });

  it('extends on a bid exactly windowMs before the end, not one ms earlier', () => {
    const early = openScenario({ softClose });
    expect(expectAccepted(early.bid('A', 1000, END - 1001))).toHaveLength(1);
    expect(early.state().endsAt).toBe(END);
    const exact = openScenario({ softClose });
    expect(expectAccepted(exact.bid('A', 1000, END - 1000))[1]).toEqual({
      type: 'AuctionExtended',
      data: { auctionId: 'a1', at: END - 1000, previousEndsAt: END, endsAt: END + 1000 },
    });
  });

  it('does not move the end when now + extendMs is not past it, nor when the cap is the end', () => {
    const short = openScenario({ softClose: { windowMs: 1000, extendMs: 200 } });
    expect(expectAccepted(short.bid('A', 1000, END - 500))).toHaveLength(1);
    expect(expectAccepted(short.bid('B', 1050, END - 200))).toHaveLength(1);
    expect(short.state().endsAt).toBe(END);
    expect(expectAccepted(short.bid('A', 1100, END - 199))[1]?.data).toMatchObject({ endsAt: END + 1 });
    const capped = openScenario({ softClose: { ...softClose, maxEndsAt: END } });
    expect(expectAccepted(capped.bid('A', 1000, END - 10))).toHaveLength(1);
    expect(capped.state().endsAt).toBe(END);
  });

  it('extends on a bid that the leader’s proxy answers: the price moves, the leader stays', () => {
    const a = openScenario({ softClose, increments: increments.flat(100) });
    expectAccepted(a.max('A', 3000));
    const events = expectAccepted(a.max('B', 2000, END - 10));
    a.expectView(2100, 'A');
    expect(events[1]).toMatchObject({ type: 'AuctionExtended', data: { endsAt: END + 1990 } });
  });

  it('never extends past maxEndsAt, and a rejected bid never extends', () => {
    const a = openScenario({ softClose: { ...softClose, maxEndsAt: END + 700 } });
    expectRejected(a.bid('A', 10, END - 10), 'BID_TOO_LOW');
    expect(a.state().endsAt).toBe(END);
    expectAccepted(a.bid('A', 1000, END - 10));
    expect(a.state().endsAt).toBe(END + 700);
    expect(expectAccepted(a.bid('B', 1050, END + 600))).toHaveLength(1);
    expectRejected(a.bid('C', 5000, END + 700), 'AUCTION_ENDED');
  });
});

describe("soft close from: 'end' (Yahoo! Auctions Japan)", () => {
  const softClose = { windowMs: 1000, extendMs: 2000, from: 'end' as const };

  it('adds extendMs to the current end, again and again, whenever the bid came in the window', () => {
    const a = openScenario({ softClose });
    expect(expectAccepted(a.bid('A', 1000, END - 1000))[1]).toEqual({
      type: 'AuctionExtended',
      data: { auctionId: 'a1', at: END - 1000, previousEndsAt: END, endsAt: END + 2000 },
    });
    // A qualifying bid in the window of the new end: the end moves on from it, not from the bid.
    expect(expectAccepted(a.bid('B', 1050, END + 1000))[1]?.data).toMatchObject({
      previousEndsAt: END + 2000,
      endsAt: END + 4000,
    });
    // Before the window of the new end, nothing moves.
    expect(expectAccepted(a.bid('A', 1100, END + 2999))).toHaveLength(1);
    expect(expectAccepted(a.bid('B', 1150, END + 3000))[1]?.data).toMatchObject({ endsAt: END + 6000 });
    expect(publicView(a.state())?.endsAt).toBe(END + 6000);
  });

  it('extends even when now + extendMs would not reach past the end (from the bid would not)', () => {
    const fromBid = openScenario({ softClose: { windowMs: 1000, extendMs: 200 } });
    expect(expectAccepted(fromBid.bid('A', 1000, END - 500))).toHaveLength(1);
    const fromEnd = openScenario({ softClose: { windowMs: 1000, extendMs: 200, from: 'end' } });
    expect(expectAccepted(fromEnd.bid('A', 1000, END - 500))[1]?.data).toMatchObject({ endsAt: END + 200 });
  });

  it('never past maxEndsAt; a silent raise, a rejected bid and a bid before the window never extend', () => {
    const a = openScenario({ softClose: { ...softClose, maxEndsAt: END + 3000 } });
    expect(expectAccepted(a.max('A', 5000, END - 1001))).toHaveLength(1);
    expect(expectAccepted(a.max('A', 8000, END - 10))).toHaveLength(1);
    expectRejected(a.bid('B', 10, END - 10), 'BID_TOO_LOW');
    expect(a.state().endsAt).toBe(END);
    expect(expectAccepted(a.bid('B', 1050, END - 10))[1]?.data).toMatchObject({ endsAt: END + 2000 });
    expect(expectAccepted(a.bid('C', 1200, END + 1500))[1]?.data).toMatchObject({ endsAt: END + 3000 });
    expect(expectAccepted(a.bid('D', 1400, END + 2500))).toHaveLength(1);
    expect(a.state().endsAt).toBe(END + 3000);
  });

  it("is recorded in AuctionOpened only when given; 'bid' and 'end' are the only values", () => {
    const opened = (policy: object) =>
      decide(
        {
          type: 'OpenAuction',
          data: {
            auctionId: 'a1',
            sellerId: 'S',
            currency: 'USD',
            startingPrice: 1000,
            endsAt: END,
            softClose: policy as never,
          },
        },
        initialState(),
        T0,
      );
    expect(opened({ windowMs: 1, extendMs: 2 })).toMatchObject({
      ok: true,
      events: [{ data: { softClose: { windowMs: 1, extendMs: 2 } } }],
    });
    const recorded = (policy: object) => {
      const decision = opened(policy);
      return decision.ok
        ? (decision.events[0]?.data as { softClose?: unknown } | undefined)?.softClose
        : decision;
    };
    expect(recorded({ windowMs: 1, extendMs: 2 })).toStrictEqual({ windowMs: 1, extendMs: 2 });
    expect(recorded({ windowMs: 1, extendMs: 2, from: 'bid' })).toStrictEqual({
      windowMs: 1,
      extendMs: 2,
      from: 'bid',
    });
    expect(recorded({ windowMs: 1, extendMs: 2, from: 'end', extra: 1 })).toStrictEqual({
      windowMs: 1,
      extendMs: 2,
      from: 'end',
    });
    expect(recorded({ windowMs: 1, extendMs: 2, from: 'start' })).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
      message: "data.softClose.from must be 'bid' or 'end'",
      details: { field: 'data.softClose.from' },
    });
  });
});

describe('buy it now', () => {
  it('closes the auction as sold at the buy-now price before any bid', () => {
    const a = openScenario({ buyNowPrice: 9000 });
    expectRejected(a.run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'S' } }), 'SELLER_CANNOT_BID');
    const events = expectAccepted(a.run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'B' } }, 2000));
    expect(events).toEqual([
      {
        type: 'AuctionClosed',
        data: { auctionId: 'a1', at: 2000, outcome: 'sold', winnerId: 'B', price: 9000, reason: 'buy-now' },
      },
    ]);
    expect(publicView(a.state())).toMatchObject({
      status: 'closed',
      minimumNextBid: null,
      outcome: { outcome: 'sold', winnerId: 'B' },
    });
  });

  it('is unavailable after the first bid, or without a buy-now price', () => {
    const a = openScenario({ buyNowPrice: 9000 });
    expectAccepted(a.bid('A', 1000));
    expectRejected(a.run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'B' } }), 'BUY_NOW_UNAVAILABLE');
    expectRejected(
      openScenario().run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'B' } }),
      'BUY_NOW_UNAVAILABLE',
    );
  });

  it('with a reserve, stays available until the reserve is met', () => {
    const a = openScenario({ reservePrice: 5000, buyNowPrice: 9000 });
    expectAccepted(a.max('A', 4000));
    expect(publicView(a.state())?.buyNowPrice).toBe(9000);
    expectAccepted(a.max('A', 5000));
    expect(publicView(a.state())?.buyNowPrice).toBeNull();
    expectRejected(a.run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'B' } }), 'BUY_NOW_UNAVAILABLE');
  });
});

describe('closing', () => {
  const close = { type: 'CloseAuction', data: { auctionId: 'a1' } } as const;

  it('is refused before the end', () => {
    expectRejected(openScenario().run(close, END - 1), 'NOT_ENDED');
    expectRejected(decide(close, initialState(), END), 'AUCTION_NOT_FOUND');
  });

  it('sells to the leader at the visible price', () => {
    const a = openScenario();
    expectAccepted(a.max('A', 5000));
    expectAccepted(a.max('B', 3000));
    const events = expectAccepted(a.run(close, END));
    expect(events[0]?.data).toEqual({
      auctionId: 'a1',
      at: END,
      outcome: 'sold',
      winnerId: 'A',
      price: 3100,
    });
  });

  it('is unsold with no bids, or with the reserve not met', () => {
    expect(expectAccepted(openScenario().run(close, END))[0]?.data).toMatchObject({
      outcome: 'unsold',
      reason: 'no-bids',
    });
    const a = openScenario({ reservePrice: 5000 });
    expectAccepted(a.max('A', 4999));
    expect(expectAccepted(a.run(close, END))[0]?.data).toMatchObject({
      outcome: 'unsold',
      reason: 'reserve-not-met',
    });
  });

  it('is not found for another auction’s id, open or closed', () => {
    const a = openScenario();
    const other = { type: 'CloseAuction', data: { auctionId: 'other' } } as const;
    expect(a.run(other, END)).toStrictEqual({
      ok: false,
      code: 'AUCTION_NOT_FOUND',
      message: "Auction 'other' does not exist",
      details: {},
    });
    expectAccepted(a.run(close, END));
    expectRejected(a.run(other, END + 1), 'AUCTION_NOT_FOUND');
    expect(a.events()).toHaveLength(2);
  });

  it('says when the auction ends, as data and in the message', () => {
    expect(openScenario().run(close, END - 1)).toStrictEqual({
      ok: false,
      code: 'NOT_ENDED',
      message: `Auction 'a1' ends at ${new Date(END).toISOString()}`,
      details: { endsAt: END },
    });
  });

  it.each([
    [{}, 'data.auctionId is required'],
    [{ auctionId: 5 }, 'data.auctionId must be a non-empty string'],
    [{ auctionId: '' }, 'data.auctionId must be a non-empty string'],
  ])('rejects the shape %j as INVALID_COMMAND, before looking at the state', (data, message) => {
    const a = openScenario();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
    const decision = a.run({ type: 'CloseAuction', data } as any, END);
    expect(decision).toStrictEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message,
      details: { field: 'data.auctionId' },
    });
  });

  it('closing twice records nothing and is not an error', () => {
    const a = openScenario();
    expectAccepted(a.run(close, END));
    expect(expectAccepted(a.run(close, END + 5))).toEqual([]);
  });
});

describe('cancelling', () => {
  const cancel = (by: string) =>
    ({ type: 'CancelAuction', data: { auctionId: 'a1', by, reason: 'withdrawn' } }) as const;

  it('the seller may cancel before the first bid', () => {
    const a = openScenario();
    expectRejected(a.run(cancel('A')), 'CANCEL_NOT_ALLOWED');
    expectAccepted(a.run(cancel('S')));
    expect(publicView(a.state())?.status).toBe('cancelled');
    expectRejected(a.bid('A', 1000), 'AUCTION_CLOSED');
    expectRejected(a.run(cancel('S')), 'AUCTION_CLOSED');
  });

  it('not after a bid', () => {
    const a = openScenario();
    expectAccepted(a.bid('A', 1000));
    expect(a.run(cancel('S'))).toStrictEqual({
      ok: false,
      code: 'CANCEL_NOT_ALLOWED',
      message: 'An auction with bids cannot be cancelled',
      details: { reason: 'has-bids' },
    });
    expect(a.run(cancel('A'))).toStrictEqual({
      ok: false,
      code: 'CANCEL_NOT_ALLOWED',
      message: 'Only the seller can cancel an auction',
      details: { reason: 'not-seller' },
    });
  });

  it('records who cancelled and why, and no reason when none is given', () => {
    const a = openScenario();
    expect(expectAccepted(a.run(cancel('S'), 2000))).toStrictEqual([
      { type: 'AuctionCancelled', data: { auctionId: 'a1', at: 2000, by: 'S', reason: 'withdrawn' } },
    ]);
    const b = openScenario();
    expect(
      expectAccepted(b.run({ type: 'CancelAuction', data: { auctionId: 'a1', by: 'S' } }, 2000)),
    ).toStrictEqual([{ type: 'AuctionCancelled', data: { auctionId: 'a1', at: 2000, by: 'S' } }]);
  });

  it('is not found for another auction’s id, or before any auction', () => {
    const a = openScenario();
    const other = { type: 'CancelAuction', data: { auctionId: 'other', by: 'S' } } as const;
    expect(a.run(other)).toStrictEqual({
      ok: false,
      code: 'AUCTION_NOT_FOUND',
      message: "Auction 'other' does not exist",
      details: {},
    });
    expectRejected(decide(cancel('S'), initialState(), T0), 'AUCTION_NOT_FOUND');
    expect(a.state().status).toBe('open');
  });

  it('says that a cancelled or closed auction is so', () => {
    const a = openScenario();
    expectAccepted(a.run(cancel('S')));
    expect(a.run(cancel('S'))).toStrictEqual({
      ok: false,
      code: 'AUCTION_CLOSED',
      message: "Auction 'a1' is cancelled",
      details: { status: 'cancelled' },
    });
    const b = openScenario();
    expectAccepted(b.run({ type: 'CloseAuction', data: { auctionId: 'a1' } }, END));
    expect(b.run(cancel('S'), END)).toStrictEqual({
      ok: false,
      code: 'AUCTION_CLOSED',
      message: "Auction 'a1' is closed",
      details: { status: 'closed' },
    });
  });

  it.each([
    [{ auctionId: 'a1' }, 'data.by', 'data.by is required'],
    [{ auctionId: 'a1', by: '' }, 'data.by', 'data.by must be a non-empty string'],
    [{ by: 'S' }, 'data.auctionId', 'data.auctionId is required'],
    [{ auctionId: 'a1', by: 'S', reason: 5 }, 'data.reason', 'data.reason must be a non-empty string'],
    [{ auctionId: 'a1', by: 'S', reason: '' }, 'data.reason', 'data.reason must be a non-empty string'],
  ])('rejects the shape %j as INVALID_COMMAND naming %s', (data, field, message) => {
    const a = openScenario();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
    const decision = a.run({ type: 'CancelAuction', data } as any);
    expect(decision).toStrictEqual({ ok: false, code: 'INVALID_COMMAND', message, details: { field } });
    expect(a.state().status).toBe('open');
  });
});

describe('publicView', () => {
  it('shows a scheduled auction before its start, and no price before the first bid', () => {
    const a = openScenario({ startsAt: 5000 });
    expect(publicView(a.state(), 4000)).toMatchObject({
      status: 'scheduled',
      price: null,
      leaderId: null,
      minimumNextBid: 1000,
      bidCount: 0,
      reserveMet: null,
    });
    expect(publicView(a.state(), 5000)?.status).toBe('open');
    expect(publicView(initialState())).toBeNull();
  });

  it("shows 'ended' from the effective end until the close is recorded, with nothing left to bid or buy", () => {
    const a = openScenario({ buyNowPrice: 9000, softClose: { windowMs: 1000, extendMs: 2000 } });
    expect(publicView(a.state(), END - 1)).toMatchObject({
      status: 'open',
      minimumNextBid: 1000,
      buyNowPrice: 9000,
    });
    expect(publicView(a.state(), END)).toStrictEqual({
      auctionId: 'a1',
      status: 'ended',
      currency: 'USD',
      price: null,
      leaderId: null,
      minimumNextBid: null,
      bidCount: 0,
      reserveMet: null,
      startsAt: T0,
      endsAt: END,
      buyNowPrice: null,
    });
    expect(publicView(a.state())?.status).toBe('open');
    const b = openScenario({ softClose: { windowMs: 1000, extendMs: 2000 } });
    expectAccepted(b.bid('A', 1000, END - 10));
    expect(publicView(b.state(), END)).toMatchObject({
      status: 'open',
      minimumNextBid: 1050,
      endsAt: END + 1990,
    });
    expect(publicView(b.state(), END + 1990)).toMatchObject({
      status: 'ended',
      minimumNextBid: null,
      price: 1000,
    });
    expectAccepted(b.run({ type: 'CloseAuction', data: { auctionId: 'a1' } }, END + 1990));
    expect(publicView(b.state(), END + 1990)?.status).toBe('closed');
  });

  it('does not count a silent raise in bidCount; a raise that moves the price counts', () => {
    const a = openScenario({ reservePrice: 5000 });
    expectAccepted(a.max('A', 2000));
    expectAccepted(a.max('B', 3000));
    expect(publicView(a.state(), T0)?.bidCount).toBe(2);
    const before = publicView(a.state(), T0);
    expectAccepted(a.max('B', 4000));
    expect(publicView(a.state(), T0)).toEqual(before);
    expect(a.state()).toMatchObject({ bidCount: 3, visibleBidCount: 2 });
    expectAccepted(a.max('B', 6000));
    expect(publicView(a.state(), T0)).toMatchObject({ price: 5000, bidCount: 3, reserveMet: true });
  });

  it('never carries the leader’s max', () => {
    const a = openScenario();
    expectAccepted(a.max('A', 987654));
    expect(JSON.stringify(publicView(a.state()))).not.toContain('987654');
    expect(fold(a.events())).toEqual(a.state());
  });
});

describe('shape', () => {
  it.each([
    null,
    42,
    'PlaceBid',
    {},
    { type: 'Nope', data: {} },
    { type: 'PlaceBid' },
    { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: '', amount: 5 } },
    { type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'A', maxAmount: '5' } },
  ])('rejects %j as INVALID_COMMAND', (input) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
    expectRejected(decide(input as any, openScenario().state(), T0), 'INVALID_COMMAND');
  });
});

describe('rejections, word for word: the code, the message for people, the details as data', () => {
  /** Deliberately invalid input, typed as a command. */
  const asCommand = (value: unknown): AuctionCommand => value as AuctionCommand;
  const iso = (ms: number) => new Date(ms).toISOString();
  const opened = () => openScenario({ maxAmount: 1_000_000, buyNowPrice: 9000 });

  it.each([
    [
      'an unknown auction',
      () => decide(bid('A', 1000), initialState(), T0),
      'AUCTION_NOT_FOUND',
      "Auction 'a1' does not exist",
      {},
    ],
    [
      'a second opening',
      () =>
        openScenario().run({
          type: 'OpenAuction',
          data: { auctionId: 'a1', sellerId: 'S', currency: 'USD', startingPrice: 1, endsAt: END },
        }),
      'AUCTION_ALREADY_EXISTS',
      "Auction 'a1' already exists",
      {},
    ],
    [
      'a bid before the start',
      () => openScenario({ startsAt: 5000 }).bid('A', 1000, 4999),
      'AUCTION_NOT_STARTED',
      `Auction 'a1' starts at ${iso(5000)}`,
      { startsAt: 5000 },
    ],
    [
      'a bid at the end',
      () => opened().bid('A', 1000, END),
      'AUCTION_ENDED',
      `Auction 'a1' ended at ${iso(END)}`,
      { endsAt: END },
    ],
    [
      'a zero amount',
      () => opened().bid('A', 0),
      'INVALID_COMMAND',
      'data.amount must be a positive safe integer of minor units',
      { field: 'data.amount' },
    ],
    [
      'a fractional max',
      () => opened().max('A', 10.5),
      'INVALID_COMMAND',
      'data.maxAmount must be a positive safe integer of minor units',
      { field: 'data.maxAmount' },
    ],
    [
      'an amount above maxAmount',
      () => opened().bid('A', 1_000_001),
      'INVALID_COMMAND',
      "data.amount is above this auction's largest amount, $10,000.00",
      { field: 'data.amount', atMost: 1_000_000 },
    ],
    [
      'a max above maxAmount',
      () => opened().max('A', 1_000_001),
      'INVALID_COMMAND',
      "data.maxAmount is above this auction's largest amount, $10,000.00",
      { field: 'data.maxAmount', atMost: 1_000_000 },
    ],
    [
      'a bid by the seller',
      () => opened().bid('S', 1000),
      'SELLER_CANNOT_BID',
      'The seller cannot bid on their own auction',
      {},
    ],
    [
      'buy-it-now by the seller',
      () => opened().run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'S' } }),
      'SELLER_CANNOT_BID',
      'The seller cannot buy their own item',
      {},
    ],
    [
      'a first bid too low',
      () => opened().bid('A', 999),
      'BID_TOO_LOW',
      'The minimum next bid is $10.00',
      { minimumNextBid: 1000 },
    ],
    [
      'a bid too low after a bid',
      () => {
        const a = opened();
        expectAccepted(a.bid('A', 1000));
        return a.max('B', 1049);
      },
      'BID_TOO_LOW',
      'The minimum next bid is $10.50',
      { minimumNextBid: 1050 },
    ],
    [
      'a bid too low in yen',
      () => openScenario({ currency: 'JPY', startingPrice: 1500 }).bid('A', 1499),
      'BID_TOO_LOW',
      'The minimum next bid is ¥1,500',
      { minimumNextBid: 1500 },
    ],
    [
      'a straight bid by the leader',
      () => {
        const a = opened();
        expectAccepted(a.max('A', 3000));
        return a.bid('A', 5000);
      },
      'ALREADY_LEADING',
      'You are already leading; raise your maximum instead of bidding again',
      {},
    ],
    [
      'a max not above the leader’s own',
      () => {
        const a = opened();
        expectAccepted(a.max('A', 3000));
        return a.max('A', 3000);
      },
      'MAX_NOT_RAISED',
      'A new maximum must be above your current maximum of $30.00',
      { currentMax: 3000 },
    ],
    [
      'buy-it-now after a bid',
      () => {
        const a = opened();
        expectAccepted(a.bid('A', 1000));
        return a.run({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: 'B' } });
      },
      'BUY_NOW_UNAVAILABLE',
      'Buy it now is not offered, or no longer available, on this auction',
      {},
    ],
    [
      'a command that is not an object',
      () => decide(asCommand(null), initialState(), T0),
      'INVALID_COMMAND',
      'command must be an object { type, data }',
      { field: 'command' },
    ],
    [
      'an unknown command type',
      () => decide(asCommand({ type: 'Nope', data: {} }), initialState(), T0),
      'INVALID_COMMAND',
      'type must be one of OpenAuction, PlaceBid, SetMaxBid, BuyNow, CloseAuction, CancelAuction, RetractBid',
      { field: 'type' },
    ],
    [
      'data that is not an object',
      () => decide(asCommand({ type: 'PlaceBid', data: 'bid' }), initialState(), T0),
      'INVALID_COMMAND',
      'data must be an object',
      { field: 'data' },
    ],
    [
      'an amount that is not a number',
      () =>
        decide(
          asCommand({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'A', amount: '5' } }),
          initialState(),
          T0,
        ),
      'INVALID_COMMAND',
      'data.amount must be a number',
      { field: 'data.amount' },
    ],
    [
      'a bid without its amount',
      () =>
        decide(asCommand({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'A' } }), initialState(), T0),
      'INVALID_COMMAND',
      'data.amount is required',
      { field: 'data.amount' },
    ],
    [
      'a max bid without its max',
      () =>
        decide(
          asCommand({ type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'A' } }),
          initialState(),
          T0,
        ),
      'INVALID_COMMAND',
      'data.maxAmount is required',
      { field: 'data.maxAmount' },
    ],
    [
      'a listing without its starting price',
      () =>
        decide(
          asCommand({
            type: 'OpenAuction',
            data: { auctionId: 'a1', sellerId: 'S', currency: 'USD', endsAt: END },
          }),
          initialState(),
          T0,
        ),
      'INVALID_COMMAND',
      'data.startingPrice is required',
      { field: 'data.startingPrice' },
    ],
    [
      'a listing without its end',
      () =>
        decide(
          asCommand({
            type: 'OpenAuction',
            data: { auctionId: 'a1', sellerId: 'S', currency: 'USD', startingPrice: 1 },
          }),
          initialState(),
          T0,
        ),
      'INVALID_COMMAND',
      'data.endsAt is required',
      { field: 'data.endsAt' },
    ],
    [
      'softClose that is not an object',
      () =>
        decide(
          asCommand({
            type: 'OpenAuction',
            data: {
              auctionId: 'a1',
              sellerId: 'S',
              currency: 'USD',
              startingPrice: 1,
              endsAt: END,
              softClose: null,
            },
          }),
          initialState(),
          T0,
        ),
      'INVALID_COMMAND',
      'data.softClose must be an object',
      { field: 'data.softClose' },
    ],
    [
      'a time that is not epoch ms',
      () => decide(bid('A', 1000), openScenario().state(), Number.NaN),
      'INVALID_COMMAND',
      'now must be epoch milliseconds (a safe integer)',
      { field: 'now' },
    ],
  ] as const)('%s', (_case, run, code, message, details) => {
    expect(run()).toStrictEqual({ ok: false, code, message, details });
  });

  it('quotes at most a prefix of a long id', () => {
    const id = 'x'.repeat(10_000);
    const decision = decide({ type: 'CloseAuction', data: { auctionId: id } }, initialState(), T0);
    expect(decision).toStrictEqual({
      ok: false,
      code: 'AUCTION_NOT_FOUND',
      message: `Auction '${'x'.repeat(40)}…' does not exist`,
      details: {},
    });
    const forty = 'y'.repeat(40);
    expect(decide({ type: 'CloseAuction', data: { auctionId: forty } }, initialState(), T0)).toMatchObject({
      message: `Auction '${forty}' does not exist`,
    });
  });

  it('shows a time beyond the range of Date as epoch ms, and the last one Date can show in ISO', () => {
    const far = 9_000_000_000_000_000;
    expect(openScenario({ startsAt: far, endsAt: far + 1000 }).bid('A', 1000)).toMatchObject({
      code: 'AUCTION_NOT_STARTED',
      message: `Auction 'a1' starts at ${far} ms after the epoch`,
      details: { startsAt: far },
    });
    const last = 8_640_000_000_000_000;
    expect(openScenario({ startsAt: last, endsAt: last + 1000 }).bid('A', 1000)).toMatchObject({
      message: "Auction 'a1' starts at +275760-09-13T00:00:00.000Z",
    });
  });

  it('still answers, in minor units, for a state whose currency cannot be formatted', () => {
    const a = openScenario();
    const state = {
      ...a.state(),
      rules: { ...(a.state().rules as NonNullable<ReturnType<typeof a.state>['rules']>), currency: 'US' },
    };
    expect(decide(bid('A', 5), state, T0)).toStrictEqual({
      ok: false,
      code: 'BID_TOO_LOW',
      message: 'The minimum next bid is 1000 minor units of US',
      details: { minimumNextBid: 1000 },
    });
  });
});
