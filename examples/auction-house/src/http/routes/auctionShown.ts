import {
  type AuctionOffers,
  type AuctionState,
  maskHistoryEntry,
  maskPublicView,
  type PublicHistoryEntry,
  type PublicView,
  publicView,
} from '@gavel/core';
import type { OwnOffer } from '../../readModels/auctions/ownOffer';
import { readAuction } from '../../readModels/auctions/readAuction';
import type { ApiContext } from '../apiContext';

/** An auction as its page route reads it; `leaderId`, `offer`, `state` and `offers` are not sent as they are. */
export interface AuctionShown {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
  readonly version: number;
  readonly view: PublicView;
  readonly history: readonly PublicHistoryEntry[];
  /** Who leads, unmasked. */
  readonly leaderId: string | null;
  /** The reader's own standing offer, or null. */
  readonly offer: OwnOffer | null;
  /** The decider's state that `view` shows. */
  readonly state: AuctionState;
  /** Reads the auction's offers (the kept ones, moved on by the stream's new events; or those at hand). */
  readonly offers: () => Promise<AuctionOffers>;
}

/**
 * An auction for its page: from the catalog (its row, its history; the state the server holds in
 * the database), or, for an auction the catalog has not folded yet (opened a moment ago), from its
 * stream. `state` and `offers` (its offers, read from the stream when called) are not sent. Every bidder
 * id of the history is masked: the price holder's and, on an automatic bid, the beaten bidder's.
 */
export const auctionShown = async (
  context: Pick<ApiContext, 'store' | 'catalog' | 'mask' | 'offers'>,
  auctionId: string,
  userId: string | null,
  now: number,
): Promise<AuctionShown | null> => {
  const { store, catalog, mask, offers } = context;
  const detail = await catalog.auctionDetail(auctionId, userId);
  if (detail !== null) {
    const view = publicView(detail.state, now);
    if (view !== null)
      return {
        auctionId,
        title: detail.row.title,
        sellerName: detail.sellerName,
        version: detail.row.version,
        view: maskPublicView(view, mask),
        history: detail.history.map((entry) => maskHistoryEntry(auctionId, entry, mask)),
        leaderId: detail.state.leader?.bidderId ?? null,
        offer: detail.offer,
        state: detail.state,
        offers: () => offers.offersOf(auctionId),
      };
  }
  const read = await readAuction(store, auctionId, mask, now);
  if (read === null) return null;
  return {
    auctionId,
    title: read.title,
    sellerName: read.sellerName,
    version: read.version,
    view: read.view,
    history: read.history,
    leaderId: read.leaderId,
    offer: userId === null ? null : (read.offers.get(userId) ?? null),
    state: read.standing.state,
    offers: async () => read.standing,
  };
};
