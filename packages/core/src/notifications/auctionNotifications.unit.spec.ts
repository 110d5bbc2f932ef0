import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AuctionCommand, OpenAuction } from '../auction/commands';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';
import { fold } from '../auction/fold';
import { auctionSpecification, openAuctionCommand, TEST_AUCTION_START } from '../testing/index';
import type { AuctionNotification } from './auctionNotification';
import { auctionNotifications } from './auctionNotifications';
import { lostNotification } from './lostNotification';

// The fixture auction: seller `seller`, USD, starting at 100, flat increments of 50, open for a day.
const AUCTION = 'lot-1';
const START = TEST_AUCTION_START;
const END = START + 86_400_000;
const minutes = (n: number): number => START + n * 60_000;

const maxBid = (bidderId: string, maxAmount: number): AuctionCommand => ({
  type: 'SetMaxBid',
  data: { auctionId: AUCTION, bidderId, maxAmount },
});
const bid = (bidderId: string, amount: number): AuctionCommand => ({
  type: 'PlaceBid',
  data: { auctionId: AUCTION, bidderId, amount },
});
const buyNow = (buyerId: string): AuctionCommand => ({
  type: 'BuyNow',
  data: { auctionId: AUCTION, buyerId },
});
const close: AuctionCommand = { type: 'CloseAuction', data: { auctionId: AUCTION } };

type Step = readonly [command: AuctionCommand, now: number];

/** The events that `command`, decided at `now` after `history`, records (it must be accepted). */
const record = (history: readonly AuctionEvent[], command: AuctionCommand, now: number): AuctionEvent[] => {
  const decision = decide(command, fold(history), now);
  if (!decision.ok) throw new Error(`${command.type}: ${decision.code} ${decision.message}`);
  return [...decision.events];
};

/** Given: the fixture auction opened (with `rules` over the fixture's), then each step accepted in turn. */
const given = (rules: Partial<OpenAuction['data']>, ...steps: Step[]): AuctionEvent[] => {
  let events = record([], openAuctionCommand(AUCTION, rules), START);
  for (const [command, now] of steps) events = [...events, ...record(events, command, now)];
  return events;
};

/**
 * When: `command` is decided at `now` after `history`; then: the notifications of each event it records,
 * one list per event, each event numbered after the history (as a store gives `streamVersion`).
 */
const when = (history: readonly AuctionEvent[], command: AuctionCommand, now: number) => {
  const decision = auctionSpecification().given(history).when(command, now).decision();
  if (!decision.ok) throw new Error(`when ${command.type}: ${decision.code} ${decision.message}`);
  return notificationsOf(history, decision.events);
};

/** The notifications of `events` recorded after `history`, one list per event. */
const notificationsOf = (history: readonly AuctionEvent[], events: readonly AuctionEvent[]) => {
  let state = fold(history);
  return events.map((event, i) => {
    const before = state;
    state = evolve(state, event);
    return auctionNotifications({ ...event, streamVersion: history.length + 1 + i }, before, state);
  });
};

describe('auctionNotifications: outbid', () => {
  it('tells the leader that a higher max took the lead, with the new price and minimum next bid', () => {
    const history = given({}, [maxBid('alice', 300), minutes(1)]);
    const notifications = when(history, maxBid('bob', 500), minutes(2));
    expect(notifications).toEqual([
      [
        {
          id: 'lot-1@3:outbid:leader',
          kind: 'outbid',
          userId: 'alice',
          auctionId: AUCTION,
          version: 3,
          at: minutes(2),
          currency: 'USD',
          price: 350,
          minimumNextBid: 400,
        },
      ],
    ]);
    // Nothing of the new leader: neither their id nor their max.
    expect(JSON.stringify(notifications)).not.toMatch(/bob|500/);
  });

  it('tells the leader that a straight bid took the lead', () => {
    const history = given({}, [bid('alice', 100), minutes(1)]);
    expect(when(history, bid('bob', 150), minutes(2))).toEqual([
      [expect.objectContaining({ kind: 'outbid', userId: 'alice', price: 150, minimumNextBid: 200 })],
    ]);
  });

  it('tells nobody when the leader’s proxy answers the bid at once (the bidder learns it from the answer)', () => {
    const history = given({}, [maxBid('alice', 500), minutes(1)]);
    expect(when(history, bid('bob', 200), minutes(2))).toEqual([[]]);
  });

  it('tells nobody at a tie: the earlier max keeps the lead', () => {
    const history = given({}, [maxBid('alice', 500), minutes(1)]);
    expect(when(history, maxBid('bob', 500), minutes(2))).toEqual([[]]);
  });

  it('tells nobody at the first bid, nor at the leader’s raise', () => {
    const opened = given({});
    expect(when(opened, maxBid('alice', 300), minutes(1))).toEqual([[]]);
    const leading = given({}, [maxBid('alice', 300), minutes(1)]);
    expect(when(leading, maxBid('alice', 900), minutes(2))).toEqual([[]]);
  });

  it('tells the leader once when a late bid also extends the auction (the extension tells nobody)', () => {
    const history = given({ softClose: { windowMs: 60_000, extendMs: 120_000 } }, [
      maxBid('alice', 300),
      minutes(1),
    ]);
    const notifications = when(history, maxBid('bob', 500), END - 1000);
    expect(notifications).toEqual([
      [expect.objectContaining({ id: 'lot-1@3:outbid:leader', userId: 'alice', price: 350 })],
      [],
    ]);
  });
});

