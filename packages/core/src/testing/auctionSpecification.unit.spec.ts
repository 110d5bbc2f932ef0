import { describe, expect, it } from 'vitest';
import { initialState } from '../auction/auctionState';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { AuctionSpecificationError, auctionSpecification } from './auctionSpecification';
import { openAuctionCommand, TEST_AUCTION_START } from './openAuctionCommand';

const opened = (() => {
  const decision = decide(openAuctionCommand('a1'), initialState(), TEST_AUCTION_START);
  if (!decision.ok) throw new Error('the fixture does not open');
  return decision.events;
})();

const bidPlaced = (bidderId: string, amount: number, at: number): AuctionEvent => ({
  type: 'BidPlaced',
  data: { auctionId: 'a1', at, bidId: `${bidderId}-${amount}`, bidderId, amount },
});

describe('auctionSpecification', () => {
  it('passes when the command decides exactly the expected events', () => {
    const at = TEST_AUCTION_START + 10;
    auctionSpecification()
      .given(opened)
      .when(
        { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'alice', amount: 100, bidId: 'alice-100' } },
        at,
      )
      .thenEvents([bidPlaced('alice', 100, at)]);
  });

  it('throws when the events differ, naming both', () => {
    const at = TEST_AUCTION_START + 10;
    const step = auctionSpecification()
      .given(opened)
      .when(
        { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'alice', amount: 100, bidId: 'alice-100' } },
        at,
      );
    expect(() => step.thenEvents([bidPlaced('alice', 150, at)])).toThrow(AuctionSpecificationError);
    expect(() => step.thenEvents([bidPlaced('alice', 150, at)])).toThrow(/"amount":150.*"amount":100/);
  });

  it('checks the rejection code, and fails for an acceptance or another code', () => {
    const at = TEST_AUCTION_START + 20;
    const given = auctionSpecification().given([...opened, bidPlaced('alice', 100, at - 10)]);
    const rejection = given
      .when({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'bob', amount: 120 } }, at)
      .thenRejected('BID_TOO_LOW');
    expect(rejection.code).toBe('BID_TOO_LOW');
    expect(() =>
      given
        .when({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'bob', amount: 120 } }, at)
        .thenRejected('AUCTION_ENDED'),
    ).toThrow(AuctionSpecificationError);
    expect(() =>
      given
        .when({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'bob', amount: 150 } }, at)
        .thenRejected('BID_TOO_LOW'),
    ).toThrow(/expected the rejection BID_TOO_LOW/);
    expect(() =>
      given
        .when({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'bob', amount: 120 } }, at)
        .thenEvents([]),
    ).toThrow(/was rejected: BID_TOO_LOW/);
  });

  it('decides at the last given event by default', () => {
    const end = opened[0]?.type === 'AuctionOpened' ? opened[0].data.endsAt : 0;
    auctionSpecification()
      .given([...opened, bidPlaced('alice', 100, end)])
      .when({ type: 'CloseAuction', data: { auctionId: 'a1' } })
      .thenEvents([
        {
          type: 'AuctionClosed',
          data: { auctionId: 'a1', at: end, outcome: 'sold', winnerId: 'alice', price: 100 },
        },
      ]);
  });
});
