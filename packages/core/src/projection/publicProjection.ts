import { type AuctionState, initialState } from '../auction/auctionState';
import type { PublicView } from '../auction/publicView';

/**
 * Where the public projection of one auction stream stands: the decider's state, the stream version
 * folded so far and the masked public view at that version. O(1) in size: the history is the caller's.
 */
export interface PublicProjection {
  readonly state: AuctionState;
  /** The stream version of the last event folded; 0 before the first. */
  readonly version: number;
  /** The masked public view at `version` (`publicView(state, at)`, `at` of that event); null before `AuctionOpened`. */
  readonly view: PublicView | null;
}

/** The projection of a stream with no events. */
export const initialPublicProjection = (): PublicProjection => ({
  state: initialState(),
  version: 0,
  view: null,
});
