import type { BatchJob, CatchUp } from './batchJob';
import { type BidWindow, findBid } from './bidWindow';
import type { BatchOutcome, BatchPlan } from './decideBatch';
import { decisionEventId } from './eventIds';
import { type BidProbe, findForgottenBids, type KnownBid } from './forgottenBids';
import type { PendingCommand } from './pendingCommand';

// Bids that the cache's bid window no longer reaches back to are asked of the store (see
// forgottenBids.ts): which ones, and how their answers join the job.

const probeOf = (pending: PendingCommand): BidProbe | null => {
  const { command, key } = pending.normalized;
  const bidId = key.bidId;
  if (bidId === undefined || (command.type !== 'PlaceBid' && command.type !== 'SetMaxBid')) return null;
  const { auctionId, bidderId } = command.data;
  const event = {
    type: command.type === 'PlaceBid' ? 'BidPlaced' : 'MaxBidSet',
    data: { auctionId, bidId, bidderId },
    eventId: decisionEventId(key, 0),
  };
  return { bidId, event };
};

/** The bids among `pendings` that neither `window` (if given) nor an earlier look-up accounts for. */
export const unknownBids = (
  job: BatchJob,
  pendings: readonly PendingCommand[],
  window: BidWindow | null,
): BidProbe[] => {
  const unknown: BidProbe[] = [];
  for (const pending of pendings) {
    const probe = probeOf(pending);
    if (probe === null || job.probed?.has(probe.bidId) || job.known?.has(probe.bidId)) continue;
    if (window !== null && findBid(window, probe.bidId) !== -1) continue;
    unknown.push(probe);
  }
  return unknown;
};

/** The bids of a plan that were decided (so not in the window) and rejected, not yet asked of the store. */
export const rejectedUnknownBids = (job: BatchJob, plan: BatchPlan): readonly BidProbe[] => {
  const outcomes = plan.outcomes;
  let rejected: PendingCommand[] | undefined;
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i] as BatchOutcome;
    if (outcome.kind !== 'decided' || outcome.decision.ok) continue;
    if (rejected === undefined) rejected = [];
    rejected.push(job.batch[i] as PendingCommand);
  }
  return rejected === undefined ? NONE : unknownBids(job, rejected, null);
};

const NONE: readonly BidProbe[] = Object.freeze([]);

/** Asks the store about bids before the window; the recorded ones become `job.known`. */
export const lookUpBids =
  (bids: readonly BidProbe[]): CatchUp =>
  async (ctx, lane, job) => {
    ctx.stats.bidLookups += bids.length;
    const found = await findForgottenBids(ctx.store, lane.streamName, bids);
    const probed = job.probed ?? new Set<string>();
    for (const bid of bids) probed.add(bid.bidId);
    job.probed = probed;
    if (found.size > 0) {
      const known = job.known ?? new Map<string, KnownBid>();
      for (const [bidId, bid] of found) known.set(bidId, bid);
      job.known = known;
      const version = lane.cache?.version ?? 0;
      for (const bid of found.values()) if (bid.version > version) job.fresh = false;
    }
    return true;
  };
