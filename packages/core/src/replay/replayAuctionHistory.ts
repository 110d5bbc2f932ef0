import { addToAuctionOffers, emptyAuctionOffers } from '../auction/auctionOffers';
import { type AuctionState, initialState } from '../auction/auctionState';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { auctionEventProblem, decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import { typeAndData } from '../decoding/toAuctionEvent';
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

/** The recorded events decoded, or the error at the first one the decoder cannot read. */
const decodeHistory = (events: readonly HistoryEvent[]): AuctionEvent[] => {
  const decoded: AuctionEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as HistoryEvent;
    const auctionEvent = decodeAuctionEvent(event);
    if (auctionEvent === null)
      throw new InvalidAuctionHistoryError(i, auctionEventProblem(event)?.message ?? 'unreadable event');
    decoded[i] = auctionEvent;
  }
  return decoded;
};

/** True when the recorded events are the decided ones: the same types and the same data (as JSON). */
const sameEvents = (recorded: readonly AuctionEvent[], decided: readonly AuctionEvent[]): boolean => {
  if (recorded.length !== decided.length) return false;
  for (let i = 0; i < recorded.length; i++) {
    const a = recorded[i] as AuctionEvent;
    const b = decided[i] as AuctionEvent;
    if (a.type !== b.type || !sameJson(a.data, b.data)) return false;
  }
  return true;
};

/**
 * Checks that an auction stream is a serial history the rules accept: it decodes each event (through
 * the upcasters, as every read does), rebuilds, from each decision's first event, the command that
 * made it (`OpenAuction`, `PlaceBid`, `SetMaxBid`, `BuyNow`, `CloseAuction`, `CancelAuction`,
 * `RetractBid`), decides it against the state folded so far at the event's own `at` (a retraction with
 * the offers of the events so far), and requires the decision to be accepted with exactly the recorded
 * events (e.g. a bid and its soft-close extension).
 *
 * @returns the state after each event (`states[i]` is the state once event i is folded).
 * @throws InvalidAuctionHistoryError at the first event the rules do not reproduce (or that cannot be read).
 */
export const replayAuctionHistory = (events: readonly HistoryEvent[]): AuctionState[] => {
  const decoded = decodeHistory(events);
  const states: AuctionState[] = [];
  let state = initialState();
  // Kept beside the state for the retractions, which need every offer (only a stream with one pays).
  const offers = emptyAuctionOffers();
  let offersUpTo = 0;
  let i = 0;
  while (i < decoded.length) {
    const event = decoded[i] as AuctionEvent;
    const command = recordedCommand(event);
    if (command === null) throw new InvalidAuctionHistoryError(i, `${event.type} does not start a decision`);
    if (command.type === 'RetractBid') {
      addToAuctionOffers(offers, decoded.slice(offersUpTo, i));
      offersUpTo = i;
    }
    const decision = decide(
      command,
      state,
      event.data.at,
      command.type === 'RetractBid' ? offers : undefined,
    );
    if (!decision.ok)
      throw new InvalidAuctionHistoryError(
        i,
        `${command.type} is rejected: ${decision.code} (${decision.message})`,
      );
    const recorded = decoded.slice(i, i + decision.events.length);
    if (!sameEvents(recorded, decision.events))
      throw new InvalidAuctionHistoryError(
        i,
        `recorded ${JSON.stringify(recorded.map(typeAndData))} but the rules decide ${JSON.stringify(decision.events)}`,
      );
    for (const decided of decision.events) {
      state = fold([decided], state);
      states.push(state);
    }
    i += decision.events.length;
  }
  return states;
};
