import {
  copyIncrementTable,
  type IncrementTable,
  increments,
  validateIncrementTable,
} from '../money/increments';
import type { AuctionState } from './auctionState';
import type { OpenAuction } from './commands';
import { accepted, type Decision, rejected } from './decision';
import type { AuctionRules, SoftClosePolicy } from './events';

/** The default ceiling on any amount of an auction, in minor units. */
export const DEFAULT_MAX_AMOUNT = 1_000_000_000_000;

const isSafeNonNegative = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;
const isSafePositive = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;

/** Decides `OpenAuction`: validates the listing and copies its full rules into `AuctionOpened`. */
export const decideOpenAuction = (command: OpenAuction, state: AuctionState, now: number): Decision => {
  const d = command.data;
  if (state.status !== 'none')
    return rejected('AUCTION_ALREADY_EXISTS', `Auction '${d.auctionId}' already exists`);
  const rulesOrError = validateRules(d, now);
  if (typeof rulesOrError === 'string') return rejected('INVALID_COMMAND', rulesOrError);
  return accepted([{ type: 'AuctionOpened', data: { auctionId: d.auctionId, at: now, ...rulesOrError } }]);
};

const validateRules = (d: OpenAuction['data'], now: number): AuctionRules | string => {
  const maxAmount = d.maxAmount ?? DEFAULT_MAX_AMOUNT;
  if (!isSafePositive(maxAmount)) return 'maxAmount must be a positive safe integer';
  const amount = (name: string, value: number | undefined, floor: number): string | null => {
    if (value === undefined) return null;
    if (!isSafePositive(value)) return `${name} must be a positive safe integer in minor units`;
    if (value > maxAmount) return `${name} must be at most maxAmount (${maxAmount})`;
    if (value < floor) return `${name} must be at least ${floor}`;
    return null;
  };
  const amountError =
    amount('startingPrice', d.startingPrice, 1) ??
    amount('reservePrice', d.reservePrice, d.startingPrice) ??
    amount('buyNowPrice', d.buyNowPrice, Math.max(d.startingPrice, d.reservePrice ?? 0));
  if (amountError !== null) return amountError;
  if (!/^[A-Z]{3}$/.test(d.currency)) return 'currency must be an ISO 4217 code such as USD';
  const startsAt = d.startsAt ?? now;
  if (!isSafeNonNegative(startsAt)) return 'startsAt must be epoch milliseconds';
  if (!isSafeNonNegative(d.endsAt)) return 'endsAt must be epoch milliseconds';
  if (d.endsAt <= startsAt) return 'endsAt must be after startsAt';
  if (d.endsAt <= now) return 'endsAt must be in the future';
  const belowReserve = d.belowReserve ?? 'proxy';
  if (belowReserve !== 'proxy' && belowReserve !== 'fullMax')
    return "belowReserve must be 'proxy' or 'fullMax'";
  let table: IncrementTable = increments.ebayUsd;
  if (d.increments !== undefined) {
    const tableError = validateIncrementTable(d.increments);
    if (tableError !== null) return tableError;
    table = copyIncrementTable(d.increments);
  }
  const softClose = d.softClose === undefined ? undefined : validateSoftClose(d.softClose, d.endsAt);
  if (typeof softClose === 'string') return softClose;
  return {
    sellerId: d.sellerId,
    currency: d.currency,
    startingPrice: d.startingPrice,
    ...(d.reservePrice === undefined ? {} : { reservePrice: d.reservePrice }),
    ...(d.buyNowPrice === undefined ? {} : { buyNowPrice: d.buyNowPrice }),
    increments: table,
    startsAt,
    endsAt: d.endsAt,
    ...(softClose === undefined ? {} : { softClose }),
    belowReserve,
    maxAmount,
  };
};

const validateSoftClose = (policy: SoftClosePolicy, endsAt: number): SoftClosePolicy | string => {
  const { windowMs, extendMs, maxEndsAt } = policy;
  if (!isSafeNonNegative(windowMs)) return 'softClose.windowMs must be a non-negative safe integer';
  if (!isSafePositive(extendMs)) return 'softClose.extendMs must be a positive safe integer';
  if (maxEndsAt === undefined) return { windowMs, extendMs };
  if (!isSafeNonNegative(maxEndsAt) || maxEndsAt < endsAt)
    return 'softClose.maxEndsAt must be at or after endsAt';
  return { windowMs, extendMs, maxEndsAt };
};
