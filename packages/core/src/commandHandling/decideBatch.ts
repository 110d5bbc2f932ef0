import type { AuctionState } from '../auction/auctionState';
import { decideWellFormed } from '../auction/decide';
import type { Decision } from '../auction/decision';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import type { EventToAppend } from '../eventStore/eventStore';
import type { CachedAuction, RecordedBid } from './cachedAuction';
import { decisionEventId } from './eventIds';
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
  /** Its `bidId` is already recorded (in the stream, or accepted earlier in this batch). */
  | { readonly kind: 'duplicate'; readonly bid: RecordedBid }
  /** Its `bidId` is recorded by another bidder: refused. */
  | { readonly kind: 'bid-id-taken' };

/** A batch decided in order against the cached state: the events to append in one write. */
export interface BatchPlan {
  readonly outcomes: readonly BatchOutcome[];
  readonly events: readonly EventToAppend[];
  /** The state after every accepted command of the batch. */
  readonly state: AuctionState;
  /** The bids this batch records, to add to the cache once the write succeeds. */
  readonly newBids: ReadonlyMap<string, RecordedBid>;
}

const NO_BIDS: ReadonlyMap<string, RecordedBid> = new Map();

const bidderOf = (command: NormalizedCommand['command']): string | undefined =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid' ? command.data.bidderId : undefined;

/**
 * Decides each command (normalized, so well-formed) in order against the running state (the cached state plus the events of the
 * commands before it in the batch), with `now = clock()` per decision. Pure apart from the clock.
 */
export const decideBatch = (
  cache: CachedAuction,
  batch: readonly NormalizedCommand[],
  clock: () => number,
): BatchPlan => {
  let state = cache.state;
  const outcomes: BatchOutcome[] = [];
  const events: EventToAppend[] = [];
  // Most batches are one command: the map of the batch's own bids is only made when a second one needs it.
  let newBids: Map<string, RecordedBid> | undefined;
  for (const { command, key } of batch) {
    const bidId = key.bidId;
    if (bidId !== undefined) {
      const recorded = cache.bids.get(bidId) ?? newBids?.get(bidId);
      if (recorded !== undefined) {
        outcomes.push(
          recorded.bidderId === bidderOf(command)
            ? { kind: 'duplicate', bid: recorded }
            : { kind: 'bid-id-taken' },
        );
        continue;
      }
    }
    const now = clock();
    const decision = decideWellFormed(command, state, now);
    if (decision.ok && decision.events.length > 0) {
      state = fold(decision.events, state);
      for (let n = 0; n < decision.events.length; n++) {
        const event = decision.events[n] as AuctionEvent;
        events.push({ type: event.type, data: event.data, eventId: decisionEventId(key, n) });
      }
      if (bidId !== undefined) {
        newBids ??= new Map();
        newBids.set(bidId, { bidderId: bidderOf(command) as string, events: decision.events });
      }
    }
    outcomes.push({ kind: 'decided', decision, after: state, now });
  }
  return { outcomes, events, state, newBids: newBids ?? NO_BIDS };
};
