import { incrementAt } from '../money/increments';
import type { Offer } from './auctionState';
import type { AuctionRules } from './events';

/**
 * The proxy rule: the visible price of an auction, given the leader's offer and the runner-up max.
 *
 * - one offer: `max(startingPrice, leader's straight amount)`;
 * - two or more: `max(leader's straight amount, min(leaderMax, runnerUpMax + inc(runnerUpMax)))`;
 * - reserve met (`leaderMax >= reservePrice`): at least the reserve; below it, policy `'fullMax'` shows
 *   the leader's max, `'proxy'` leaves the price as it is.
 *
 * @returns null when there is no offer.
 */
export const visiblePrice = (
  rules: AuctionRules,
  leader: Offer | null,
  runnerUpMax: number | null,
): number | null => {
  if (leader === null) return null;
  const price =
    runnerUpMax === null
      ? Math.max(rules.startingPrice, leader.floor)
      : Math.max(
          leader.floor,
          Math.min(leader.max, runnerUpMax + incrementAt(rules.increments, runnerUpMax)),
        );
  const reserve = rules.reservePrice;
  if (reserve === undefined) return price;
  if (leader.max >= reserve) return Math.max(price, reserve);
  return rules.belowReserve === 'fullMax' ? leader.max : price;
};
