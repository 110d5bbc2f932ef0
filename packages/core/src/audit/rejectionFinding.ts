import type { AuctionState } from '../auction/auctionState';
import type { Rejected, RetractionRefusal } from '../auction/decision';
import type { AuctionEvent } from '../auction/events';
import { minimumNextBid } from '../auction/publicView';
import type { Finding, FindingCode } from './finding';
import type { AmountFormatter } from './formatAmount';
import { formatInstant } from './formatDuration';

const BID_WORDS: Partial<Record<Rejected['code'], string>> = {
  SELLER_CANNOT_BID: 'the seller cannot bid on their own auction',
  ALREADY_LEADING: 'its bidder was already leading (a leader may only raise their max)',
  MAX_NOT_RAISED: "a leader's new max must be above their current max",
  INVALID_COMMAND: 'its amount or shape is not valid for this auction',
};

/** Why the rules refuse a recorded retraction, in words (the refusal's reason, as data in `details`). */
const RETRACTION_WORDS: Readonly<Record<RetractionRefusal, string>> = {
  closed: 'the auction was closed',
  ended: 'the auction has ended',
  forbidden: "the auction's rules allow no retraction",
  'no-offer': 'its bidder held no bid to retract',
  'too-late': "its bidder's latest bid was too old to withdraw this close to the end",
};

const codeFor = (event: AuctionEvent, rejection: Rejected, state: AuctionState): FindingCode => {
  if (rejection.code === 'AUCTION_NOT_FOUND') return state.rules === null ? 'NOT_OPENED' : 'WRONG_AUCTION';
  if (rejection.code === 'AUCTION_CLOSED') return 'EVENT_AFTER_CLOSE';
  switch (event.type) {
    case 'BidRetracted':
      return rejection.code === 'RETRACTION_NOT_ALLOWED' && rejection.details.reason === 'closed'
        ? 'EVENT_AFTER_CLOSE'
        : 'RETRACTION_REJECTED';
    case 'AuctionOpened':
      return 'OPEN_REJECTED';
    case 'BidPlaced':
    case 'MaxBidSet':
      if (rejection.code === 'AUCTION_ENDED') return 'BID_AFTER_END';
      if (rejection.code === 'AUCTION_NOT_STARTED') return 'BID_BEFORE_START';
      return 'BID_REJECTED';
    case 'AuctionClosed':
      if (event.data.reason === 'buy-now')
        return rejection.code === 'AUCTION_ENDED' ? 'BID_AFTER_END' : 'BUY_NOW_REJECTED';
      return 'CLOSE_BEFORE_END';
    default:
      return 'CANCEL_REJECTED';
  }
};

const bidWords = (
  event: AuctionEvent,
  rejection: Rejected,
  state: AuctionState,
  money: AmountFormatter,
): string => {
  const at = formatInstant(event.data.at);
  switch (rejection.code) {
    case 'AUCTION_ENDED':
      return `at ${at}, at or after the effective end ${formatInstant(state.endsAt)}`;
    case 'AUCTION_NOT_STARTED':
      return `at ${at}, before the start ${formatInstant(state.rules?.startsAt ?? null)}`;
    case 'BID_TOO_LOW': {
      const minimum = minimumNextBid(state);
      return `it is below the minimum next bid of ${minimum === null ? '?' : money(minimum)}`;
    }
    default:
      return BID_WORDS[rejection.code] ?? `${rejection.code}: ${rejection.message}`;
  }
};

/** The finding for a recorded decision that the rules reject, in words that name no secret max. */
export const rejectionFinding = (
  event: AuctionEvent,
  rejection: Rejected,
  state: AuctionState,
  version: number,
  money: AmountFormatter,
): Finding => {
  const code = codeFor(event, rejection, state);
  let message: string;
  if (event.type === 'BidPlaced' || event.type === 'MaxBidSet') {
    const what =
      event.type === 'BidPlaced'
        ? `${event.data.bidderId}'s bid of ${money(event.data.amount)}`
        : `${event.data.bidderId}'s max bid`;
    message = `${what} is recorded as accepted, but the rules reject it: ${bidWords(event, rejection, state, money)}`;
  } else if (code === 'RETRACTION_REJECTED' && event.type === 'BidRetracted') {
    const why =
      rejection.code !== 'RETRACTION_NOT_ALLOWED'
        ? `${rejection.code} (${rejection.message})`
        : rejection.details.reason === 'ended'
          ? `it is at or after the effective end ${formatInstant(state.endsAt)}`
          : RETRACTION_WORDS[rejection.details.reason];
    message = `${event.data.bidderId}'s retraction at ${formatInstant(event.data.at)} is recorded as accepted, but the rules refuse it: ${why}`;
  } else if (code === 'CLOSE_BEFORE_END')
    message = `the auction is recorded closed at ${formatInstant(event.data.at)}, before its effective end ${formatInstant(state.endsAt)}`;
  else if (code === 'NOT_OPENED') message = `${event.type} is recorded before the auction was opened`;
  else if (code === 'WRONG_AUCTION')
    message = `${event.type} belongs to auction '${event.data.auctionId}', not '${state.auctionId}'`;
  else if (code === 'EVENT_AFTER_CLOSE')
    message = `${event.type} is recorded after the auction was ${state.status}`;
  else
    message = `${event.type} is recorded, but the rules reject it: ${rejection.code} (${rejection.message})`;
  return { code, version, message, rule: rejection.code };
};
