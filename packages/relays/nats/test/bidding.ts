/** Test-only: bids written without pause while a test does its faults. */
import type { AuctionWriter } from './auctionWriter';

export interface Bidding {
  /** Bids accepted so far. */
  accepted(): number;
  /** Stops after the bid in hand; resolves with the bids accepted. */
  stop(): Promise<number>;
}

export const startBidding = (writer: AuctionWriter, auctionIds: readonly string[], pauseMs = 2): Bidding => {
  let stopped = false;
  let accepted = 0;
  const loop = (async () => {
    while (!stopped) {
      accepted += await writer.bid(auctionIds, auctionIds.length);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    accepted: () => accepted,
    stop: async () => {
      stopped = true;
      await loop;
      return accepted;
    },
  };
};
