import { describe, expect, it } from 'vitest';
import { increments } from '../money/increments';
import { auctionSpecification } from '../testing/auctionSpecification';
import { auctionOffers } from './auctionOffers';
import { initialState } from './auctionState';
import type { AuctionCommand, OpenAuction, RetractBid } from './commands';
import { decide } from './decide';
import type { AuctionEvent, AuctionOpened, BidRetracted, RetractionReason } from './events';
import { evolve } from './evolve';
import { fold } from './fold';
import { publicView } from './publicView';
import { retractionPolicyOf } from './retractionPolicy';
import { retractionScope } from './retractionScope';
import { standingBids } from './standingBids';

const HOUR = 3_600_000;
/** Every auction here opens at T and runs two days, flat increments of $1 (100), starting at $10. */
const T = 1_700_000_000_000;
const END = T + 48 * HOUR;
/** Times with more than 12 h left (scope 'all'), and inside the last 12 h. */
const EARLY = T + HOUR;
const LATE = END - 6 * HOUR;

const open = (data: Partial<OpenAuction['data']> = {}): AuctionCommand => ({
  type: 'OpenAuction',
  data: {
    auctionId: 'a1',
    sellerId: 'S',
    currency: 'USD',
    startingPrice: 1_000,
    startsAt: T,
    endsAt: END,
    increments: increments.flat(100),
    ...data,
  },
});
const bid = (bidderId: string, amount: number): AuctionCommand => ({
  type: 'PlaceBid',
  data: { auctionId: 'a1', bidderId, amount, bidId: `${bidderId}-${amount}` },
});
const max = (bidderId: string, maxAmount: number): AuctionCommand => ({
  type: 'SetMaxBid',
  data: { auctionId: 'a1', bidderId, maxAmount, bidId: `${bidderId}-max-${maxAmount}` },
});
const retract = (bidderId: string, reason: RetractionReason = 'typo'): RetractBid => ({
  type: 'RetractBid',
  data: { auctionId: 'a1', bidderId, reason },
});