describe('auctionNotifications: the close', () => {
  it('sold: won to the winner and sold to the seller, with the sale price', () => {
    const history = given({}, [maxBid('alice', 300), minutes(1)], [maxBid('bob', 500), minutes(2)]);
    const base = { auctionId: AUCTION, version: 4, at: END, currency: 'USD', price: 350, buyNow: false };
    expect(when(history, close, END)).toEqual([
      [
        { ...base, id: 'lot-1@4:won:winner', kind: 'won', userId: 'bob' },
        { ...base, id: 'lot-1@4:sold:seller', kind: 'sold', userId: 'seller' },
      ],
    ]);
  });

  it('unsold without a bid: unsold to the seller, reason no-bids, no price', () => {
    expect(when(given({}), close, END)).toEqual([
      [
        {
          id: 'lot-1@2:unsold:seller',
          kind: 'unsold',
          userId: 'seller',
          auctionId: AUCTION,
          version: 2,
          at: END,
          currency: 'USD',
          reason: 'no-bids',
          price: null,
        },
      ],
    ]);
  });

  it('unsold below the reserve: unsold to the seller with the last visible price, not the max', () => {
    const history = given({ reservePrice: 1000 }, [maxBid('alice', 500), minutes(1)]);
    const notifications = when(history, close, END);
    expect(notifications).toEqual([
      [expect.objectContaining({ kind: 'unsold', userId: 'seller', reason: 'reserve-not-met', price: 100 })],
    ]);
    expect(JSON.stringify(notifications)).not.toMatch(/alice|500/);
  });

  it('a second close records nothing and tells nobody', () => {
    const closed = [...given({}), ...record(given({}), close, END)];
    expect(when(closed, close, END + 1)).toEqual([]);
  });
});

describe('auctionNotifications: buy it now', () => {
  it('won to the buyer and sold to the seller at the buy-it-now price', () => {
    const history = given({ buyNowPrice: 2000 });
    const base = {
      auctionId: AUCTION,
      version: 2,
      at: minutes(5),
      currency: 'USD',
      price: 2000,
      buyNow: true,
    };
    expect(when(history, buyNow('carol'), minutes(5))).toEqual([
      [
        { ...base, id: 'lot-1@2:won:winner', kind: 'won', userId: 'carol' },
        { ...base, id: 'lot-1@2:sold:seller', kind: 'sold', userId: 'seller' },
      ],
    ]);
  });

  it('over a leader below the reserve: won and sold only; the leader’s lost is the caller’s to send', () => {
    const history = given({ reservePrice: 1000, buyNowPrice: 2000 }, [maxBid('alice', 500), minutes(1)]);
    const notifications = when(history, buyNow('bob'), minutes(5));
    expect(notifications).toEqual([
      [
        expect.objectContaining({ kind: 'won', userId: 'bob', price: 2000, buyNow: true }),
        expect.objectContaining({ kind: 'sold', userId: 'seller', price: 2000, buyNow: true }),
      ],
    ]);
    expect(JSON.stringify(notifications)).not.toContain('alice');
  });

  it('by the leader below the reserve: won to them and sold to the seller', () => {
    const history = given({ reservePrice: 1000, buyNowPrice: 2000 }, [maxBid('alice', 500), minutes(1)]);
    expect(when(history, buyNow('alice'), minutes(5))).toEqual([
      [
        expect.objectContaining({ id: 'lot-1@3:won:winner', kind: 'won', userId: 'alice', price: 2000 }),
        expect.objectContaining({ id: 'lot-1@3:sold:seller', kind: 'sold', userId: 'seller', price: 2000 }),
      ],
    ]);
  });
});

