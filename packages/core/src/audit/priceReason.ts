import type { AuctionState } from '../auction/auctionState';
import { incrementAt } from '../money/increments';
import type { AmountFormatter } from './formatAmount';

/**
 * Why the visible price is what it is, in words with the numbers, following the proxy rule branch by
 * branch (see `visiblePrice`). It never names a max above the price: the leader's max appears only
 * when the price is capped at it or shows it (policy `fullMax`); the runner-up max is never above the
 * price.
 */
export const priceReason = (state: AuctionState, money: AmountFormatter): string => {
  const rules = state.rules;
  const leader = state.leader;
  const price = state.price;
  if (rules === null || leader === null || price === null) return 'no offer yet';
  const runnerUp = state.runnerUpMax;
  let base: number;
  let words: string;
  if (runnerUp === null) {
    base = Math.max(rules.startingPrice, leader.floor);
    words =
      leader.floor > rules.startingPrice
        ? `the only offer: its straight bid ${money(leader.floor)}`
        : `the only offer: the starting price ${money(rules.startingPrice)}`;
  } else {
    const increment = incrementAt(rules.increments, runnerUp);
    const proxy = Math.min(leader.max, runnerUp + increment);
    base = Math.max(leader.floor, proxy);
    if (leader.floor >= proxy && leader.floor > 0 && leader.floor !== runnerUp + increment)
      words = `the leader's straight bid ${money(leader.floor)}`;
    else if (leader.max < runnerUp + increment)
      words =
        leader.max === runnerUp
          ? `equal maxes of ${money(runnerUp)}: the earlier offer keeps the lead, at that max`
          : `runner-up max ${money(runnerUp)} + increment ${money(increment)} is above the leader's max, capped at ${money(leader.max)}`;
    else
      words = `runner-up max ${money(runnerUp)} + increment ${money(increment)} = ${money(runnerUp + increment)}`;
  }
  const reserve = rules.reservePrice;
  if (reserve === undefined || price === base) {
    if (reserve !== undefined && leader.max < reserve) return `${words}; reserve not met yet`;
    return words;
  }
  if (leader.max >= reserve)
    return `${words}, raised to the reserve ${money(reserve)}: the leader's max meets it`;
  return `${words}; below the reserve the leader's whole max is shown (policy fullMax): ${money(price)}`;
};