/** The events of commands decided in turn, each at its time (a retraction with the offers so far). */
const history = (...steps: ReadonlyArray<readonly [number, AuctionCommand]>): AuctionEvent[] => {
  const events: AuctionEvent[] = [];
  let state = initialState();
  for (const [now, command] of steps) {
    const offers = command.type === 'RetractBid' ? auctionOffers(events) : undefined;
    const decision = decide(command, state, now, offers);
    if (!decision.ok)
      throw new Error(`history: ${command.type} at ${now}: ${decision.code} ${decision.message}`);
    for (const event of decision.events) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return events;
};

/** Given the events, when the retraction at `now`: its single event. */
const retracted = (events: readonly AuctionEvent[], command: RetractBid, now: number): BidRetracted => {
  const decision = auctionSpecification().given(events).when(command, now).decision();
  if (!decision.ok)
    throw new Error(`expected the retraction to be accepted: ${decision.code} ${decision.message}`);
  expect(decision.events).toHaveLength(1);
  return decision.events[0] as BidRetracted;
};

/** The public view once `events` and then `more` are folded, at `now`. */
const viewAfter = (events: readonly AuctionEvent[], more: readonly AuctionEvent[], now: number) =>
  publicView(fold([...events, ...more]), now);

describe('RetractBid: scope all, with more than fullBeforeEndMs left', () => {
  // A max $50 early; B $20 (answered: $21 A), B max $30 (answered: $31 A).
  const events = history(
    [T, open()],
    [T + 1, max('A', 5_000)],
    [T + 2, bid('B', 2_000)],
    [T + 3, max('B', 3_000)],
  );

  it('withdraws every bid of the bidder: the price falls back to what the others give', () => {
    auctionSpecification()
      .given(events)
      .when(retract('B', 'description-changed'), EARLY)
      .thenEvents([
        {
          type: 'BidRetracted',
          data: {
            auctionId: 'a1',
            at: EARLY,
            bidderId: 'B',
            reason: 'description-changed',
            scope: 'all',
            bidId: 'B-max-3000',
            withdrawn: 2,
            leaderId: 'A',
            leader: { bidderId: 'A', bidId: 'A-max-5000', max: 5_000, floor: 0, seq: 1 },
            runnerUpMax: null,
            price: 1_000,
          },
        },
      ]);
    expect(publicView(fold(events), EARLY)).toMatchObject({ price: 3_100, leaderId: 'A', bidCount: 3 });
    const after = viewAfter(events, [retracted(events, retract('B'), EARLY)], EARLY);
    // The price goes down; the public bid count stays what the public saw.
    expect(after).toMatchObject({ price: 1_000, leaderId: 'A', minimumNextBid: 1_100, bidCount: 3 });
  });

  it('applies at 12 h and 1 ms before the end, not at exactly 12 h (the latest window then)', () => {
    expect(retracted(events, retract('B'), END - 12 * HOUR - 1).data.scope).toBe('all');
    // At exactly 12 h left, B's latest bid is long past the hour: refused.
    const refused = auctionSpecification()
      .given(events)
      .when(retract('B'), END - 12 * HOUR)
      .thenRejected('RETRACTION_NOT_ALLOWED');
    expect(refused.details).toEqual({ reason: 'too-late' });
    // A bid made within the hour before 12 h left is withdrawn alone.
    const recent = history(
      [T, open()],
      [T + 1, max('A', 5_000)],
      [T + 2, bid('B', 2_000)],
      [END - 12 * HOUR - 10, max('B', 3_000)],
    );
    expect(retracted(recent, retract('B'), END - 12 * HOUR).data).toMatchObject({
      scope: 'latest',
      bidId: 'B-max-3000',
      withdrawn: 1,
      price: 2_100,
      runnerUpMax: 2_000,
    });
  });

  it('the leader retracting: the runner-up leads, at what the remaining offers give', () => {
    const three = history(
      [T, open()],
      [T + 1, max('A', 3_000)],
      [T + 2, max('B', 4_000)],
      [T + 3, bid('C', 4_500)],
    );
    expect(publicView(fold(three), EARLY)).toMatchObject({ price: 4_500, leaderId: 'C' });
    const event = retracted(three, retract('C'), EARLY);
    expect(event.data).toMatchObject({ scope: 'all', leaderId: 'B', runnerUpMax: 3_000, price: 3_100 });
    expect(event.data.leader).toEqual({ bidderId: 'B', bidId: 'B-max-4000', max: 4_000, floor: 0, seq: 2 });
  });

  it('a retraction that leaves no offer: no price, no leader, the starting price to bid', () => {
    const alone = history([T, open()], [T + 1, bid('A', 1_500)]);
    const event = retracted(alone, retract('A', 'seller-unreachable'), EARLY);
    expect(event.data).toMatchObject({ leaderId: null, leader: null, runnerUpMax: null, price: null });
    const state = fold([...alone, event]);
    expect(state).toMatchObject({
      leader: null,
      runnerUpMax: null,
      price: null,
      bidCount: 1,
      visibleBidCount: 1,
    });
    expect(publicView(state, EARLY)).toMatchObject({ price: null, leaderId: null, minimumNextBid: 1_000 });
  });
});

describe('RetractBid: scope latest, in the last fullBeforeEndMs', () => {
  it('withdraws the latest bid while it is less than latestWithinMs old: at 1 h − 1 ms, not at 1 h', () => {
    const events = history([T, open()], [T + 1, max('A', 5_000)], [LATE, max('B', 3_000)]);
    const event = retracted(events, retract('B'), LATE + HOUR - 1);
    expect(event.data).toMatchObject({ scope: 'latest', bidId: 'B-max-3000', withdrawn: 1, price: 1_000 });
    const refused = auctionSpecification()
      .given(events)
      .when(retract('B'), LATE + HOUR)
      .thenRejected('RETRACTION_NOT_ALLOWED');
    expect(refused).toMatchObject({
      details: { reason: 'too-late' },
      message: "Your latest bid on auction 'a1' is too old to retract this close to the end",
    });
  });

  it('gives back the offer the bidder held just before that bid, with its original time', () => {
    // B straight $20 (answered by A), then B max $40 takes the lead; B withdraws the max: back to $20.
    const events = history(
      [T, open()],
      [T + 1, max('A', 3_000)],
      [LATE, bid('B', 2_000)],
      [LATE + 1, max('B', 4_000)],
    );
    expect(publicView(fold(events), LATE + 2)).toMatchObject({ price: 3_100, leaderId: 'B' });
    const event = retracted(events, retract('B'), LATE + 2);
    expect(event.data).toMatchObject({ scope: 'latest', leaderId: 'A', runnerUpMax: 2_000, price: 2_100 });
    const offers = auctionOffers([...events, event]);
    expect(standingBids(offers, 'B').map((b) => [b.bidId, b.offer])).toEqual([
      ['B-2000', { bidderId: 'B', bidId: 'B-2000', max: 2_000, floor: 2_000, seq: 2 }],
    ]);
  });

  it('a raise as the latest bid: the max falls back to before the raise, the offer keeps its time', () => {
    // A max $30 leads; B max $20 ($21 A); A raises to $60 (silent); C max $50 ($51 A).
    const events = history(
      [T, open()],
      [T + 1, max('A', 3_000)],
      [T + 2, max('B', 2_000)],
      [LATE, max('A', 6_000)],
      [LATE + 1, max('C', 5_000)],
    );
    expect(publicView(fold(events), LATE + 2)).toMatchObject({ price: 5_100, leaderId: 'A' });
    const event = retracted(events, retract('A'), LATE + 2);
    // A is back to their max of $30, made first (seq 1); C's $50 leads at A's $30 + $1.
    expect(event.data).toMatchObject({
      scope: 'latest',
      bidId: 'A-max-6000',
      leaderId: 'C',
      runnerUpMax: 3_000,
    });
    expect(event.data.price).toBe(3_100);
    const offers = auctionOffers([...events, event]);
    expect(offers.latestBids.get('A')?.offer).toEqual({
      bidderId: 'A',
      bidId: 'A-max-3000',
      max: 3_000,
      floor: 0,
      seq: 1,
    });
  });

  it('a second retraction withdraws the bid before, if it too is recent enough', () => {
    const events = history(
      [T, open()],
      [T + 1, max('A', 9_000)],
      [LATE, bid('B', 2_000)],
      [LATE + 10, bid('B', 3_000)],
    );
    const first = retracted(events, retract('B'), LATE + 20);
    expect(first.data).toMatchObject({ bidId: 'B-3000', price: 2_100, runnerUpMax: 2_000 });
    const second = retracted([...events, first], retract('B'), LATE + 30);
    expect(second.data).toMatchObject({ bidId: 'B-2000', price: 1_000, runnerUpMax: null });
    auctionSpecification()
      .given([...events, first, second])
      .when(retract('B'), LATE + 40)
      .thenRejected('RETRACTION_NOT_ALLOWED');
  });
});

describe('RetractBid: the rest of the rules hold after it', () => {
  it('ties keep their order: between equal maxes, the earlier offer leads', () => {
    // A max $30, B max $30 (A leads at $30, the tie); C max $50 leads at $31; C withdraws.
    const events = history(
      [T, open()],
      [T + 1, max('A', 3_000)],
      [T + 2, max('B', 3_000)],
      [T + 3, max('C', 5_000)],
    );
    const event = retracted(events, retract('C'), EARLY);
    expect(event.data).toMatchObject({ leaderId: 'A', runnerUpMax: 3_000, price: 3_000 });
    // B bids the minimum next bid: still a tie-break by time for any equal max later on.
    const after = fold([...events, event]);
    expect(publicView(after, EARLY)?.minimumNextBid).toBe(3_100);
  });

  it("ties go by the offer's time, not by when its bidder first bid", () => {
    // B bids first (max $20), A max $30, B raises to $30 (a new offer, later than A's); C max $50
    // leads; C withdraws: A's earlier $30 leads although B appeared first.
    const events = history(
      [T, open()],
      [T + 1, max('B', 2_000)],
      [T + 2, max('A', 3_000)],
      [T + 3, max('B', 3_000)],
      [T + 4, max('C', 5_000)],
    );
    const event = retracted(events, retract('C'), EARLY);
    expect(event.data).toMatchObject({ leaderId: 'A', runnerUpMax: 3_000, price: 3_000 });
    expect(event.data.leader).toMatchObject({ bidderId: 'A', max: 3_000, seq: 2 });
  });

  it('reserve met, then unmet by a retraction: the price leaves the reserve (proxy), or shows the max (fullMax)', () => {
    const steps = (belowReserve: 'proxy' | 'fullMax') =>
      history(
        [T, open({ reservePrice: 4_000, belowReserve })],
        [T + 1, max('A', 3_000)],
        [T + 2, max('B', 5_000)],
      );
    const proxy = steps('proxy');
    expect(publicView(fold(proxy), EARLY)).toMatchObject({ price: 4_000, leaderId: 'B', reserveMet: true });
    const unmet = retracted(proxy, retract('B'), EARLY);
    expect(unmet.data).toMatchObject({ leaderId: 'A', price: 1_000 });
    expect(viewAfter(proxy, [unmet], EARLY)).toMatchObject({ price: 1_000, reserveMet: false });
    const fullMax = steps('fullMax');
    expect(retracted(fullMax, retract('B'), EARLY).data.price).toBe(3_000);
  });

  it('buy it now: gone for good without a reserve; back once a retraction leaves the reserve unmet', () => {
    const noReserve = history([T, open({ buyNowPrice: 9_000 })], [T + 1, max('A', 5_000)]);
    const none = retracted(noReserve, retract('A'), EARLY);
    expect(viewAfter(noReserve, [none], EARLY)?.buyNowPrice).toBeNull();
    auctionSpecification()
      .given([...noReserve, none])
      .when({ type: 'CancelAuction', data: { auctionId: 'a1', by: 'S' } }, EARLY + 1)
      .thenRejected('CANCEL_NOT_ALLOWED');
    const withReserve = history(
      [T, open({ reservePrice: 4_000, buyNowPrice: 9_000 })],
      [T + 1, max('A', 3_000)],
      [T + 2, max('B', 5_000)],
    );
    expect(publicView(fold(withReserve), EARLY)?.buyNowPrice).toBeNull();
    const unmet = retracted(withReserve, retract('B'), EARLY);
    expect(viewAfter(withReserve, [unmet], EARLY)?.buyNowPrice).toBe(9_000);
  });

  it('never moves the end, even in the soft-close window, and never changes the bid counts', () => {
    const events = history(
      [T, open({ softClose: { windowMs: HOUR, extendMs: HOUR } })],
      [T + 1, max('A', 5_000)],
      [END - 100, bid('B', 2_000)],
    );
    const before = fold(events);
    expect(before.endsAt).toBe(END - 100 + HOUR);
    const event = retracted(events, retract('B'), END - 50);
    const after = evolve(before, event);
    expect(after.endsAt).toBe(before.endsAt);
    expect([after.bidCount, after.visibleBidCount]).toEqual([before.bidCount, before.visibleBidCount]);
  });

  it('a bidder who retracted may bid again like anyone else', () => {
    const events = history([T, open()], [T + 1, max('A', 5_000)], [T + 2, bid('B', 2_000)]);
    const event = retracted(events, retract('B'), EARLY);
    const again = history(
      [T, open()],
      [T + 1, max('A', 5_000)],
      [T + 2, bid('B', 2_000)],
      [EARLY, retract('B')],
      [EARLY + 1, max('B', 6_000)],
    );
    expect(again.slice(0, 4)).toEqual([...events, event]);
    // B's new offer is made now: it leads at A's max plus one increment.
    expect(publicView(fold(again), EARLY + 2)).toMatchObject({ price: 5_100, leaderId: 'B', bidCount: 3 });
  });
});

describe('RetractBid: refused', () => {
  const events = history([T, open()], [T + 1, max('A', 5_000)]);
  const refusal = (given: readonly AuctionEvent[], command: RetractBid, now: number) =>
    auctionSpecification().given(given).when(command, now).thenRejected('RETRACTION_NOT_ALLOWED');

  it('to a bidder with no offer, the seller included', () => {
    expect(refusal(events, retract('B'), EARLY)).toEqual({
      ok: false,
      code: 'RETRACTION_NOT_ALLOWED',
      message: "You hold no bid on auction 'a1' to retract",
      details: { reason: 'no-offer' },
    });
    expect(refusal(events, retract('S'), EARLY).details).toEqual({ reason: 'no-offer' });
  });

  it('on an auction that has ended, closed or not, or that was closed', () => {
    expect(refusal(events, retract('A'), END)).toMatchObject({
      message: "Bids on auction 'a1' can no longer be retracted: it has ended",
      details: { reason: 'ended' },
    });
    const closed = history(
      [T, open()],
      [T + 1, max('A', 5_000)],
      [END, { type: 'CloseAuction', data: { auctionId: 'a1' } }],
    );
    expect(refusal(closed, retract('A'), END + 1)).toMatchObject({
      message: "Bids on auction 'a1' can no longer be retracted: it is closed",
      details: { reason: 'closed' },
    });
    const cancelled = history(
      [T, open()],
      [T + 1, { type: 'CancelAuction', data: { auctionId: 'a1', by: 'S' } }],
    );
    expect(refusal(cancelled, retract('A'), T + 2).details).toEqual({ reason: 'closed' });
  });

  it('on an auction opened with retraction: null', () => {
    const forbidden = history([T, open({ retraction: null })], [T + 1, max('A', 5_000)]);
    expect(refusal(forbidden, retract('A'), T + 2)).toMatchObject({
      message: "Bids on auction 'a1' cannot be retracted: its rules allow no retraction",
      details: { reason: 'forbidden' },
    });
  });

  it('for another auction, or with a reason the rules do not know', () => {
    auctionSpecification()
      .given(events)
      .when({ type: 'RetractBid', data: { auctionId: 'a2', bidderId: 'A', reason: 'typo' } }, EARLY)
      .thenRejected('AUCTION_NOT_FOUND');
    const invalid = auctionSpecification()
      .given(events)
      .when(
        { type: 'RetractBid', data: { auctionId: 'a1', bidderId: 'A', reason: 'regret' } } as never,
        EARLY,
      )
      .thenRejected('INVALID_COMMAND');
    expect(invalid.details).toEqual({ field: 'data.reason' });
    expect(invalid.message).toBe("data.reason must be 'typo', 'description-changed' or 'seller-unreachable'");
    const missing = auctionSpecification()
      .given(events)
      .when({ type: 'RetractBid', data: { auctionId: 'a1', bidderId: 'A' } } as never, EARLY)
      .thenRejected('INVALID_COMMAND');
    expect(missing.details).toEqual({ field: 'data.reason' });
  });

  it('without the offers, or with offers of other events: INVALID_COMMAND naming them, never a throw', () => {
    const state = fold(events);
    expect(decide(retract('A'), state, EARLY)).toEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message:
        "offers are required to decide RetractBid: pass the auction's offers (auctionOffers of its events) as decide's fourth argument",
      details: { field: 'offers' },
    });
    expect(decide(retract('A'), state, EARLY, auctionOffers(events.slice(0, 1)))).toEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message: 'offers must be folded from the same events as the state',
      details: { field: 'offers' },
    });
    // Offers whose state differs from the decision's in any field the state holds are refused.
    const offers = auctionOffers(events);
    const leader = state.leader;
    if (leader === null) throw new Error('expected a leader');
    const others: ReadonlyArray<Partial<typeof state>> = [
      { auctionId: 'a2' },
      { status: 'closed' },
      { bidCount: state.bidCount + 1 },
      { visibleBidCount: state.visibleBidCount + 1 },
      { endsAt: state.endsAt + 1 },
      { price: (state.price ?? 0) + 100 },
      { runnerUpMax: (state.runnerUpMax ?? 0) + 100 },
      { leader: null },
      { leader: { ...leader, bidderId: 'Z' } },
      { leader: { ...leader, bidId: 'other' } },
      { leader: { ...leader, max: leader.max + 100 } },
      { leader: { ...leader, floor: leader.floor + 100 } },
      { leader: { ...leader, seq: leader.seq + 1 } },
    ];
    for (const change of others)
      expect(
        decide(retract('A'), state, EARLY, { ...offers, state: { ...offers.state, ...change } }),
        JSON.stringify(change),
      ).toMatchObject({ code: 'INVALID_COMMAND', details: { field: 'offers' } });
    // An equal copy of the state is the same state.
    expect(decide(retract('A'), state, EARLY, { ...offers, state: { ...offers.state } }).ok).toBe(true);
    // What the state alone refuses needs no offers.
    expect(decide(retract('A'), state, END)).toMatchObject({ code: 'RETRACTION_NOT_ALLOWED' });
    expect(decide(retract('A'), initialState(), EARLY)).toMatchObject({ code: 'AUCTION_NOT_FOUND' });
  });
});

