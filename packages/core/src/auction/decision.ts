import type { AuctionEvent } from './events';

/** Every reason `decide` can reject a command for. */
export type RejectionCode =
  | 'AUCTION_NOT_FOUND'
  | 'AUCTION_ALREADY_EXISTS'
  | 'AUCTION_NOT_STARTED'
  | 'AUCTION_ENDED'
  | 'AUCTION_CLOSED'
  | 'INVALID_COMMAND'
  | 'SELLER_CANNOT_BID'
  | 'BID_TOO_LOW'
  | 'ALREADY_LEADING'
  | 'MAX_NOT_RAISED'
  | 'BUY_NOW_UNAVAILABLE'
  | 'NOT_ENDED'
  | 'CANCEL_NOT_ALLOWED';

/** A command was accepted: these events record it (none when it changes nothing, e.g. a repeated close). */
export interface Accepted {
  readonly ok: true;
  readonly events: readonly AuctionEvent[];
}

/** A command was rejected: nothing changes and nothing is recorded. */
export interface Rejected<Code extends string = RejectionCode> {
  readonly ok: false;
  readonly code: Code;
  readonly message: string;
}

/** What `decide` returns. */
export type Decision = Accepted | Rejected;

/** An accepted decision. */
export const accepted = (events: readonly AuctionEvent[]): Accepted => ({ ok: true, events });

/** A rejected decision. */
export const rejected = <Code extends string>(code: Code, message: string): Rejected<Code> => ({
  ok: false,
  code,
  message,
});