describe('auctionNotifications: cancellation and the other events', () => {
  it('a cancellation the rules allow (before any bid) tells nobody', () => {
    const cancel: AuctionCommand = { type: 'CancelAuction', data: { auctionId: AUCTION, by: 'seller' } };
    expect(when(given({}), cancel, minutes(1))).toEqual([[]]);
  });

  it('a cancellation over a leader (a stream today’s rules do not write) tells the leader', () => {
    const history = given({}, [maxBid('alice', 300), minutes(1)]);
    const cancelled: AuctionEvent = {
      type: 'AuctionCancelled',
      data: { auctionId: AUCTION, at: minutes(2), by: 'seller', reason: 'damaged' },
    };
    expect(notificationsOf(history, [cancelled])).toEqual([
      [
        {
          id: 'lot-1@3:cancelled:leader',
          kind: 'cancelled',
          userId: 'alice',
          auctionId: AUCTION,
          version: 3,
          at: minutes(2),
          currency: 'USD',
        },
      ],
    ]);
  });

  it('the opening tells nobody, nor does an event type this version does not know', () => {
    expect(when([], openAuctionCommand(AUCTION), START)).toEqual([[]]);
    const state = fold(given({}));
    const unknown = { type: 'BidWithdrawn', data: { auctionId: AUCTION, at: 1 }, streamVersion: 2 };
    expect(auctionNotifications(unknown as never, state, state)).toEqual([]);
  });

  it('gives the same notifications, ids included, for the same event every time', () => {
    const history = given({}, [maxBid('alice', 300), minutes(1)], [maxBid('bob', 500), minutes(2)]);
    const [closed] = record(history, close, END);
    if (closed === undefined) throw new Error('no close recorded');
    const event = { ...closed, streamVersion: 4 };
    const before = fold(history);
    const first = auctionNotifications(event, before, evolve(before, closed));
    // The same event as a store gives it back (JSON), with states folded afresh.
    const stored = JSON.parse(JSON.stringify(event)) as typeof event;
    const again = auctionNotifications(stored, fold(history), fold([...history, stored]));
    expect(again).toEqual(first);
    expect(first.map((n) => n.id)).toEqual(['lot-1@4:won:winner', 'lot-1@4:sold:seller']);
  });

  it('types each kind’s fields by its kind', () => {
    const [notification] = when(
      given({}, [maxBid('alice', 300), minutes(1)]),
      maxBid('bob', 500),
      minutes(2),
    )[0] as AuctionNotification[];
    if (notification?.kind === 'outbid') expectTypeOf(notification.minimumNextBid).toEqualTypeOf<number>();
    if (notification?.kind === 'unsold')
      expectTypeOf(notification.reason).toEqualTypeOf<'no-bids' | 'reserve-not-met'>();
    expect(notification?.kind).toBe('outbid');
  });
});

