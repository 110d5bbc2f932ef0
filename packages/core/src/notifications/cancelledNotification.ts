import type { AuctionState } from '../auction/auctionState';
import type { AuctionCancelled } from '../auction/events';
import type { CancelledNotification } from './auctionNotification';
import { notificationId } from './notificationId';

/**
 * `cancelled` to the bidder who led when the auction was cancelled; null without a leader. Today's
 * rules let the seller cancel only before the first accepted bid, so a cancellation the decider records
 * has no leader and tells nobody (the seller cancelled it themselves). `before` is the state before.
 */
export const cancelledNotification = (
  version: number,
  data: AuctionCancelled['data'],
  before: AuctionState,
): CancelledNotification | null => {
  const leader = before.leader;
  const rules = before.rules;
  if (leader === null || rules === null) return null;
  const { auctionId, at } = data;
  return {
    id: notificationId(auctionId, version, 'cancelled', 'leader'),
    kind: 'cancelled',
    userId: leader.bidderId,
    auctionId,
    version,
    at,
    currency: rules.currency,
  };
};
