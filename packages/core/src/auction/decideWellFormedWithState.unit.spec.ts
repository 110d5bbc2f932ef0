import { describe, expect, it } from 'vitest';
import { END, openScenario, T0 } from '../../test/auctionScenario';
import type { AuctionCommand } from './commands';
import { decideWellFormed, decideWellFormedWithState } from './decide';
import { fold } from './fold';

describe('decideWellFormedWithState', () => {
  const softClose = { windowMs: 1000, extendMs: 2000 };

  it.each([
    [
      'a straight bid',
      { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'A', amount: 1000, bidId: 'own' } },
    ],
    [
      'a max bid',
      { type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'A', maxAmount: 1000, bidId: 'own' } },
    ],
  ] as const)(
    'records %s with the bidId it is given, and returns the state after its events',
    (_kind, bid) => {
      const a = openScenario({ softClose });
      const { decision, state } = decideWellFormedWithState(bid, a.state(), END - 10, 'given');
      expect(decision.ok).toBe(true);
      if (!decision.ok) return;
      expect(decision.events.map((e) => e.type)).toEqual([
        bid.type === 'PlaceBid' ? 'BidPlaced' : 'MaxBidSet',
        'AuctionExtended',
      ]);
      expect(decision.events[0]?.data).toMatchObject({ bidId: 'given' });
      expect(state).toEqual(fold(decision.events, a.state()));
    },
  );

  it('without a bidId, or for other commands, decides as decideWellFormed and folds its events', () => {
    const a = openScenario();
    const bid: AuctionCommand = { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'A', amount: 1000 } };
    const withState = decideWellFormedWithState(bid, a.state(), T0, undefined);
    expect(withState.decision).toEqual(decideWellFormed(bid, a.state(), T0));
    expect(withState.state).toEqual(fold(withState.decision.ok ? withState.decision.events : [], a.state()));
    const close: AuctionCommand = { type: 'CloseAuction', data: { auctionId: 'a1' } };
    const closed = decideWellFormedWithState(close, a.state(), END, 'ignored');
    expect(closed.decision).toEqual(decideWellFormed(close, a.state(), END));
    expect(closed.state.status).toBe('closed');
    const tooEarly = decideWellFormedWithState(close, a.state(), T0, undefined);
    expect(tooEarly).toEqual({ decision: decideWellFormed(close, a.state(), T0), state: a.state() });
  });

  it('answers a rejected bid with the state unchanged, and a bad now as INVALID_COMMAND', () => {
    const a = openScenario();
    const low: AuctionCommand = { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'A', amount: 1 } };
    expect(decideWellFormedWithState(low, a.state(), T0, 'b')).toEqual({
      decision: decideWellFormed(low, a.state(), T0),
      state: a.state(),
    });
    expect(decideWellFormedWithState(low, a.state(), Number.NaN, 'b').decision).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
      details: { field: 'now' },
    });
  });
});