describe('auctionNotifications: retraction', () => {
  const retract = (bidderId: string): AuctionCommand => ({
    type: 'RetractBid',
    data: { auctionId: AUCTION, bidderId, reason: 'typo' },
  });
  /** A retraction's result, as a stream today's rules do not write could record it. */
  const retracted = (bidderId: string, leaderId: string, price: number): AuctionEvent => ({
    type: 'BidRetracted',
    data: {
      auctionId: AUCTION,
      at: minutes(3),
      bidderId,
      reason: 'typo',
      scope: 'all',
      bidId: `${bidderId}-1`,
      withdrawn: 1,
      leaderId,
      leader: { bidderId: leaderId, bidId: `${leaderId}-1`, max: 300, floor: 0, seq: 1 },
      runnerUpMax: null,
      price,
    },
  });

  it('tells the bidder it makes the leader (leading, with the lower price), and nothing to the one who retracted', () => {
    const history = given({}, [maxBid('alice', 300), minutes(1)], [maxBid('bob', 500), minutes(2)]);
    expect(when(history, retract('bob'), minutes(3))).toEqual([
      [
        {
          id: 'lot-1@4:leading:new-leader',
          kind: 'leading',
          userId: 'alice',
          auctionId: AUCTION,
          version: 4,
          at: minutes(3),
          currency: 'USD',
          price: 100,
          minimumNextBid: 150,
        },
      ],
    ]);
  });

  it('tells nobody when the leader stays, even when the price goes down', () => {
    const history = given(
      {},
      [maxBid('alice', 500), minutes(1)],
      [bid('carol', 150), minutes(2)],
      [maxBid('bob', 300), minutes(2)],
    );
    const [told] = when(history, retract('bob'), minutes(3));
    expect(told).toEqual([]);
    const decision = auctionSpecification().given(history).when(retract('bob'), minutes(3)).decision();
    expect([fold(history).price, decision.ok && decision.events[0]?.data]).toEqual([
      350,
      expect.objectContaining({ price: 200, leaderId: 'alice' }),
    ]);
  });

  it('tells nobody when no offer is left, and nobody when the retracting leader still leads', () => {
    const alone = given({}, [maxBid('alice', 300), minutes(1)]);
    expect(when(alone, retract('alice'), minutes(2))).toEqual([[]]);
    // Close to the end only the latest bid goes: alice's raise, and she still leads with her first max.
    const end = START + 6 * 3_600_000;
    const raised = given(
      { endsAt: end },
      [maxBid('alice', 300), minutes(1)],
      [maxBid('bob', 200), minutes(2)],
      [maxBid('alice', 600), minutes(3)],
    );
    expect(when(raised, retract('alice'), minutes(4))).toEqual([[]]);
  });

  it('tells a leader it demotes who did not retract outbid (a stream today’s rules do not write), then the new leader', () => {
    const history = given({}, [maxBid('alice', 300), minutes(1)], [maxBid('bob', 500), minutes(2)]);
    expect(notificationsOf(history, [retracted('carol', 'alice', 100)])).toEqual([
      [
        expect.objectContaining({ id: 'lot-1@4:outbid:leader', kind: 'outbid', userId: 'bob', price: 100 }),
        expect.objectContaining({ id: 'lot-1@4:leading:new-leader', kind: 'leading', userId: 'alice' }),
      ],
    ]);
  });

  it('never tells the bidder who retracted, whatever the recorded result says', () => {
    const history = given({}, [maxBid('alice', 300), minutes(1)], [maxBid('bob', 500), minutes(2)]);
    const told = notificationsOf(history, [retracted('alice', 'alice', 100)]);
    expect(told).toEqual([[expect.objectContaining({ kind: 'outbid', userId: 'bob' })]]);
    expect(JSON.stringify(told)).not.toContain('alice');
  });
});

describe('lostNotification', () => {
  it('builds the lost notification with the same id scheme, naming only its recipient', () => {
    expect(
      lostNotification({
        auctionId: AUCTION,
        version: 4,
        at: END,
        userId: 'carol',
        price: 350,
        currency: 'USD',
        outcome: 'sold',
      }),
    ).toEqual({
      id: 'lot-1@4:lost:carol',
      kind: 'lost',
      userId: 'carol',
      auctionId: AUCTION,
      version: 4,
      at: END,
      currency: 'USD',
      price: 350,
      outcome: 'sold',
    });
  });

  it('is what a caller sends every bidder but the winner at the close, with ids unique among all', () => {
    const history = given(
      {},
      [maxBid('alice', 300), minutes(1)],
      [maxBid('bob', 500), minutes(2)],
      [maxBid('carol', 700), minutes(3)],
    );
    const [closed] = record(history, close, END);
    if (closed?.type !== 'AuctionClosed') throw new Error('not closed');
    const after = evolve(fold(history), closed);
    const version = history.length + 1;
    const told = auctionNotifications({ ...closed, streamVersion: version }, fold(history), after);
    const whoBid = ['alice', 'bob', 'carol'];
    const lost = whoBid
      .filter((userId) => userId !== closed.data.winnerId)
      .map((userId) =>
        lostNotification({
          auctionId: AUCTION,
          version,
          at: closed.data.at,
          userId,
          price: closed.data.price ?? (after.price as number),
          currency: 'USD',
          outcome: closed.data.outcome,
        }),
      );
    expect(lost.map((n) => [n.userId, n.price])).toEqual([
      ['alice', 550],
      ['bob', 550],
    ]);
    const ids = [...told, ...lost].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
