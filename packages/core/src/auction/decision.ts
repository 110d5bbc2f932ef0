import type { AuctionEvent } from './events';

/** The details of a rejection that has no number to carry. */
export type NoDetails = Readonly<Record<never, never>>;

/**
 * The data each rejection carries, by code. Amounts are integer minor units of the auction's currency,
 * times epoch milliseconds. A rejection never carries a secret: `MAX_NOT_RAISED` answers only the
 * leader, and its `currentMax` is their own.
 */
export interface RejectionDetailsByCode {
  /** No auction with the command's id (or the state holds another auction). */
  readonly AUCTION_NOT_FOUND: NoDetails;
  /** `OpenAuction` for an auction that already exists. */
  readonly AUCTION_ALREADY_EXISTS: NoDetails;
  /** Bidding starts at `startsAt`. */
  readonly AUCTION_NOT_STARTED: { readonly startsAt: number };
  /** Bidding ended at `endsAt` (the effective end, after extensions), closed or not. */
  readonly AUCTION_ENDED: { readonly endsAt: number };
  /** The auction is closed or cancelled. */
  readonly AUCTION_CLOSED: { readonly status: 'closed' | 'cancelled' };
  /**
   * A field of the command (or `now`) is wrong. `field` is its path from the command: `type`, `data`,
   * `data.amount`, `data.softClose.windowMs`, `data.increments[1].from`; `command` for the command as a
   * whole, `now` for the time given to `decide`, `offers` for the offers a `RetractBid` needs (missing,
   * or not folded from the same events as the state). `atLeast`/`atMost` are the bounds a value broke,
   * when the rule is a bound (in the field's own unit: minor units for money).
   */
  readonly INVALID_COMMAND: { readonly field: string; readonly atLeast?: number; readonly atMost?: number };
  /** The seller bid on (or tried to buy) their own item. */
  readonly SELLER_CANNOT_BID: NoDetails;
  /** A bid below the minimum next bid. */
  readonly BID_TOO_LOW: { readonly minimumNextBid: number };
  /** The leader sent a straight bid: they may only raise their max. */
  readonly ALREADY_LEADING: NoDetails;
  /** The leader's new max is not above their current one, which is theirs to see. */
  readonly MAX_NOT_RAISED: { readonly currentMax: number };
  /** Buy it now is not offered, or no longer available. */
  readonly BUY_NOW_UNAVAILABLE: NoDetails;
  /** `CloseAuction` before the effective end. */
  readonly NOT_ENDED: { readonly endsAt: number };
  /** Only the seller may cancel, and only before the first accepted bid. */
  readonly CANCEL_NOT_ALLOWED: { readonly reason: 'not-seller' | 'has-bids' };
  /**
   * A retraction the rules refuse: the auction is closed or cancelled (`'closed'`) or has ended
   * (`'ended'`), it allows no retraction (`'forbidden'`, policy `retraction: null`), the bidder holds
   * no offer on it (`'no-offer'`), or, with `fullBeforeEndMs` or less left, their latest bid is not
   * less than `latestWithinMs` old (`'too-late'`).
   */
  readonly RETRACTION_NOT_ALLOWED: { readonly reason: RetractionRefusal };
}

/** Why a retraction is refused; see `RETRACTION_NOT_ALLOWED`. */
export type RetractionRefusal = 'closed' | 'ended' | 'forbidden' | 'no-offer' | 'too-late';

/** Every reason `decide` can reject a command for. */
export type RejectionCode = keyof RejectionDetailsByCode;

/** The details a rejection with this code carries. */
export type RejectionDetails<Code extends RejectionCode = RejectionCode> = RejectionDetailsByCode[Code];

/** A command was accepted: these events record it (none when it changes nothing, e.g. a repeated close). */
export interface Accepted {
  readonly ok: true;
  readonly events: readonly AuctionEvent[];
}

/**
 * A command was rejected: nothing changes and nothing is recorded. A union discriminated by `code`:
 * narrowing on the code types its `details`. The `message` is for people: money in the auction's
 * currency (`$194.00`), times as ISO 8601, the wrong field by name.
 */
export type Rejected<Code extends RejectionCode = RejectionCode> = {
  readonly [C in Code]: {
    readonly ok: false;
    readonly code: C;
    readonly message: string;
    readonly details: RejectionDetailsByCode[C];
  };
}[Code];

/** What `decide` returns. */
export type Decision = Accepted | Rejected;

/** An accepted decision. */
export const accepted = (events: readonly AuctionEvent[]): Accepted => ({ ok: true, events });

/** A rejected decision. */
export const rejected = <Code extends RejectionCode>(
  code: Code,
  message: string,
  details: RejectionDetailsByCode[Code],
): Rejected<Code> => ({ ok: false, code, message, details }) as Rejected<Code>;

const NONE: NoDetails = Object.freeze({});

/** The shared, frozen details of a rejection that carries no data. */
export const noDetails = (): NoDetails => NONE;