describe('the retraction policy', () => {
  /** An AuctionOpened as written before retraction existed: no `retraction` field. */
  const oldOpened: AuctionOpened = {
    type: 'AuctionOpened',
    data: {
      auctionId: 'a1',
      at: T,
      sellerId: 'S',
      currency: 'USD',
      startingPrice: 1_000,
      increments: [{ from: 0, increment: 100 }],
      startsAt: T,
      endsAt: END,
      belowReserve: 'proxy',
      maxAmount: 1_000_000_000_000,
    },
  };

  it('is the default, 12 h and 1 h, for an AuctionOpened without the field', () => {
    const rules = fold([oldOpened]).rules;
    expect(rules !== null && retractionPolicyOf(rules)).toEqual({
      fullBeforeEndMs: 12 * HOUR,
      latestWithinMs: HOUR,
    });
    const events: AuctionEvent[] = [
      oldOpened,
      {
        type: 'MaxBidSet',
        data: { auctionId: 'a1', at: T + 1, bidId: 'x', bidderId: 'A', maxAmount: 5_000 },
      },
      { type: 'BidPlaced', data: { auctionId: 'a1', at: LATE, bidId: 'y', bidderId: 'B', amount: 2_000 } },
    ];
    expect(retracted(events, retract('B'), END - 12 * HOUR - 1).data.scope).toBe('all');
    expect(retracted(events, retract('B'), LATE + HOUR - 1).data.scope).toBe('latest');
    auctionSpecification()
      .given(events)
      .when(retract('B'), LATE + HOUR)
      .thenRejected('RETRACTION_NOT_ALLOWED');
  });

  it('is recorded only when the listing gives it: absent, the AuctionOpened is what it was before', () => {
    const opened = (data: Partial<OpenAuction['data']>) => {
      const decision = decide(open(data), initialState(), T);
      return decision.ok ? (decision.events[0] as AuctionOpened).data : null;
    };
    expect(opened({})).toEqual(oldOpened.data);
    expect(opened({ retraction: null })?.retraction).toBeNull();
    expect(opened({ retraction: { fullBeforeEndMs: 0, latestWithinMs: 60_000 } })?.retraction).toEqual({
      fullBeforeEndMs: 0,
      latestWithinMs: 60_000,
    });
  });

  it.each([
    ['a negative window', { fullBeforeEndMs: -1, latestWithinMs: 1 }, 'data.retraction.fullBeforeEndMs'],
    ['a fractional window', { fullBeforeEndMs: 1, latestWithinMs: 0.5 }, 'data.retraction.latestWithinMs'],
    ['a missing window', { fullBeforeEndMs: 1 }, 'data.retraction.latestWithinMs'],
    ['not an object', 'eBay', 'data.retraction'],
  ])('rejects %s as INVALID_COMMAND', (_name, retraction, field) => {
    const decision = decide(open({ retraction: retraction as never }), initialState(), T);
    expect(decision).toMatchObject({ ok: false, code: 'INVALID_COMMAND', details: { field } });
  });
});

