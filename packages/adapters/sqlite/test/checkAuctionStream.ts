import type { RecordedEvent } from '@gavel/core';
import { replayAuctionHistory } from '@gavel/core';

/** What {@link checkAuctionStream} found. */
export interface StreamCheck {
  /** The bidIds of the bids recorded in the stream, in order. */
  readonly bidIds: readonly string[];
  /** Every way in which the stream is not what serial processing of its commands would have recorded. */
  readonly problems: readonly string[];
}

/**
 * Checks an auction stream: versions must run 1..n, and core's `replayAuctionHistory` must reproduce
 * every recorded decision (from `AuctionOpened` on) by deciding again, at its own `at`, the command
 * that made it.
 */
export const checkAuctionStream = (events: readonly RecordedEvent[]): StreamCheck => {
  const problems: string[] = [];
  events.forEach((event, index) => {
    if (event.streamVersion !== index + 1) problems.push(`event ${index} has version ${event.streamVersion}`);
  });
  if (events[0]?.type !== 'AuctionOpened') problems.push('the stream does not start with AuctionOpened');
  try {
    replayAuctionHistory(events);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const bidIds = events.flatMap((event) =>
    event.type === 'BidPlaced' || event.type === 'MaxBidSet' ? [(event.data as { bidId: string }).bidId] : [],
  );
  return { bidIds, problems };
};
