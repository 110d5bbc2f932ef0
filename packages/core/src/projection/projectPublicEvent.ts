import type { AuctionState } from '../auction/auctionState';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';
import { priceOrLeaderMoved } from '../auction/priceOrLeaderMoved';
import { type PublicView, publicView } from '../auction/publicView';
import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import type { BidderMask } from './bidderMask';
import { maskPublicView } from './maskPublicView';
import type { PublicHistoryEntry } from './publicHistoryEntry';
import type { PublicProjection } from './publicProjection';
import { samePublicView } from './samePublicView';

/** A recorded event of one auction stream, as any store returns it. */
export interface StreamEvent {
  readonly type: string;
  readonly data: unknown;
  /** Its stream version: 1 for the stream's first event. */
  readonly streamVersion: number;
}

/** What one event changes in public: the new masked view and, when it adds one, a history entry. */
export interface PublicChange {
  /** The stream version of the event. */
  readonly version: number;
  /** When the event happened (epoch ms). */
  readonly at: number;
  /** The masked public view after the event. */
  readonly view: PublicView;
  /** The history entry the event adds, when it adds one. */
  readonly entry?: PublicHistoryEntry;
}

/** The result of {@link projectPublicEvent}. */
export interface PublicStep {
  readonly projection: PublicProjection;
  /** Null when the event changes nothing public (e.g. a leader's silent raise, or an unknown event type). */
  readonly change: PublicChange | null;
}

const holder = (state: AuctionState, mask: BidderMask): string | null =>
  state.leader === null || state.auctionId === null ? null : mask(state.auctionId, state.leader.bidderId);

const historyEntry = (
  before: AuctionState,
  after: AuctionState,
  event: AuctionEvent,
  version: number,
  mask: BidderMask,
): PublicHistoryEntry | undefined => {
  const at = event.data.at;
  switch (event.type) {
    case 'BidPlaced':
    case 'MaxBidSet': {
      const leader = after.leader;
      if (leader === null || !priceOrLeaderMoved(before, after.price, leader)) return undefined;
      const { auctionId, bidderId } = event.data;
      const bidder = holder(after, mask);
      if (leader.bidderId === bidderId)
        return { version, at, kind: 'bid', price: after.price, bidder, automatic: false };
      // Answered by the leader's proxy: the bid that lost is beaten at once. Its amount (a straight
      // bid's, or the max that lost) is at most the runner-up max, so at most the price shown.
      const amount = event.type === 'BidPlaced' ? event.data.amount : event.data.maxAmount;
      const beaten = { bidder: mask(auctionId, bidderId), amount };
      return { version, at, kind: 'bid', price: after.price, bidder, automatic: true, beaten };
    }
    case 'AuctionExtended':
      return {
        version,
        at,
        kind: 'extended',
        price: after.price,
        bidder: holder(after, mask),
        automatic: false,
        endsAt: event.data.endsAt,
      };
    case 'BidRetracted':
      // Every retraction is shown, even one that leaves price and leader as they were; not who retracted.
      return {
        version,
        at,
        kind: 'retracted',
        price: after.price,
        bidder: holder(after, mask),
        automatic: false,
      };
    case 'AuctionClosed': {
      const { outcome, winnerId, price, auctionId } = event.data;
      const sold = outcome === 'sold';
      return {
        version,
        at,
        kind: 'closed',
        price: sold ? (price ?? after.price) : null,
        bidder: sold && winnerId !== undefined ? mask(auctionId, winnerId) : null,
        automatic: false,
        outcome,
      };
    }
    default:
      return undefined;
  }
};

/**
 * Folds one recorded event into the public projection. Pure: bidder ids go through `mask`. The view is
 * `publicView(state, at)` with `at` the event's own time, so a replay gives the same views as the live feed.
 * The event is decoded (`decodeAuctionEvent`; decoding an event decoded already finds nothing to do):
 * one the decoder cannot read moves the version and changes nothing.
 *
 * @example
 * let projection = initialPublicProjection();
 * for (const event of events) {
 *   const step = projectPublicEvent(projection, event, mask);
 *   projection = step.projection;
 *   if (step.change) send(step.change);
 * }
 */
export const projectPublicEvent = (
  projection: PublicProjection,
  recorded: StreamEvent,
  mask: BidderMask,
): PublicStep => {
  const version = recorded.streamVersion;
  const event = decodeAuctionEvent(recorded);
  if (event === null) return { projection: { ...projection, version }, change: null };
  const before = projection.state;
  const state = evolve(before, event);
  const at = event.data.at;
  const raw = publicView(state, at);
  const view = raw === null ? null : maskPublicView(raw, mask);
  const entry = historyEntry(before, state, event, version, mask);
  const next: PublicProjection = { state, version, view };
  if (view === null || (entry === undefined && samePublicView(projection.view, view)))
    return { projection: next, change: null };
  return {
    projection: next,
    change: entry === undefined ? { version, at, view } : { version, at, view, entry },
  };
};
