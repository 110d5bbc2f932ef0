import { addToAuctionOffers } from '../auction/auctionOffers';
import type { AppendResult } from '../eventStore/eventStore';
import { answerBatch } from './answerBatch';
import { type CachedAuction, indexBids } from './cachedAuction';
import type { BatchPlan } from './decideBatch';
import type { Lane } from './lanes';
import type { PendingCommand } from './pendingCommand';
import type { ServiceContext } from './serviceContext';

/**
 * After a successful append of `plan` (decided on `cache`): moves the cache on by the plan's events
 * (its offers too, when it keeps them), counts the write, and answers the batch.
 */
export const commitBatch = (
  ctx: ServiceContext,
  lane: Lane,
  batch: readonly PendingCommand[],
  cache: CachedAuction,
  plan: BatchPlan,
  result: AppendResult,
): void => {
  if (result.nextExpectedVersion === cache.version + plan.events.length) {
    indexBids(cache, plan.events);
    if (cache.offers !== null) addToAuctionOffers(cache.offers, plan.events);
    cache.state = plan.state;
    cache.version = result.nextExpectedVersion;
  } else {
    lane.cache = undefined; // the store numbered differently than expected: reload next time
  }
  const stats = ctx.stats;
  stats.batches++;
  stats.batchedCommands += batch.length;
  if (batch.length > stats.maxBatchSize) stats.maxBatchSize = batch.length;
  answerBatch(ctx, lane, batch, plan, result.nextExpectedVersion);
};
