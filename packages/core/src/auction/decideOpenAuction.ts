import {
  copyIncrementTable,
  type IncrementTable,
  increments,
  incrementTableProblem,
} from '../money/increments';
import type { AuctionState } from './auctionState';
import type { OpenAuction } from './commands';
import { accepted, type Decision, noDetails, type RejectionDetails, rejected } from './decision';
import type { AuctionRules, RetractionPolicy, SoftClosePolicy } from './events';
import { moneyText, quoteId } from './messageText';

/** The default ceiling on any amount of an auction, in minor units. */
export const DEFAULT_MAX_AMOUNT = 1_000_000_000_000;

/** A wrong field of the listing: the message that names it, and the rejection's details. */
interface ListingProblem {
  readonly message: string;
  readonly details: RejectionDetails<'INVALID_COMMAND'>;
}

const isSafePositive = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;

const problem = (field: string, why: string): ListingProblem => ({
  message: `data.${field} ${why}`,
  details: { field: `data.${field}` },
});

/** Decides `OpenAuction`: validates the listing and copies its full rules into `AuctionOpened`. */
export const decideOpenAuction = (command: OpenAuction, state: AuctionState, now: number): Decision => {
  const d = command.data;
  if (state.status !== 'none')
    return rejected('AUCTION_ALREADY_EXISTS', `Auction ${quoteId(d.auctionId)} already exists`, noDetails());
  const rulesOrProblem = validateRules(d, now);
  if ('details' in rulesOrProblem)
    return rejected('INVALID_COMMAND', rulesOrProblem.message, rulesOrProblem.details);
  return accepted([{ type: 'AuctionOpened', data: { auctionId: d.auctionId, at: now, ...rulesOrProblem } }]);
};

/**
 * An amount of the listing: a positive safe integer, at most `maxAmount`, and at least `floor` (the
 * amounts it must not be below) when there is one.
 */
const amountProblem = (
  field: string,
  value: number | undefined,
  maxAmount: number,
  currency: string,
  floor?: { readonly amount: number; readonly what: string },
): ListingProblem | null => {
  if (value === undefined) return null;
  if (!isSafePositive(value)) return problem(field, 'must be a positive safe integer of minor units');
  if (value > maxAmount)
    return {
      message: `data.${field} must be at most the auction's largest amount, ${moneyText(maxAmount, currency)}`,
      details: { field: `data.${field}`, atMost: maxAmount },
    };
  if (floor !== undefined && value < floor.amount)
    return {
      message: `data.${field} must be at least ${floor.what}, ${moneyText(floor.amount, currency)}`,
      details: { field: `data.${field}`, atLeast: floor.amount },
    };
  return null;
};

