import type { AuctionState, PublicView } from '@gavel/core';
import { publicView } from '@gavel/core';

/**
 * The public view a catalog row keeps: `publicView(state)` without a clock (an open auction as open,
 * its minimum next bid and buy-it-now price as while it runs), bidder ids as recorded. Smaller than the
 * state, so that a page of the list reads and parses little.
 */
export const storedViewOf = (state: AuctionState): PublicView | null => publicView(state);

/**
 * The view at `now` from a stored view: exactly `publicView(state, now)` (an open auction not started is
 * `scheduled`; one past its end is `ended`, with no minimum next bid and no buy-it-now).
 */
export const viewAt = (stored: PublicView, now: number): PublicView => {
  if (stored.status !== 'open') return stored;
  if (now < stored.startsAt) return { ...stored, status: 'scheduled' };
  if (now >= stored.endsAt) return { ...stored, status: 'ended', minimumNextBid: null, buyNowPrice: null };
  return stored;
};