describe('retractionScope and standingBids', () => {
  const events = history(
    [T, open()],
    [T + 1, max('A', 5_000)],
    [T + 2, bid('B', 2_000)],
    [LATE, max('B', 3_000)],
  );
  const state = fold(events);
  const offers = auctionOffers(events);

  it('say what a retraction would withdraw now, or null when it would be refused', () => {
    expect(retractionScope(state, offers, 'B', EARLY)).toBe('all');
    expect(retractionScope(state, offers, 'B', LATE + HOUR - 1)).toBe('latest');
    expect(retractionScope(state, offers, 'B', LATE + HOUR)).toBeNull();
    expect(retractionScope(state, offers, 'C', EARLY)).toBeNull();
    expect(retractionScope(state, offers, 'B', END)).toBeNull();
    expect(retractionScope(initialState(), auctionOffers([]), 'B', EARLY)).toBeNull();
  });

  it("list a bidder's standing bids, oldest first, with amounts, times and sequence numbers", () => {
    expect(
      standingBids(offers, 'B').map(({ bidId, type, amount, at, seq }) => ({ bidId, type, amount, at, seq })),
    ).toEqual([
      { bidId: 'B-2000', type: 'BidPlaced', amount: 2_000, at: T + 2, seq: 2 },
      { bidId: 'B-max-3000', type: 'MaxBidSet', amount: 3_000, at: LATE, seq: 3 },
    ]);
    expect(standingBids(offers, 'nobody')).toEqual([]);
    expect(offers.state).toEqual(state);
  });

  it('never change the offers they were given', () => {
    const before = new Map(offers.latestBids);
    auctionOffers([retracted(events, retract('B'), EARLY)], offers);
    expect(offers.latestBids).toEqual(before);
  });
});

describe('evolve BidRetracted', () => {
  it('changes nothing before the auction is opened', () => {
    const event: BidRetracted = {
      type: 'BidRetracted',
      data: {
        auctionId: 'a1',
        at: T,
        bidderId: 'A',
        reason: 'typo',
        scope: 'all',
        bidId: 'x',
        withdrawn: 1,
        leaderId: null,
        leader: null,
        runnerUpMax: null,
        price: null,
      },
    };
    expect(evolve(initialState(), event)).toBe(initialState());
    expect(auctionOffers([event]).latestBids.size).toBe(0);
  });

  it('bids before AuctionOpened give no offer, as they move no state', () => {
    const early: AuctionEvent = {
      type: 'MaxBidSet',
      data: { auctionId: 'a1', at: T, bidderId: 'A', bidId: 'A-1', maxAmount: 5_000 },
    } as AuctionEvent;
    expect(auctionOffers([early]).latestBids.size).toBe(0);
  });
});
