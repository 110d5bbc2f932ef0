/**
 * Type-level tests of @gavel/core's public auction types, through the package's entry point. They are
 * checked by `tsc` (`pnpm --filter @gavel/core typecheck`); at run time they only run the narrowing.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type Accepted,
  type AuctionClosed,
  type AuctionCommand,
  type AuctionCommandType,
  type AuctionEvent,
  type AuctionEventType,
  type AuctionOffers,
  type AuctionOpened,
  type AuctionState,
  type BidPlaced,
  type Decision,
  decide,
  evolve,
  fold,
  formatMoney,
  type IncrementTable,
  increments,
  initialState,
  type MaxBidSet,
  type NoDetails,
  type PublicAuctionStatus,
  type PublicView,
  publicView,
  type Rejected,
  type RejectionCode,
  type RejectionDetails,
  type RejectionDetailsByCode,
} from '../src';

const openCommand: AuctionCommand = {
  type: 'OpenAuction',
  data: { auctionId: 'a1', sellerId: 'S', currency: 'USD', startingPrice: 1000, endsAt: 10_000 },
};

describe('decide', () => {
  it('takes a command, a state and now, and returns a Decision', () => {
    expectTypeOf(decide).parameters.toEqualTypeOf<
      [AuctionCommand, AuctionState, number, (AuctionOffers | undefined)?]
    >();
    expectTypeOf(decide).returns.toEqualTypeOf<Decision>();
    // @ts-expect-error now is epoch milliseconds, not a Date
    decide(openCommand, initialState(), new Date());
    // @ts-expect-error a command needs its data
    decide({ type: 'CloseAuction' }, initialState(), 0);
  });

  it('narrows a Decision on ok: events when accepted, a code and message when rejected', () => {
    const decision = decide(openCommand, initialState(), 0);
    if (decision.ok) {
      expectTypeOf(decision).toEqualTypeOf<Accepted>();
      expectTypeOf(decision.events).toEqualTypeOf<readonly AuctionEvent[]>();
      // @ts-expect-error an accepted decision has no code
      void decision.code;
    } else {
      expectTypeOf(decision).toEqualTypeOf<Rejected>();
      expectTypeOf(decision.code).toEqualTypeOf<RejectionCode>();
      expectTypeOf(decision.message).toBeString();
      // @ts-expect-error a rejection carries no events
      void decision.events;
    }
    expectTypeOf<Decision['ok']>().toEqualTypeOf<boolean>();
    expectTypeOf<Decision>().toEqualTypeOf<Accepted | Rejected>();
  });
});

describe('evolve, fold, initialState, publicView', () => {
  it('have the decider signatures', () => {
    expectTypeOf(evolve).parameters.toEqualTypeOf<[AuctionState, AuctionEvent]>();
    expectTypeOf(evolve).returns.toEqualTypeOf<AuctionState>();
    expectTypeOf(fold).parameters.toEqualTypeOf<[Iterable<AuctionEvent>, AuctionState?]>();
    expectTypeOf(fold).returns.toEqualTypeOf<AuctionState>();
    expectTypeOf(initialState).toEqualTypeOf<() => AuctionState>();
    expectTypeOf(publicView).parameters.toEqualTypeOf<[AuctionState, number?]>();
    expectTypeOf(publicView).returns.toEqualTypeOf<PublicView | null>();
  });

  it('keeps the state read-only', () => {
    const mutate = (state: AuctionState): void => {
      // @ts-expect-error the state is immutable
      state.price = 1;
    };
    void mutate;
    expectTypeOf<AuctionState['price']>().toEqualTypeOf<number | null>();
  });
});

describe('AuctionEvent', () => {
  it('is the union of the seven events, discriminated by type', () => {
    expectTypeOf<AuctionEventType>().toEqualTypeOf<
      | 'AuctionOpened'
      | 'BidPlaced'
      | 'MaxBidSet'
      | 'AuctionExtended'
      | 'AuctionClosed'
      | 'AuctionCancelled'
      | 'BidRetracted'
    >();
    expectTypeOf<Extract<AuctionEvent, { type: 'BidPlaced' }>>().toEqualTypeOf<BidPlaced>();
    expectTypeOf<Extract<AuctionEvent, { type: 'MaxBidSet' }>>().toEqualTypeOf<MaxBidSet>();
  });

  it('carries auctionId and at on every event, and the contract fields of each', () => {
    expectTypeOf<AuctionEvent['data']['auctionId']>().toEqualTypeOf<string>();
    expectTypeOf<AuctionEvent['data']['at']>().toEqualTypeOf<number>();
    expectTypeOf<BidPlaced['data']>().toMatchTypeOf<{ bidId: string; bidderId: string; amount: number }>();
    expectTypeOf<MaxBidSet['data']>().toMatchTypeOf<{ bidId: string; bidderId: string; maxAmount: number }>();
    expectTypeOf<AuctionClosed['data']['outcome']>().toEqualTypeOf<'sold' | 'unsold'>();
    expectTypeOf<AuctionClosed['data']['reason']>().toEqualTypeOf<
      'no-bids' | 'reserve-not-met' | 'buy-now' | undefined
    >();
    expectTypeOf<AuctionOpened['data']['increments']>().toEqualTypeOf<IncrementTable>();
    expectTypeOf<AuctionOpened['data']['belowReserve']>().toEqualTypeOf<'proxy' | 'fullMax'>();
    expectTypeOf<AuctionOpened['data']['reservePrice']>().toEqualTypeOf<number | undefined>();
  });

  it('narrows on type, exhaustively', () => {
    const amountOf = (event: AuctionEvent): number | null => {
      switch (event.type) {
        case 'BidPlaced':
          return event.data.amount;
        case 'MaxBidSet':
          return event.data.maxAmount;
        case 'AuctionOpened':
        case 'AuctionExtended':
        case 'AuctionClosed':
        case 'AuctionCancelled':
        case 'BidRetracted':
          return null;
        default:
          expectTypeOf(event).toBeNever();
          return null;
      }
    };
    expectTypeOf(amountOf).returns.toEqualTypeOf<number | null>();
  });
});

describe('AuctionCommand', () => {
  it('is the union of the seven commands', () => {
    expectTypeOf<AuctionCommandType>().toEqualTypeOf<
      'OpenAuction' | 'PlaceBid' | 'SetMaxBid' | 'BuyNow' | 'CloseAuction' | 'CancelAuction' | 'RetractBid'
    >();
    expectTypeOf<Extract<AuctionCommand, { type: 'PlaceBid' }>['data']>().toMatchTypeOf<{
      auctionId: string;
      bidderId: string;
      amount: number;
      bidId?: string;
    }>();
    const wrong: AuctionCommand = {
      type: 'PlaceBid',
      // @ts-expect-error a straight bid has an amount, not a maxAmount
      data: { auctionId: 'a1', bidderId: 'A', maxAmount: 5 },
    };
    void wrong;
  });
});

describe('PublicView', () => {
  it('has exactly the public fields, and no max', () => {
    expectTypeOf<keyof PublicView>().toEqualTypeOf<
      | 'auctionId'
      | 'status'
      | 'currency'
      | 'price'
      | 'leaderId'
      | 'minimumNextBid'
      | 'bidCount'
      | 'reserveMet'
      | 'startsAt'
      | 'endsAt'
      | 'buyNowPrice'
      | 'outcome'
    >();
    expectTypeOf<PublicView>().not.toHaveProperty('leaderMax');
    expectTypeOf<PublicView>().not.toHaveProperty('runnerUpMax');
  });

  it('types each field', () => {
    expectTypeOf<PublicView['status']>().toEqualTypeOf<
      'scheduled' | 'open' | 'ended' | 'closed' | 'cancelled'
    >();
    expectTypeOf<PublicView['status']>().toEqualTypeOf<PublicAuctionStatus>();
    expectTypeOf<PublicView['price']>().toEqualTypeOf<number | null>();
    expectTypeOf<PublicView['leaderId']>().toEqualTypeOf<string | null>();
    expectTypeOf<PublicView['minimumNextBid']>().toEqualTypeOf<number | null>();
    expectTypeOf<PublicView['reserveMet']>().toEqualTypeOf<boolean | null>();
    expectTypeOf<PublicView['bidCount']>().toEqualTypeOf<number>();
    expectTypeOf<PublicView['endsAt']>().toEqualTypeOf<number>();
  });
});

describe('RejectionCode', () => {
  it('is exactly the contract codes', () => {
    expectTypeOf<RejectionCode>().toEqualTypeOf<
      | 'AUCTION_NOT_FOUND'
      | 'AUCTION_ALREADY_EXISTS'
      | 'AUCTION_NOT_STARTED'
      | 'AUCTION_ENDED'
      | 'AUCTION_CLOSED'
      | 'INVALID_COMMAND'
      | 'SELLER_CANNOT_BID'
      | 'BID_TOO_LOW'
      | 'ALREADY_LEADING'
      | 'MAX_NOT_RAISED'
      | 'BUY_NOW_UNAVAILABLE'
      | 'NOT_ENDED'
      | 'CANCEL_NOT_ALLOWED'
      | 'RETRACTION_NOT_ALLOWED'
    >();
    // @ts-expect-error not a rejection code
    const code: RejectionCode = 'TOO_LOW';
    void code;
  });
});

describe('Rejected', () => {
  it('is a union on code: narrowing the code types the details', () => {
    const decision = decide(openCommand, initialState(), 0);
    if (decision.ok) return;
    expectTypeOf(decision.details).toEqualTypeOf<RejectionDetails>();
    if (decision.code === 'BID_TOO_LOW') {
      expectTypeOf(decision.details).toEqualTypeOf<{ readonly minimumNextBid: number }>();
      // @ts-expect-error a too-low bid carries no end time
      void decision.details.endsAt;
    }
    if (decision.code === 'AUCTION_ENDED') expectTypeOf(decision.details.endsAt).toBeNumber();
    if (decision.code === 'AUCTION_NOT_STARTED') expectTypeOf(decision.details.startsAt).toBeNumber();
    if (decision.code === 'NOT_ENDED') expectTypeOf(decision.details.endsAt).toBeNumber();
    if (decision.code === 'MAX_NOT_RAISED') expectTypeOf(decision.details.currentMax).toBeNumber();
    if (decision.code === 'INVALID_COMMAND') {
      expectTypeOf(decision.details.field).toBeString();
      expectTypeOf(decision.details.atMost).toEqualTypeOf<number | undefined>();
    }
    if (decision.code === 'CANCEL_NOT_ALLOWED')
      expectTypeOf(decision.details.reason).toEqualTypeOf<'not-seller' | 'has-bids'>();
    if (decision.code === 'SELLER_CANNOT_BID') expectTypeOf(decision.details).toEqualTypeOf<NoDetails>();
  });

  it('keys the details by every rejection code', () => {
    expectTypeOf<keyof RejectionDetailsByCode>().toEqualTypeOf<RejectionCode>();
    expectTypeOf<Rejected<'AUCTION_ENDED'>>().toEqualTypeOf<{
      readonly ok: false;
      readonly code: 'AUCTION_ENDED';
      readonly message: string;
      readonly details: { readonly endsAt: number };
    }>();
  });
});

describe('formatMoney', () => {
  it('takes minor units, a currency and an optional locale', () => {
    expectTypeOf(formatMoney).parameters.toEqualTypeOf<[number, string, string?]>();
    expectTypeOf(formatMoney).returns.toBeString();
  });
});

describe('increments', () => {
  it('are increment tables', () => {
    expectTypeOf(increments.ebayUsd).toEqualTypeOf<IncrementTable>();
    expectTypeOf(increments.flat).toEqualTypeOf<(increment: number) => IncrementTable>();
  });
});
