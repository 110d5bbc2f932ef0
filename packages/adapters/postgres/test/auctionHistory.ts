import type { RecordedEvent } from '@gavel/core';
import { replayAuctionHistory } from '@gavel/core';

/** The bid ids recorded in a stream, in order (one per `BidPlaced` / `MaxBidSet`). */
export const recordedBidIds = (events: readonly RecordedEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === 'BidPlaced' || e.type === 'MaxBidSet' ? [(e.data as { bidId: string }).bidId] : [],
  );

/**
 * Checks that a stream is a valid serial history: versions are 1..n, positions increase, and core's
 * `replayAuctionHistory` reproduces every recorded decision from the command that made it.
 * Returns the problems found (empty when valid).
 */
export const auctionHistoryProblems = (events: readonly RecordedEvent[]): string[] => {
  const problems: string[] = [];
  events.forEach((e, n) => {
    if (e.streamVersion !== n + 1) problems.push(`event ${n} has version ${e.streamVersion}`);
    if (n > 0 && e.globalPosition <= (events[n - 1] as RecordedEvent).globalPosition)
      problems.push(`event ${n} does not come after the one before it`);
  });
  try {
    replayAuctionHistory(events);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
};
