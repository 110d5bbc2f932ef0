import {
  type AuctionState,
  evolve,
  initialState,
  type RecordedEvent,
  replayAuctionHistory,
  toAuctionEvent,
} from '@gavel/core';
import {
  emptyModel,
  type ModelAuction,
  type ModelCommand,
  modelLeader,
  modelPrice,
  modelStep,
} from '../../core/test/naiveAuctionModel';

/**
 * The command a decision's first event stands for, in the reference model's terms; undefined for an
 * event that follows a decision's first (an extension), null for one the model does not know.
 */
const modelCommandOf = (event: RecordedEvent): ModelCommand | undefined | null => {
  const decoded = toAuctionEvent(event);
  switch (decoded.type) {
    case 'AuctionOpened': {
      const data = decoded.data;
      return {
        type: 'Open',
        rules: {
          auctionId: data.auctionId,
          sellerId: data.sellerId,
          currency: data.currency,
          startingPrice: data.startingPrice,
          ...(data.reservePrice === undefined ? {} : { reservePrice: data.reservePrice }),
          ...(data.buyNowPrice === undefined ? {} : { buyNowPrice: data.buyNowPrice }),
          increments: data.increments,
          startsAt: data.startsAt,
          endsAt: data.endsAt,
          ...(data.softClose === undefined ? {} : { softClose: data.softClose }),
          belowReserve: data.belowReserve,
          maxAmount: data.maxAmount,
        },
      };
    }
    case 'BidPlaced':
      return { type: 'Bid', ...decoded.data, straight: true };
    case 'MaxBidSet':
      return { type: 'Bid', ...decoded.data, amount: decoded.data.maxAmount, straight: false };
    case 'AuctionExtended':
      return undefined;
    case 'AuctionClosed':
      return decoded.data.reason === 'buy-now'
        ? { type: 'BuyNow', auctionId: decoded.data.auctionId, buyerId: decoded.data.winnerId ?? '' }
        : { type: 'Close', auctionId: decoded.data.auctionId };
    case 'AuctionCancelled':
      return { type: 'Cancel', auctionId: decoded.data.auctionId, by: decoded.data.by };
    default:
      return null;
  }
};

/**
 * Checks one auction's recorded stream: it re-decides to itself (`replayAuctionHistory`), it has at most
 * one `AuctionClosed`, and after each decision the folded state's price, leader, status and end equal
 * the reference model's (the naive model of the decider's property tests), fed the same commands at the
 * same moments. Returns what is wrong, or null.
 */
export const checkAuctionHistory = (events: readonly RecordedEvent[]): string | null => {
  try {
    replayAuctionHistory(events);
  } catch (error) {
    return `the history does not re-decide to itself: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (events.filter((event) => event.type === 'AuctionClosed').length > 1)
    return 'the auction was closed more than once';
  let model: ModelAuction = emptyModel;
  let state: AuctionState = initialState();
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RecordedEvent;
    const command = modelCommandOf(event);
    if (command === null) return null; // a decision the model does not know (a retraction): not compared
    state = evolve(state, toAuctionEvent(event));
    if (command !== undefined) {
      const step = modelStep(model, command, (event.data as { at: number }).at);
      if (!step.ok)
        return `version ${event.streamVersion} (${event.type}): the reference model rejects it (${step.code})`;
      model = step.next;
    }
    if (events[i + 1]?.type === 'AuctionExtended') continue; // the decision goes on
    const leader = modelLeader(model)?.bidderId ?? null;
    const price = modelPrice(model);
    const problems: string[] = [];
    if (state.price !== price) problems.push(`price ${state.price}, the model's ${price}`);
    if ((state.leader?.bidderId ?? null) !== leader)
      problems.push(`leader ${state.leader?.bidderId ?? null}, the model's ${leader}`);
    if (state.status !== model.status) problems.push(`status ${state.status}, the model's ${model.status}`);
    if (state.status === 'open' && state.endsAt !== model.endsAt)
      problems.push(`end ${state.endsAt}, the model's ${model.endsAt}`);
    if (problems.length > 0) return `after version ${event.streamVersion}: ${problems.join('; ')}`;
  }
  return null;
};
