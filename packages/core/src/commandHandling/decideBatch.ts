import { type AuctionOffers, auctionOffers } from '../auction/auctionOffers';
import type { AuctionState } from '../auction/auctionState';
import { decideWellFormedWithState } from '../auction/decide';
import type { Decision } from '../auction/decision';
import type { AuctionEvent } from '../auction/events';
import { bidderAt, findBid } from './bidWindow';
import type { CachedAuction } from './cachedAuction';
import { decisionEventId } from './eventIds';
import type { KnownBid } from './forgottenBids';
import type { NormalizedCommand } from './normalizeCommand';

/** What became of one command of a batch, before the write. */
export type BatchOutcome =
  /** Decided against the running state: `after` is the state right after its own events. */
  | {
      readonly kind: 'decided';
      readonly decision: Decision;
      readonly after: AuctionState;
      readonly now: number;
    }
  /**
   * Its `bidId` is already recorded by the same bidder (in the stream, or accepted earlier in this
   * batch), with its first event at stream version `version`.
   */
  | { readonly kind: 'duplicate'; readonly bidId: string; readonly version: number }
  /** Its `bidId` is recorded by another bidder: refused. */
  | { readonly kind: 'bid-id-taken' };

/** A decided event with the id the service gives it: what a batch appends. */
export type DecidedEventToAppend = AuctionEvent & { readonly eventId: string };

/**
 * The event with its id, as a literal of three fields: every event a batch appends has one shape, which
 * keeps the store's checks and writes monomorphic (a spread would copy each event type's own shape).
 */
const withEventId = (event: AuctionEvent, eventId: string): DecidedEventToAppend =>
  ({ type: event.type, data: event.data, eventId }) as DecidedEventToAppend;

/** A batch decided in order against the cached state: the events to append in one write. */
export interface BatchPlan {
  readonly outcomes: readonly BatchOutcome[];
  /** The events to append (the decided events, each with its id), the cached version being the expected version. */
  readonly events: readonly DecidedEventToAppend[];
  /** The state after every accepted command of the batch. */
  readonly state: AuctionState;
  /**
   * True when the batch holds a `RetractBid` and the cache keeps no offers: nothing was decided; read
   * the stream into a cache with offers and decide the batch again.
   */
  readonly needsOffers: boolean;
}

const bidderOf = (command: NormalizedCommand['command']): string | undefined =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid' ? command.data.bidderId : undefined;

const TAKEN: BatchOutcome = Object.freeze({ kind: 'bid-id-taken' });

/** The events decided so far in a batch, in order. */
const decidedEvents = (outcomes: readonly BatchOutcome[]): AuctionEvent[] => {
  const events: AuctionEvent[] = [];
  for (const outcome of outcomes)
    if (outcome.kind === 'decided' && outcome.decision.ok)
      for (const event of outcome.decision.events) events.push(event);
  return events;
};

/**
 * The offers a `RetractBid` of the batch is decided with: the cache's, moved on by the events decided
 * before it in the batch (a copy: the cache's own move on only once the batch is written).
 */
const offersAt = (
  offers: AuctionOffers,
  outcomes: readonly BatchOutcome[],
  events: readonly DecidedEventToAppend[],
): AuctionOffers => (events.length === 0 ? offers : auctionOffers(decidedEvents(outcomes), offers));

/**
 * Decides each command (normalized, so well-formed) in order against the running state (the cached
 * state plus the events of the commands before it in the batch), with `now = clock()` per decision.
 * A bid whose `bidId` is in the cache's bid window, or in `known` (found in the store, before the
 * window), is not decided again. A `RetractBid` is decided with the cache's offers; when the cache
 * keeps none, nothing is decided and the plan `needsOffers`. Pure apart from the clock.
 */
export const decideBatch = (
  cache: CachedAuction,
  batch: readonly { readonly normalized: NormalizedCommand }[],
  clock: () => number,
  known: ReadonlyMap<string, KnownBid> | null = null,
): BatchPlan => {
  let state = cache.state;
  const outcomes: BatchOutcome[] = [];
  const events: DecidedEventToAppend[] = [];
  // Only a batch of several commands can repeat a bidId within itself: bidId → index of its first event in `events`.
  const newBids = batch.length > 1 ? new Map<string, number>() : undefined;
  for (let b = 0; b < batch.length; b++) {
    const { command, key } = (batch[b] as { readonly normalized: NormalizedCommand }).normalized;
    const bidId = key.bidId;
    if (bidId !== undefined) {
      const version = findBid(cache.bids, bidId);
      if (version !== -1) {
        outcomes.push(
          bidderAt(cache.bids, version) === bidderOf(command) ? { kind: 'duplicate', bidId, version } : TAKEN,
        );
        continue;
      }
      const recorded = known?.get(bidId);
      if (recorded !== undefined) {
        outcomes.push(
          recorded.bidderId === bidderOf(command)
            ? { kind: 'duplicate', bidId, version: recorded.version }
            : TAKEN,
        );
        continue;
      }
      const index = newBids?.get(bidId);
      if (index !== undefined) {
        const first = events[index] as DecidedEventToAppend;
        const bidder =
          first.type === 'BidPlaced' || first.type === 'MaxBidSet' ? first.data.bidderId : undefined;
        outcomes.push(
          bidder === bidderOf(command)
            ? { kind: 'duplicate', bidId, version: cache.version + index + 1 }
            : TAKEN,
        );
        continue;
      }
    }
    let offers: AuctionOffers | undefined;
    if (bidId === undefined && command.type === 'RetractBid') {
      if (cache.offers === null) return { outcomes: [], events: [], state: cache.state, needsOffers: true };
      offers = offersAt(cache.offers, outcomes, events);
    }
    const now = clock();
    const decided = decideWellFormedWithState(command, state, now, bidId, offers);
    const decision = decided.decision;
    state = decided.state;
    if (decision.ok && decision.events.length > 0) {
      if (bidId !== undefined) newBids?.set(bidId, events.length);
      for (let n = 0; n < decision.events.length; n++) {
        const event = decision.events[n] as AuctionEvent;
        events.push(withEventId(event, decisionEventId(key, n)));
      }
    }
    outcomes.push({ kind: 'decided', decision, after: state, now });
  }
  return { outcomes, events, state, needsOffers: false };
};
