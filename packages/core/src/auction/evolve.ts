import type { AuctionState, Offer } from './auctionState';
import type { AuctionEvent } from './events';
import { priceOrLeaderMoved } from './priceOrLeaderMoved';
import { visiblePrice } from './visiblePrice';

/**
 * Folds one event into the state. Pure and O(1): it copies only the few fields of the state, never a
 * collection. Unknown event types leave the state as it is (forward compatibility).
 */
export const evolve = (state: AuctionState, event: AuctionEvent): AuctionState => {
  switch (event.type) {
    case 'AuctionOpened': {
      const { auctionId, at: _at, ...rules } = event.data;
      return { ...state, status: 'open', auctionId, rules, endsAt: rules.endsAt };
    }
    case 'BidPlaced': {
      const { bidderId, bidId, amount } = event.data;
      return applyOffer(state, bidderId, bidId, amount, amount);
    }
    case 'MaxBidSet': {
      const { bidderId, bidId, maxAmount } = event.data;
      return applyOffer(state, bidderId, bidId, maxAmount, 0);
    }
    case 'AuctionExtended':
      return { ...state, endsAt: event.data.endsAt };
    case 'AuctionClosed': {
      const { auctionId: _id, at: _at, ...result } = event.data;
      return { ...state, status: 'closed', result };
    }
    case 'AuctionCancelled':
      return { ...state, status: 'cancelled' };
    case 'BidRetracted': {
      // The event carries what the remaining offers give: nothing to recompute. The end, the counts
      // (bidCount orders offers, visibleBidCount is what the public saw) and the status stay.
      if (state.rules === null) return state;
      const { leader, runnerUpMax, price } = event.data;
      return { ...state, leader, runnerUpMax, price };
    }
    default:
      return state;
  }
};

/**
 * A new offer replaces its bidder's earlier one. A non-leader's accepted offer is above every other
 * non-leader's max (it is at least the minimum next bid), so the runner-up max is all that must be kept.
 */
const applyOffer = (
  state: AuctionState,
  bidderId: string,
  bidId: string,
  max: number,
  floor: number,
): AuctionState => {
  const rules = state.rules;
  if (rules === null) return state;
  const seq = state.bidCount + 1;
  const leader = state.leader;
  let nextLeader: Offer;
  let runnerUpMax = state.runnerUpMax;
  if (leader === null) {
    nextLeader = { bidderId, bidId, max, floor, seq };
  } else if (leader.bidderId === bidderId) {
    // A raise keeps the offer's time and the straight amount it already holds the price at.
    nextLeader = {
      bidderId,
      bidId,
      max: Math.max(leader.max, max),
      floor: Math.max(leader.floor, floor),
      seq: leader.seq,
    };
  } else if (max > leader.max) {
    nextLeader = { bidderId, bidId, max, floor, seq };
    runnerUpMax = runnerUpMax === null ? leader.max : Math.max(runnerUpMax, leader.max);
  } else {
    nextLeader = leader;
    runnerUpMax = runnerUpMax === null ? max : Math.max(runnerUpMax, max);
  }
  const price = visiblePrice(rules, nextLeader, runnerUpMax);
  // Seen by the public: a change of the price or of the leader (a silent raise changes neither).
  const visible = priceOrLeaderMoved(state, price, nextLeader);
  // An explicit literal, not a spread: this is the hot path of every fold, and V8 builds a literal of a
  // known shape several times faster than it clones one.
  return {
    status: state.status,
    auctionId: state.auctionId,
    rules,
    endsAt: state.endsAt,
    leader: nextLeader,
    runnerUpMax,
    price,
    bidCount: seq,
    visibleBidCount: visible ? state.visibleBidCount + 1 : state.visibleBidCount,
    result: state.result,
  };
};
