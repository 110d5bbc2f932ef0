import type { RecordedEvent } from '@gavel/core';
import { type AuctionCommand, type AuctionEvent, decide, evolve, initialState } from './core';

/** What {@link checkAuctionStream} found. */
export interface StreamCheck {
  /** The bidIds of the bids recorded in the stream, in order. */
  readonly bidIds: readonly string[];
  /** Every way in which the stream is not what serial processing of its bids would have recorded. */
  readonly problems: readonly string[];
}

const shape = (events: readonly { type: string; data: unknown }[]): string =>
  JSON.stringify(events.map(({ type, data }) => ({ type, data })));

/**
 * Replays an auction stream command by command: it must start with `AuctionOpened`, versions must run
 * 1..n, and each recorded bid, decided again with `decide` at its own `at` against the state before it,
 * must be accepted and produce exactly the events recorded for it (its first event and the events
 * after it up to the next bid).
 */
export const checkAuctionStream = (events: readonly RecordedEvent[]): StreamCheck => {
  const problems: string[] = [];
  const bidIds: string[] = [];
  events.forEach((event, index) => {
    if (event.streamVersion !== index + 1) problems.push(`event ${index} has version ${event.streamVersion}`);
  });
  if (events[0]?.type !== 'AuctionOpened') problems.push('the stream does not start with AuctionOpened');
  let state = initialState();
  let index = 0;
  while (index < events.length) {
    const first = events[index] as RecordedEvent;
    let end = index + 1;
    while (
      end < events.length &&
      !isBid(events[end] as RecordedEvent) &&
      events[end]?.type !== 'AuctionOpened'
    )
      end++;
    const group = events.slice(index, end);
    if (isBid(first)) {
      const data = first.data as {
        auctionId: string;
        bidderId: string;
        bidId: string;
        at: number;
        amount?: number;
        maxAmount?: number;
      };
      bidIds.push(data.bidId);
      const command: AuctionCommand =
        first.type === 'BidPlaced'
          ? {
              type: 'PlaceBid',
              data: {
                auctionId: data.auctionId,
                bidderId: data.bidderId,
                amount: data.amount as number,
                bidId: data.bidId,
              },
            }
          : {
              type: 'SetMaxBid',
              data: {
                auctionId: data.auctionId,
                bidderId: data.bidderId,
                maxAmount: data.maxAmount as number,
                bidId: data.bidId,
              },
            };
      const decision = decide(command, state, data.at);
      if (!decision.ok)
        problems.push(
          `bid ${data.bidId} (version ${first.streamVersion}) is rejected on replay: ${decision.code}`,
        );
      else if (shape(decision.events) !== shape(group))
        problems.push(
          `bid ${data.bidId} (version ${first.streamVersion}) replays to other events than recorded`,
        );
    }
    for (const event of group) state = evolve(state, event as unknown as AuctionEvent);
    index = end;
  }
  return { bidIds, problems };
};

const isBid = (event: RecordedEvent): boolean => event.type === 'BidPlaced' || event.type === 'MaxBidSet';
