import type { AuctionCommand } from '../auction/commands';
import type { AuctionEvent } from '../auction/events';

/**
 * The command a recorded decision's first event answers, rebuilt from the event's data; null for an
 * event that starts no decision (`AuctionExtended`, which follows the bid that called for it).
 */
export const recordedCommand = (event: AuctionEvent): AuctionCommand | null => {
  switch (event.type) {
    case 'AuctionOpened': {
      const { at: _at, ...data } = event.data;
      return { type: 'OpenAuction', data };
    }
    case 'BidPlaced': {
      const { auctionId, bidderId, amount, bidId } = event.data;
      return { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } };
    }
    case 'MaxBidSet': {
      const { auctionId, bidderId, maxAmount, bidId } = event.data;
      return { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount, bidId } };
    }
    case 'AuctionClosed':
      return event.data.reason === 'buy-now'
        ? { type: 'BuyNow', data: { auctionId: event.data.auctionId, buyerId: String(event.data.winnerId) } }
        : { type: 'CloseAuction', data: { auctionId: event.data.auctionId } };
    case 'AuctionCancelled': {
      const { auctionId, by, reason } = event.data;
      return { type: 'CancelAuction', data: { auctionId, by, ...(reason === undefined ? {} : { reason }) } };
    }
    case 'BidRetracted': {
      const { auctionId, bidderId, reason } = event.data;
      return { type: 'RetractBid', data: { auctionId, bidderId, reason } };
    }
    default:
      return null;
  }
};
