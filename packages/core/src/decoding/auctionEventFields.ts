import type { AuctionEventType } from '../auction/events';

/**
 * The data checks of the auction events: for each type, a function that returns the name of the first
 * field its data lacks or holds in the wrong type (`'data'` when the data is not an object), or null when
 * every field it promises is there with its type. Optional fields may be absent; a string-literal field
 * (a reason, an outcome) is checked to be a string: whether its value is one the rules allow is for
 * the rules (and the audit) to say. Hand-written, without allocation: they run on every decoded event.
 */
type DataCheck = (data: Readonly<Record<string, unknown>>) => string | null;

const isNumber = (value: unknown): value is number => typeof value === 'number';
const isString = (value: unknown): value is string => typeof value === 'string';
const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null;
const optionalNumber = (value: unknown): boolean => value === undefined || typeof value === 'number';
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const numberOrNull = (value: unknown): boolean => value === null || typeof value === 'number';

/** `auctionId` and `at`, which every event's data carries. */
const baseProblem = (data: Readonly<Record<string, unknown>>): string | null => {
  if (!isString(data.auctionId)) return 'auctionId';
  return isNumber(data.at) ? null : 'at';
};

const incrementsProblem = (table: unknown): boolean => {
  if (!Array.isArray(table)) return true;
  for (let i = 0; i < table.length; i++) {
    const band: unknown = table[i];
    if (!isObject(band) || !isNumber(band.from) || !isNumber(band.increment)) return true;
  }
  return false;
};

const softCloseProblem = (policy: unknown): boolean =>
  policy !== undefined &&
  (!isObject(policy) ||
    !isNumber(policy.windowMs) ||
    !isNumber(policy.extendMs) ||
    !optionalNumber(policy.maxEndsAt) ||
    !optionalString(policy.from));

const retractionProblem = (policy: unknown): boolean =>
  policy !== undefined &&
  policy !== null &&
  (!isObject(policy) || !isNumber(policy.fullBeforeEndMs) || !isNumber(policy.latestWithinMs));

const openedProblem: DataCheck = (data) => {
  const base = baseProblem(data);
  if (base !== null) return base;
  if (!isString(data.sellerId)) return 'sellerId';
  if (!isString(data.currency)) return 'currency';
  if (!isNumber(data.startingPrice)) return 'startingPrice';
  if (!optionalNumber(data.reservePrice)) return 'reservePrice';
  if (!optionalNumber(data.buyNowPrice)) return 'buyNowPrice';
  if (incrementsProblem(data.increments)) return 'increments';
  if (!isNumber(data.startsAt)) return 'startsAt';
  if (!isNumber(data.endsAt)) return 'endsAt';
  if (softCloseProblem(data.softClose)) return 'softClose';
  if (!isString(data.belowReserve)) return 'belowReserve';
  if (!isNumber(data.maxAmount)) return 'maxAmount';
  return retractionProblem(data.retraction) ? 'retraction' : null;
};

const bidPlacedProblem: DataCheck = (data) => {
  const base = baseProblem(data);
  if (base !== null) return base;
  if (!isString(data.bidId)) return 'bidId';
  if (!isString(data.bidderId)) return 'bidderId';
  return isNumber(data.amount) ? null : 'amount';
};

const maxBidSetProblem: DataCheck = (data) => {
  const base = baseProblem(data);
  if (base !== null) return base;
  if (!isString(data.bidId)) return 'bidId';
  if (!isString(data.bidderId)) return 'bidderId';
  return isNumber(data.maxAmount) ? null : 'maxAmount';
};

const extendedProblem: DataCheck = (data) => {
  const base = baseProblem(data);
  if (base !== null) return base;
  if (!isNumber(data.previousEndsAt)) return 'previousEndsAt';
  return isNumber(data.endsAt) ? null : 'endsAt';
};

const closedProblem: DataCheck = (data) => {
  const base = baseProblem(data);
  if (base !== null) return base;
  if (!isString(data.outcome)) return 'outcome';
  if (!optionalString(data.winnerId)) return 'winnerId';
  if (!optionalNumber(data.price)) return 'price';
  return optionalString(data.reason) ? null : 'reason';
};

const cancelledProblem: DataCheck = (data) => {
  const base = baseProblem(data);
  if (base !== null) return base;
  if (!isString(data.by)) return 'by';
  return optionalString(data.reason) ? null : 'reason';
};

const offerProblem = (offer: unknown): boolean =>
  offer !== null &&
  (!isObject(offer) ||
    !isString(offer.bidderId) ||
    !isString(offer.bidId) ||
    !isNumber(offer.max) ||
    !isNumber(offer.floor) ||
    !isNumber(offer.seq));

const retractedProblem: DataCheck = (data) => {
  const base = baseProblem(data);
  if (base !== null) return base;
  if (!isString(data.bidderId)) return 'bidderId';
  if (!isString(data.reason)) return 'reason';
  if (!isString(data.scope)) return 'scope';
  if (!isString(data.bidId)) return 'bidId';
  if (!isNumber(data.withdrawn)) return 'withdrawn';
  if (data.leaderId !== null && !isString(data.leaderId)) return 'leaderId';
  if (offerProblem(data.leader)) return 'leader';
  if (!numberOrNull(data.runnerUpMax)) return 'runnerUpMax';
  return numberOrNull(data.price) ? null : 'price';
};

const CHECKS: Readonly<Record<AuctionEventType, DataCheck>> = {
  AuctionOpened: openedProblem,
  BidPlaced: bidPlacedProblem,
  MaxBidSet: maxBidSetProblem,
  AuctionExtended: extendedProblem,
  AuctionClosed: closedProblem,
  AuctionCancelled: cancelledProblem,
  BidRetracted: retractedProblem,
};

/**
 * The first field that the data of an auction event of type `type` lacks or holds in the wrong type
 * (`'data'` when it is not an object), or null when it has every field its type promises.
 */
export const auctionEventFieldProblem = (type: AuctionEventType, data: unknown): string | null =>
  isObject(data) ? CHECKS[type](data) : 'data';
