import { type AuctionState, initialState } from './auctionState';
import type { AuctionEvent } from './events';
import { evolve } from './evolve';

/** Folds events in order, from the initial state or from a given one. */
export const fold = (events: Iterable<AuctionEvent>, from: AuctionState = initialState()): AuctionState => {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
};
