import type { PublicView } from '@gavel/core';
import type { Standing } from './pageState';

/** What the page says about the signed-in user's position, and how it is styled. */
export interface LeaderStatus {
  /** Contains `leading` only while the user leads, `outbid` only when they held an offer and no longer lead. */
  readonly text: string;
  readonly tone: 'leading' | 'outbid' | 'none';
}

/**
 * The user's position in an auction, from the masked view and their own standing (their masked id from
 * the API): never from an unmasked id, which the page never sees.
 */
export const leaderStatus = (
  view: PublicView,
  standing: Pick<Standing, 'bidderId' | 'offer'> | undefined,
): LeaderStatus => {
  if (standing === undefined) return { text: '', tone: 'none' };
  const closed = view.status === 'closed' || view.status === 'cancelled';
  const leads = view.leaderId !== null && view.leaderId === standing.bidderId;
  const sold = view.outcome?.outcome === 'sold';
  if (leads && !closed) return { text: 'You are leading', tone: 'leading' };
  if (leads)
    return sold
      ? { text: 'You won: you were leading at the close', tone: 'leading' }
      : { text: 'You were leading, but the reserve was not met', tone: 'leading' };
  if (closed && sold && view.outcome?.winnerId === standing.bidderId)
    return { text: 'You bought it', tone: 'none' };
  if (standing.offer === null) return { text: '', tone: 'none' };
  return { text: closed ? 'You were outbid' : 'You have been outbid', tone: 'outbid' };
};
