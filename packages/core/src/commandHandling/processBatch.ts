import type { AppendResult } from '../eventStore/eventStore';
import { isEventStoreError } from '../eventStore/eventStoreError';
import { isVersionConflictError } from '../eventStore/versionConflictError';
import { retryDelay } from '../timing/retry';
import { sleep } from '../timing/sleep';
import { answerBatch, answerExhausted } from './answerBatch';
import type { BatchJob, CatchUp } from './batchJob';
import { lookUpBids, rejectedUnknownBids, unknownBids } from './bidLookups';
import { holdsEveryBid } from './bidWindow';
import type { CachedAuction } from './cachedAuction';
import { loadCachedAuction, refreshCachedAuction } from './cacheLoading';
import { commitBatch } from './commitBatch';
import { type BatchPlan, decideBatch } from './decideBatch';
import type { Lane } from './lanes';
import { fail, type PendingCommand, unanswered } from './pendingCommand';
import type { ServiceContext } from './serviceContext';

/**
 * Takes a batch through the one loop of the service: decide it on the cached state, append its events
 * with the cached version as the expected version, then answer it. The common case (cache warm,
 * something to write, no conflict) runs through here without an async function: decide, append, and
 * answer from the append's callback ({@link batchAppended}). What needs a read first goes through
 * {@link catchUp} and comes back here: a cold cache, a conflict, a batch with nothing to write on a
 * cache that may be stale, a retraction on a cache without the auction's offers. When the job is done,
 * the lane drains on.
 */
export const processBatch = (ctx: ServiceContext, lane: Lane, job: BatchJob): void => {
  const cache = lane.cache;
  if (cache === undefined) {
    catchUp(ctx, lane, job, loadFirst);
    return;
  }
  let plan: BatchPlan;
  try {
    plan = decideBatch(cache, job.batch, ctx.clock, job.known);
  } catch (error) {
    // Only a throwing clock gets here: the batch fails, the queue goes on.
    failBatch(lane, job, error);
    return;
  }
  if (plan.needsOffers) {
    catchUp(ctx, lane, job, loadWithOffers);
    return;
  }
  if (!holdsEveryBid(cache.bids)) {
    // A rejected bid writes nothing, so no append asks the store about its bidId: ask it here.
    const unknown = rejectedUnknownBids(job, plan);
    if (unknown.length > 0) {
      catchUp(ctx, lane, job, lookUpBids(unknown));
      return;
    }
  }
  if (plan.events.length === 0) {
    // Nothing to write, so no expected version will catch a stale cache: read the newer events first.
    if (job.fresh) {
      try {
        answerBatch(ctx, lane, job.batch, plan, cache.version);
      } catch (error) {
        failBatch(lane, job, error);
        return;
      }
      lane.drain();
    } else {
      catchUp(ctx, lane, job, (ctx, lane, job) => refreshBeforeAnswer(ctx, lane, job, cache, plan));
    }
    return;
  }
  job.attempts++;
  job.cache = cache;
  job.plan = plan;
  lane.inFlight = job;
  ctx.stats.appends++;
  try {
    ctx.store
      .appendToStream(lane.streamName, plan.events, { expectedVersion: cache.version })
      .then(lane.appended, lane.appendFailed);
  } catch (error) {
    lane.appendFailed(error);
  }
};

/** The lane's in-flight append succeeded (or found every event already recorded). */
export const batchAppended = (ctx: ServiceContext, lane: Lane, result: AppendResult): void => {
  const job = lane.inFlight as BatchJob;
  lane.inFlight = null;
  if (result.duplicate) {
    // Every id already recorded, by another instance: as a conflict, read what it wrote and decide again.
    job.duplicate = true;
    catchUp(ctx, lane, job, afterConflict);
    return;
  }
  try {
    commitBatch(ctx, lane, job.batch, job.cache as CachedAuction, job.plan as BatchPlan, result);
  } catch (error) {
    failBatch(lane, job, error);
    return;
  }
  lane.drain();
};

/** The lane's in-flight append failed. */
export const batchAppendFailed = (ctx: ServiceContext, lane: Lane, error: unknown): void => {
  const job = lane.inFlight as BatchJob;
  lane.inFlight = null;
  if (isVersionConflictError(error)) {
    catchUp(ctx, lane, job, afterConflict);
    return;
  }
  if (job.batch.length > 1 && mayBeOneCommandsFault(error)) {
    // Write the batch in two halves, each decided afresh, so that only the command the store refuses
    // fails; the halves split again in turn. The cache stays: the expected version of each half's
    // append catches whatever the failed append may have written.
    const half = Math.ceil(job.batch.length / 2);
    lane.split.push(job.batch.slice(half), job.batch.slice(0, half));
    lane.drain();
    return;
  }
  const cache = lane.cache;
  const unknown = cache === undefined || holdsEveryBid(cache.bids) ? [] : unknownBids(job, job.batch, null);
  if (unknown.length === 0) {
    failBatch(lane, job, error);
    return;
  }
  // A bid before the window may be refused because part of its decision is already recorded: a retry.
  catchUp(ctx, lane, job, async (ctx, lane, job) => {
    await lookUpBids(unknown)(ctx, lane, job);
    if (job.known === null) throw error;
    return true;
  });
};

