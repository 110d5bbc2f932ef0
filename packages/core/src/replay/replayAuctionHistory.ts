import { addToAuctionOffers, emptyAuctionOffers } from '../auction/auctionOffers';
import { type AuctionState, initialState } from '../auction/auctionState';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { sameJson } from '../internal/sameJson';
import { recordedCommand } from './recordedCommand';

/** An event as recorded or as decided: only `type` and `data` are compared. */
export interface HistoryEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * The codes of the errors a replay throws (a closed union, for `switch` over `error.code`):
 * `'INVALID_HISTORY'`: the recorded history is not one the rules reproduce.
 */
export type ReplayErrorCode = 'INVALID_HISTORY';

/** A recorded history that the rules do not reproduce. */
export class InvalidAuctionHistoryError extends Error {
  /** Always `'INVALID_HISTORY'`. */
  readonly code: ReplayErrorCode = 'INVALID_HISTORY';
  /** The index of the first event the replay could not reproduce. */
  readonly index: number;
  constructor(index: number, message: string) {
    super(`event #${index}: ${message}`);
    this.name = 'InvalidAuctionHistoryError';
    this.index = index;
  }
}

const plain = (event: HistoryEvent): HistoryEvent => ({ type: event.type, data: event.data });

/**
 * Checks that an auction stream is a serial history the rules accept: it rebuilds, from each decision's
 * first event, the command that made it (`OpenAuction`, `PlaceBid`, `SetMaxBid`, `BuyNow`, `CloseAuction`,
 * `CancelAuction`, `RetractBid`), decides it against the state folded so far at the event's own `at`
 * (a retraction with the offers of the events so far), and requires the decision to be accepted with
 * exactly the recorded events (e.g. a bid and its soft-close extension).
 *
 * @returns the state after each event (`states[i]` is the state once event i is folded).
 * @throws InvalidAuctionHistoryError at the first event the rules do not reproduce.
 */
export const replayAuctionHistory = (events: readonly HistoryEvent[]): AuctionState[] => {
  const states: AuctionState[] = [];
  let state = initialState();
  // Kept beside the state for the retractions, which need every offer (only a stream with one pays).
  const offers = emptyAuctionOffers();
  let offersUpTo = 0;
  let i = 0;
  while (i < events.length) {
    const event = plain(events[i] as HistoryEvent) as AuctionEvent;
    const command = recordedCommand(event);
    if (command === null) throw new InvalidAuctionHistoryError(i, `${event.type} does not start a decision`);
    if (command.type === 'RetractBid') {
      addToAuctionOffers(offers, events.slice(offersUpTo, i).map(plain) as AuctionEvent[]);
      offersUpTo = i;
    }
    const at = (event.data as { at: number }).at;
    const decision = decide(command, state, at, command.type === 'RetractBid' ? offers : undefined);
    if (!decision.ok)
      throw new InvalidAuctionHistoryError(
        i,
        `${command.type} is rejected: ${decision.code} (${decision.message})`,
      );
    const recorded = events.slice(i, i + decision.events.length).map(plain);
    if (!sameJson(recorded, decision.events.map(plain)))
      throw new InvalidAuctionHistoryError(
        i,
        `recorded ${JSON.stringify(recorded)} but the rules decide ${JSON.stringify(decision.events)}`,
      );
    for (const decided of decision.events) {
      state = fold([decided], state);
      states.push(state);
    }
    i += decision.events.length;
  }
  return states;
};