const validateRules = (d: OpenAuction['data'], now: number): AuctionRules | ListingProblem => {
  const maxAmount = d.maxAmount ?? DEFAULT_MAX_AMOUNT;
  if (!isSafePositive(maxAmount))
    return problem('maxAmount', 'must be a positive safe integer of minor units');
  if (!/^[A-Z]{3}$/.test(d.currency)) return problem('currency', 'must be an ISO 4217 code such as USD');
  const currency = d.currency;
  const reserveFloor = { amount: d.startingPrice, what: 'the starting price' };
  // Checked after the reserve, which is then at least the starting price.
  const buyNowFloor =
    d.reservePrice === undefined ? reserveFloor : { amount: d.reservePrice, what: 'the reserve price' };
  const amountError =
    amountProblem('startingPrice', d.startingPrice, maxAmount, currency) ??
    amountProblem('reservePrice', d.reservePrice, maxAmount, currency, reserveFloor) ??
    amountProblem('buyNowPrice', d.buyNowPrice, maxAmount, currency, buyNowFloor);
  if (amountError !== null) return amountError;
  const startsAt = d.startsAt ?? now;
  if (!Number.isSafeInteger(startsAt) || startsAt < 0)
    return problem('startsAt', 'must be epoch milliseconds (a non-negative safe integer)');
  // endsAt > startsAt >= 0: a safe integer is all that is left to check.
  if (!Number.isSafeInteger(d.endsAt))
    return problem('endsAt', 'must be epoch milliseconds (a safe integer)');
  if (d.endsAt <= startsAt) return problem('endsAt', 'must be after data.startsAt');
  if (d.endsAt <= now) return problem('endsAt', 'must be in the future');
  const belowReserve = d.belowReserve ?? 'proxy';
  if (belowReserve !== 'proxy' && belowReserve !== 'fullMax')
    return problem('belowReserve', "must be 'proxy' or 'fullMax'");
  let table: IncrementTable = increments.ebayUsd;
  if (d.increments !== undefined) {
    const tableProblem = incrementTableProblem(d.increments);
    if (tableProblem !== null)
      return { message: `data.${tableProblem.message}`, details: { field: `data.${tableProblem.path}` } };
    table = copyIncrementTable(d.increments);
  }
  const softClose = d.softClose === undefined ? undefined : validateSoftClose(d.softClose, d.endsAt);
  if (softClose !== undefined && 'details' in softClose) return softClose;
  const retraction =
    d.retraction === undefined || d.retraction === null ? d.retraction : validateRetraction(d.retraction);
  if (retraction !== undefined && retraction !== null && 'details' in retraction) return retraction;
  return {
    sellerId: d.sellerId,
    currency,
    startingPrice: d.startingPrice,
    ...(d.reservePrice === undefined ? {} : { reservePrice: d.reservePrice }),
    ...(d.buyNowPrice === undefined ? {} : { buyNowPrice: d.buyNowPrice }),
    increments: table,
    startsAt,
    endsAt: d.endsAt,
    ...(softClose === undefined ? {} : { softClose }),
    belowReserve,
    maxAmount,
    // Recorded only when given: absent, it is the default policy (see DEFAULT_RETRACTION_POLICY).
    ...(retraction === undefined ? {} : { retraction }),
  };
};

/** The soft-close policy as recorded: its known fields only, `maxEndsAt` and `from` when given. */
const validateSoftClose = (policy: SoftClosePolicy, endsAt: number): SoftClosePolicy | ListingProblem => {
  const { windowMs, extendMs, maxEndsAt, from } = policy;
  if (!Number.isSafeInteger(windowMs) || windowMs < 0)
    return problem('softClose.windowMs', 'must be a non-negative safe integer of milliseconds');
  if (!isSafePositive(extendMs))
    return problem('softClose.extendMs', 'must be a positive safe integer of milliseconds');
  if (maxEndsAt !== undefined && (!Number.isSafeInteger(maxEndsAt) || maxEndsAt < endsAt))
    return problem('softClose.maxEndsAt', 'must be epoch milliseconds at or after data.endsAt');
  if (from !== undefined && from !== 'bid' && from !== 'end')
    return problem('softClose.from', "must be 'bid' or 'end'");
  return {
    windowMs,
    extendMs,
    ...(maxEndsAt === undefined ? {} : { maxEndsAt }),
    ...(from === undefined ? {} : { from }),
  };
};

const isWindow = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The retraction policy as recorded: its two windows, each a non-negative safe integer of ms. */
const validateRetraction = (policy: RetractionPolicy): RetractionPolicy | ListingProblem => {
  if (typeof policy !== 'object')
    return problem('retraction', 'must be { fullBeforeEndMs, latestWithinMs } or null');
  const { fullBeforeEndMs, latestWithinMs } = policy;
  if (!isWindow(fullBeforeEndMs))
    return problem('retraction.fullBeforeEndMs', 'must be a non-negative safe integer of milliseconds');
  if (!isWindow(latestWithinMs))
    return problem('retraction.latestWithinMs', 'must be a non-negative safe integer of milliseconds');
  return { fullBeforeEndMs, latestWithinMs };
};
