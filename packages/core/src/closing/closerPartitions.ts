import {
  isAuctionCancelled,
  isAuctionClosed,
  isAuctionExtended,
  isAuctionOpened,
} from '../decoding/auctionEventGuards';
import type { RecordedEvent } from '../eventStore/eventStore';
import type { PartitionStateWriter } from '../processing/processorOptions';
import { applyAuctionEvent, type InFlightClose } from './applyAuctionEvent';
import type { AuctionDeadlines } from './auctionDeadlines';

/**
 * What a closer keeps per partition it owns: the open auctions of each (kept in the store as the
 * partition's state, `auctionId → effective end`, and in memory in the one heap of the closer).
 */
export interface CloserPartitions {
  /** Loads a partition taken by this process: its open auctions join the heap. */
  assign(partition: number, state: ReadonlyMap<string, string>): void;
  /** Forgets a partition no longer owned: its auctions leave the heap. */
  revoke(partition: number): void;
  /** Applies a batch of a partition to the heap and to the partition's state in the store. */
  apply(partition: number, events: readonly RecordedEvent[], state: PartitionStateWriter): void;
}

/** Creates the per-partition bookkeeping of a closer over its heap and its closes in flight. */
export const createCloserPartitions = (
  deadlines: AuctionDeadlines,
  inFlight: ReadonlyMap<string, InFlightClose>,
): CloserPartitions => {
  const auctionsOf = new Map<number, Set<string>>();
  const setOf = (partition: number): Set<string> => {
    const known = auctionsOf.get(partition);
    if (known !== undefined) return known;
    const auctions = new Set<string>();
    auctionsOf.set(partition, auctions);
    return auctions;
  };
  return {
    assign: (partition, state) => {
      const auctions = setOf(partition);
      for (const [auctionId, end] of state) {
        const due = Number(end);
        if (!Number.isFinite(due)) continue;
        auctions.add(auctionId);
        if (!inFlight.has(auctionId)) deadlines.set(auctionId, due);
      }
    },
    revoke: (partition) => {
      for (const auctionId of auctionsOf.get(partition) ?? []) deadlines.delete(auctionId);
      auctionsOf.delete(partition);
    },
    apply: (partition, events, state) => {
      const auctions = setOf(partition);
      for (const event of events) {
        applyAuctionEvent(event, deadlines, inFlight);
        if (isAuctionOpened(event) || isAuctionExtended(event)) {
          auctions.add(event.data.auctionId);
          state.set(event.data.auctionId, String(event.data.endsAt));
        } else if (isAuctionClosed(event) || isAuctionCancelled(event)) {
          auctions.delete(event.data.auctionId);
          state.delete(event.data.auctionId);
        }
      }
    },
  };
};
