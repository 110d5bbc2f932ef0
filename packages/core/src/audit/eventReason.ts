import type { AuctionState } from '../auction/auctionState';
import type { AuctionEvent } from '../auction/events';
import type { AmountFormatter } from './formatAmount';
import { formatDuration, formatInstant } from './formatDuration';
import { priceReason } from './priceReason';
import { retractionReasonWords, withdrawnWords } from './retractionWords';

/** What {@link eventReason} needs to put an event in words. */
export interface ReasonContext {
  readonly before: AuctionState;
  readonly after: AuctionState;
  readonly money: AmountFormatter;
  readonly revealMax: boolean;
  /** The bidder of the bid just before, for an extension. */
  readonly lastBidder: string | null;
}

const openedReason = (
  event: Extract<AuctionEvent, { type: 'AuctionOpened' }>,
  money: AmountFormatter,
): string => {
  const d = event.data;
  const parts = [
    `${d.sellerId} opened the auction in ${d.currency}: starting price ${money(d.startingPrice)}`,
  ];
  if (d.reservePrice !== undefined) parts.push(`reserve ${money(d.reservePrice)}`);
  if (d.buyNowPrice !== undefined) parts.push(`buy it now ${money(d.buyNowPrice)}`);
  parts.push(`bidding from ${formatInstant(d.startsAt)} to ${formatInstant(d.endsAt)}`);
  if (d.softClose !== undefined) {
    const extend = formatDuration(d.softClose.extendMs);
    const to = d.softClose.from === 'end' ? `by ${extend}` : `to ${extend} after it`;
    parts.push(
      `soft close: a bid within the last ${formatDuration(d.softClose.windowMs)} extends the end ${to}${d.softClose.maxEndsAt === undefined ? '' : `, never past ${formatInstant(d.softClose.maxEndsAt)}`}`,
    );
  }
  if (d.belowReserve === 'fullMax') parts.push('below the reserve the price shows the whole max (fullMax)');
  if (d.retraction === null) parts.push('no bid may be retracted');
  else if (d.retraction !== undefined)
    parts.push(
      `bids may be retracted: all of a bidder's with more than ${formatDuration(d.retraction.fullBeforeEndMs)} left, then only their latest if under ${formatDuration(d.retraction.latestWithinMs)} old`,
    );
  return parts.join('; ');
};

const bidReason = (
  event: Extract<AuctionEvent, { type: 'BidPlaced' | 'MaxBidSet' }>,
  { before, after, money, revealMax }: ReasonContext,
): string => {
  const bidder = event.data.bidderId;
  const straight = event.type === 'BidPlaced';
  const offer = straight ? event.data.amount : event.data.maxAmount;
  const leaderBefore = before.leader?.bidderId ?? null;
  const leaderAfter = after.leader?.bidderId ?? null;
  const price = after.price === null ? 'none' : money(after.price);
  const why = priceReason(after, money);
  if (leaderAfter !== bidder) {
    // Beaten at once: the offer's max is at most the price it leaves, so it may be named.
    const what = straight ? `${bidder}'s ${money(offer)}` : `${bidder}'s max of ${money(offer)}`;
    return `${leaderAfter}'s automatic bid answered ${what}: ${why}`;
  }
  const shown = revealMax || straight || offer <= (after.price ?? 0);
  if (leaderBefore === bidder) {
    const raise = shown ? `${bidder} raised their max to ${money(offer)}` : `${bidder} raised their max`;
    if (before.price === after.price) return `${raise}; price and leader unchanged (a silent raise)`;
    return `${raise}; the price moves to ${price}: ${why}`;
  }
  const what = straight
    ? `${bidder} bid ${money(offer)}`
    : shown
      ? `${bidder} set a max of ${money(offer)}`
      : `${bidder} set a secret max`;
  return `${what} and leads at ${price}: ${why}`;
};

/**
 * A retraction in words: who withdrew what and why, then the price before → after and who leads
 * ("B retracted their latest bid (a typing mistake): price $12.00 → $10.50, A leads: runner-up max
 * $10.00 + increment $0.50 = $10.50"). The price and the leader are public; no max above the price is
 * named (the reason of the price never names one).
 */
const retractedReason = (
  event: Extract<AuctionEvent, { type: 'BidRetracted' }>,
  { before, after, money }: ReasonContext,
): string => {
  const { bidderId, scope, withdrawn, reason } = event.data;
  const head = `${bidderId} retracted ${withdrawnWords(scope, withdrawn)} (${retractionReasonWords(reason)})`;
  const priceBefore = before.price === null ? 'none' : money(before.price);
  const leader = after.leader?.bidderId ?? null;
  if (leader === null || after.price === null)
    return `${head}: price ${priceBefore} → none, no offer is left`;
  const price =
    before.price === after.price
      ? `price stays ${priceBefore}`
      : `price ${priceBefore} → ${money(after.price)}`;
  const leads = before.leader?.bidderId === leader ? `${leader} still leads` : `${leader} leads`;
  return `${head}: ${price}, ${leads}: ${priceReason(after, money)}`;
};

/** The reason of one event in plain words, with the numbers in the auction's currency. */
export const eventReason = (event: AuctionEvent, context: ReasonContext): string => {
  const { before, money, revealMax } = context;
  switch (event.type) {
    case 'AuctionOpened':
      return openedReason(event, money);
    case 'BidPlaced':
    case 'MaxBidSet':
      return bidReason(event, context);
    case 'AuctionExtended': {
      const { previousEndsAt, endsAt, at } = event.data;
      const policy = before.rules?.softClose;
      const by = context.lastBidder === null ? 'a bid' : `${context.lastBidder}'s bid`;
      const moves =
        policy?.from === 'end'
          ? `so the end moves ${formatDuration(policy.extendMs)} later`
          : `so the end moves to ${formatDuration(policy?.extendMs ?? 0)} after it`;
      const window =
        policy === undefined
          ? 'no soft close policy calls for it'
          : `${by} came ${formatDuration(previousEndsAt - at)} before the end, inside the last ${formatDuration(policy.windowMs)}, ${moves}`;
      const capped =
        policy?.maxEndsAt !== undefined && endsAt === policy.maxEndsAt ? ' (the hard end caps it)' : '';
      return `extended the end by ${formatDuration(endsAt - previousEndsAt)} to ${formatInstant(endsAt)}${capped}: ${window}`;
    }
    case 'AuctionClosed': {
      const d = event.data;
      if (d.reason === 'buy-now') return `${d.winnerId} bought it now at ${money(d.price ?? 0)}: closed sold`;
      if (d.outcome === 'sold')
        return `closed sold to ${d.winnerId} at ${money(d.price ?? 0)}: ${priceReason(before, money)}`;
      if (d.reason === 'reserve-not-met') {
        const reserve = before.rules?.reservePrice;
        const leader = before.leader;
        const max = revealMax && leader !== null ? ` (${leader.bidderId}'s max ${money(leader.max)})` : '';
        return `closed unsold: reserve ${reserve === undefined ? '?' : money(reserve)} not met by the leader's max${max}`;
      }
      return 'closed unsold: no bids';
    }
    case 'AuctionCancelled':
      return `${event.data.by} cancelled the auction${event.data.reason === undefined ? '' : `: ${event.data.reason}`}`;
    case 'BidRetracted':
      return retractedReason(event, context);
  }
};
