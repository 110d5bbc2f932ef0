import type { AppendResult } from '../eventStore/eventStore';
import { type Scheduler, systemScheduler } from '../timing/scheduler';
import type { BatchJob } from './batchJob';
import type { CachedAuction } from './cachedAuction';
import { type Deadlines, stopWatching } from './deadlines';
import type { PendingCommand } from './pendingCommand';

/** One auction's queue in this process, and its cache. Only this lane's batches touch it. */
export interface Lane {
  readonly auctionId: string;
  readonly streamName: string;
  queue: PendingCommand[];
  /** True from the first queued command until the queue (and every split batch) is done. */
  draining: boolean;
  cache: CachedAuction | undefined;
  /** The batch whose append is in flight. */
  inFlight: BatchJob | null;
  /** The job of the lane's current batch, reused batch after batch (one batch at a time per lane). */
  readonly job: BatchJob;
  /** Parts of a batch the store refused, still to write one part at a time; the next one last. */
  readonly split: (readonly PendingCommand[])[];
  /** The commands of this lane that may still be waiting for their answer, and their timer. */
  readonly deadlines: Deadlines;
  /** This lane's callbacks, made once per lane, so that a command allocates no closure for them. */
  readonly drain: () => void;
  readonly appended: (result: AppendResult) => void;
  readonly appendFailed: (error: unknown) => void;
  readonly expireDue: () => void;
}

/** The lanes of one service instance, the least recently used first. */
export interface LaneTable {
  /** The lane of an auction, made if needed, and now the most recently used. */
  laneOf(auctionId: string): Lane;
  /** The lane of an auction if there is one, without touching its place. */
  peek(auctionId: string): Lane | undefined;
  /** Forgets the least recently used idle lanes while there are more than the bound. */
  evictIdle(): void;
}

/**
 * A table of lanes keeping at most `maxCachedAuctions` idle ones; `createLane` makes a new one, and a
 * forgotten lane's deadline timer is cancelled on `scheduler`.
 */
export const createLaneTable = (
  maxCachedAuctions: number,
  createLane: (auctionId: string) => Lane,
  scheduler: Scheduler = systemScheduler,
): LaneTable => {
  /** One lane per auction id, in order of last use (a used lane moves to the end). */
  const lanes = new Map<string, Lane>();
  /** The lane used last, i.e. the last of `lanes`: using it again needs no reordering. */
  let recent: Lane | undefined;

  const laneOf = (auctionId: string): Lane => {
    if (recent !== undefined && recent.auctionId === auctionId) return recent;
    let lane = lanes.get(auctionId);
    if (lane === undefined) lane = createLane(auctionId);
    else lanes.delete(auctionId);
    lanes.set(auctionId, lane);
    recent = lane;
    return lane;
  };

  const evictIdle = (): void => {
    if (lanes.size <= maxCachedAuctions) return;
    for (const [auctionId, lane] of lanes) {
      if (lanes.size <= maxCachedAuctions) return;
      if (!lane.draining && lane.queue.length === 0) {
        lanes.delete(auctionId);
        stopWatching(lane, scheduler);
        if (lane === recent) recent = undefined;
      }
    }
  };

  return { laneOf, peek: (auctionId) => lanes.get(auctionId), evictIdle };
};
