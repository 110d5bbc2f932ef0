import type { CachedAuction } from './cachedAuction';
import type { BatchPlan } from './decideBatch';
import type { KnownBid } from './forgottenBids';
import type { Lane } from './lanes';
import type { PendingCommand } from './pendingCommand';
import type { ServiceContext } from './serviceContext';

/** One batch on its way through its lane: decided, written, and decided again after a conflict. */
export interface BatchJob {
  batch: readonly PendingCommand[];
  /** Appends tried so far. */
  attempts: number;
  /** True while the cache is known to be as new as the store (read since the last wait). */
  fresh: boolean;
  /** While an append is in flight: the cache and the plan decided on it. */
  cache: CachedAuction | null;
  plan: BatchPlan | null;
  /** True when the last append found every event already recorded. */
  duplicate: boolean;
  /** Bids of the batch found in the store, before the cache's bid window. */
  known: Map<string, KnownBid> | null;
  /** The bidIds already asked of the store (so each is asked once per batch). */
  probed: Set<string> | null;
}

/** A job with no batch yet. */
export const emptyBatchJob = (): BatchJob => ({
  batch: [],
  attempts: 0,
  fresh: false,
  cache: null,
  plan: null,
  duplicate: false,
  known: null,
  probed: null,
});

/** Starts `job` (its lane's, done with its previous batch) on a new batch. */
export const startBatchJob = (job: BatchJob, batch: readonly PendingCommand[]): BatchJob => {
  job.batch = batch;
  job.attempts = 0;
  job.fresh = false;
  job.cache = null;
  job.plan = null;
  job.duplicate = false;
  job.known = null;
  job.probed = null;
  return job;
};

/** What a job reads before it is decided again: true to go on deciding, false when it is answered. */
export type CatchUp = (ctx: ServiceContext, lane: Lane, job: BatchJob) => Promise<boolean>;
