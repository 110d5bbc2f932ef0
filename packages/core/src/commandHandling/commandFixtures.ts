import type { PlaceBid, SetMaxBid } from '../auction/commands';
import type { AppendToStreamOptions, EventStore, EventToAppend } from '../eventStore/eventStore';
import { openAuctionCommand, TEST_AUCTION_START } from '../testing/openAuctionCommand';

/** Test fixtures of the command service (not exported from the package). */
export const T0 = TEST_AUCTION_START;

/** Opens `auctionId` at T0 for a day, flat increments of 50, starting at 100. */
export const openAuction = openAuctionCommand;

/** A straight bid. */
export const placeBid = (auctionId: string, bidderId: string, amount: number, bidId?: string): PlaceBid => ({
  type: 'PlaceBid',
  data: { auctionId, bidderId, amount, ...(bidId === undefined ? {} : { bidId }) },
});

/** A max bid. */
export const setMaxBid = (
  auctionId: string,
  bidderId: string,
  maxAmount: number,
  bidId?: string,
): SetMaxBid => ({
  type: 'SetMaxBid',
  data: { auctionId, bidderId, maxAmount, ...(bidId === undefined ? {} : { bidId }) },
});

/** One call to `appendToStream` seen by a {@link spyStore}. */
export interface AppendCall {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly options: AppendToStreamOptions;
}

/** A store wrapper that records calls and can hold appends open until released. */
export interface SpyStore extends EventStore {
  readonly appends: AppendCall[];
  readonly reads: Array<{ readonly streamName: string; readonly fromVersion: number | undefined }>;
  /** From now on, appends wait (before reaching the store) until {@link release}. */
  hold(): void;
  /** From now on, reads wait (before reaching the store) until {@link release}. */
  holdReads(): void;
  /** Lets every held call through and stops holding (call `hold` again to hold the next ones). */
  release(): void;
  /** Makes the next appends fail with `error` (before reaching the store). */
  failWith(error: unknown, times?: number): void;
}

/** Wraps a store to observe and control it. */
export const spyStore = (inner: EventStore): SpyStore => {
  const appends: AppendCall[] = [];
  const reads: SpyStore['reads'] = [];
  let holding = false;
  let holdingReads = false;
  const held: Array<() => void> = [];
  let failure: { error: unknown; times: number } | null = null;
  return {
    appends,
    reads,
    processors: inner.processors,
    hold() {
      holding = true;
    },
    holdReads() {
      holdingReads = true;
    },
    release() {
      holding = false;
      holdingReads = false;
      for (const open of held.splice(0)) open();
    },
    failWith(error, times = Number.POSITIVE_INFINITY) {
      failure = { error, times };
    },
    async readStream(streamName, options) {
      reads.push({ streamName, fromVersion: options?.fromVersion });
      if (holdingReads) await new Promise<void>((resolve) => held.push(resolve));
      return inner.readStream(streamName, options);
    },
    async appendToStream(streamName, events, options) {
      appends.push({ streamName, events, options });
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      if (failure !== null && failure.times > 0) {
        failure.times--;
        throw failure.error;
      }
      return inner.appendToStream(streamName, events, options);
    },
    subscribe: (options) => inner.subscribe(options),
    close: () => inner.close(),
  };
};