/**
 * True unless the error says the store itself is failing, for every command alike (closed, busy,
 * unavailable, timed out, full, read-only): an `INVALID_ARGUMENT`, or an error that is not the port's.
 */
const mayBeOneCommandsFault = (error: unknown): boolean =>
  !isEventStoreError(error) || error.code === 'INVALID_ARGUMENT';

/** Runs an async step of the job, then decides again (or drains on, if the step answered the batch). */
const catchUp = (ctx: ServiceContext, lane: Lane, job: BatchJob, step: CatchUp): void => {
  step(ctx, lane, job).then(
    (goOn) => (goOn ? resume(ctx, lane, job) : lane.drain()),
    (error: unknown) => failBatch(lane, job, error),
  );
};

/** Decides a job again after a wait, without its commands answered meanwhile (past their deadline). */
const resume = (ctx: ServiceContext, lane: Lane, job: BatchJob): void => {
  job.batch = unanswered(job.batch);
  if (job.batch.length === 0) lane.drain();
  else processBatch(ctx, lane, job);
};

/** A cold lane: read the whole stream (keeping the offers too when the batch holds a retraction). */
const loadFirst: CatchUp = async (ctx, lane, job) => {
  const withOffers = job.batch.some(isRetraction);
  if (withOffers) ctx.stats.offerReads++;
  lane.cache = await loadCachedAuction(ctx.store, lane.streamName, ctx.maxCachedBidsPerAuction, withOffers);
  job.fresh = true;
  return true;
};

const isRetraction = (pending: PendingCommand): boolean => pending.normalized.command.type === 'RetractBid';

/**
 * A `RetractBid` on a cache without offers: read the whole stream into a new cache that keeps them
 * (state and offers from one read), then decide the batch again. Once per cached auction.
 */
const loadWithOffers: CatchUp = async (ctx, lane, job) => {
  ctx.stats.offerReads++;
  lane.cache = await loadCachedAuction(ctx.store, lane.streamName, ctx.maxCachedBidsPerAuction, true);
  job.fresh = true;
  return true;
};

/** A batch with nothing to write on a cache that may be stale: answer it if the store has nothing newer. */
const refreshBeforeAnswer = async (
  ctx: ServiceContext,
  lane: Lane,
  job: BatchJob,
  cache: CachedAuction,
  plan: BatchPlan,
): Promise<boolean> => {
  job.fresh = true;
  const refreshed = await refreshCachedAuction(ctx.store, lane.streamName, cache);
  lane.cache = refreshed.cache;
  if (refreshed.changed) return true;
  answerBatch(ctx, lane, job.batch, plan, cache.version);
  return false;
};

/**
 * Another writer was first: read what it wrote, then decide the batch again after a jittered backoff,
 * or answer `CONFLICT_RETRY_EXHAUSTED` once `retry.maxAttempts` appends were tried.
 */
const afterConflict: CatchUp = async (ctx, lane, job) => {
  ctx.stats.conflicts++;
  const stale =
    lane.cache ?? (await loadCachedAuction(ctx.store, lane.streamName, ctx.maxCachedBidsPerAuction));
  const { cache } = await refreshCachedAuction(ctx.store, lane.streamName, stale);
  lane.cache = cache;
  job.fresh = true;
  if (job.duplicate && !holdsEveryBid(cache.bids)) {
    // Every id recorded, yet some bids may be missing from the window: they are older than it.
    job.duplicate = false;
    const unknown = unknownBids(job, job.batch, cache.bids);
    if (unknown.length > 0) await lookUpBids(unknown)(ctx, lane, job);
  }
  if (job.attempts >= ctx.retry.maxAttempts) {
    const batch = unanswered(job.batch);
    ctx.stats.exhausted += batch.length;
    answerExhausted(ctx, batch, cache);
    return false;
  }
  const delay = retryDelay(job.attempts, ctx.retry, ctx.random);
  if (delay > 0) {
    await sleep(delay, undefined, ctx.scheduler);
    job.fresh = false; // others may have written while we slept
  }
  return true;
};

/** A batch that failed in the store: its commands are in an unknown state, and so is the cache. */
const failBatch = (lane: Lane, job: BatchJob, error: unknown): void => {
  lane.cache = undefined;
  for (const pending of job.batch) fail(pending, error);
  lane.drain();
};
