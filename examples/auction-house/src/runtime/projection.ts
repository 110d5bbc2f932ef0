// TEMPORARY stand-in until @gavel/core exports the public projection (publicSnapshot, maskPublicView);
// then this file re-exports them.
import { type AuctionEvent, evolve, initialState, type PublicView, publicView } from '@gavel/core';

/** Masks a bidder id for the public. */
export type BidderMask = (auctionId: string, bidderId: string) => string;

/** One public history entry. */
export interface PublicHistoryEntry {
  readonly version: number;
  readonly at: number;
  readonly kind: 'bid' | 'extended' | 'closed';
  readonly price: number | null;
  readonly bidder: string | null;
  readonly automatic: boolean;
}

/** A recorded event of an auction stream. */
export interface StreamEvent {
  readonly type: string;
  readonly data: unknown;
  readonly streamVersion: number;
}

/** The masked public view. */
export const maskPublicView = (view: PublicView, mask: BidderMask): PublicView => {
  const leaderId = view.leaderId === null ? null : mask(view.auctionId, view.leaderId);
  const outcome = view.outcome;
  if (outcome === undefined) return { ...view, leaderId };
  const winnerId = outcome.winnerId;
  return {
    ...view,
    leaderId,
    outcome: winnerId === undefined ? outcome : { ...outcome, winnerId: mask(view.auctionId, winnerId) },
  };
};

/** The public snapshot of a stream. */
export const publicSnapshot = (
  events: Iterable<StreamEvent>,
  mask: BidderMask,
): { auctionId: string; version: number; view: PublicView; history: PublicHistoryEntry[] } | null => {
  let state = initialState();
  let version = 0;
  let at = 0;
  const history: PublicHistoryEntry[] = [];
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as AuctionEvent;
    const before = state;
    state = evolve(state, event);
    version = recorded.streamVersion;
    at = event.data.at;
    const holder = state.leader?.bidderId ?? null;
    const bidder = holder === null ? null : mask(event.data.auctionId, holder);
    if (event.type === 'BidPlaced' || event.type === 'MaxBidSet') {
      if (before.price !== state.price || before.leader?.bidderId !== holder)
        history.push({
          version,
          at,
          kind: 'bid',
          price: state.price,
          bidder,
          automatic: holder !== event.data.bidderId,
        });
    } else if (event.type === 'AuctionExtended') {
      history.push({ version, at, kind: 'extended', price: state.price, bidder, automatic: false });
    } else if (event.type === 'AuctionClosed') {
      const winner = event.data.winnerId;
      history.push({
        version,
        at,
        kind: 'closed',
        price: event.data.price ?? null,
        bidder: winner === undefined ? null : mask(event.data.auctionId, winner),
        automatic: false,
      });
    }
  }
  const view = publicView(state, at);
  return view === null
    ? null
    : { auctionId: view.auctionId, version, view: maskPublicView(view, mask), history };
};
