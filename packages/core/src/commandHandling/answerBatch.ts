import { type PublicView, publicView } from '../auction/publicView';
import type { CachedAuction } from './cachedAuction';
import type { BatchOutcome, BatchPlan } from './decideBatch';
import type { ExecuteAccepted, ExecuteRejected } from './executeResult';
import type { Lane } from './lanes';
import { answer, fail, type PendingCommand } from './pendingCommand';
import { readRecordedBidEvents } from './recordedBidEvents';
import type { ServiceContext } from './serviceContext';

/** Answers a retried bid with the events recorded for it the first time, read back from the stream. */
const answerDuplicate = (
  ctx: ServiceContext,
  pending: PendingCommand,
  lane: Lane,
  outcome: Extract<BatchOutcome, { kind: 'duplicate' }>,
  view: PublicView,
  version: number,
): void => {
  readRecordedBidEvents(ctx.store, lane.streamName, outcome.bidId, outcome.version).then(
    (events) => answer(pending, { ok: true, events, view, version, duplicate: true }),
    (error: unknown) => fail(pending, error),
  );
};

/**
 * Answers each command of a batch with its outcome in `plan`, once the plan's events are written (or
 * there were none), `version` being the stream's version then. A rejection carries every field of the
 * decision (its `code`, `message` and any details), the view it was judged against and the version.
 */
export const answerBatch = (
  ctx: ServiceContext,
  lane: Lane,
  batch: readonly PendingCommand[],
  plan: BatchPlan,
  version: number,
): void => {
  const outcomes = plan.outcomes;
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i] as BatchOutcome;
    const pending = batch[i] as PendingCommand;
    if (outcome.kind === 'duplicate') {
      answerDuplicate(
        ctx,
        pending,
        lane,
        outcome,
        publicView(plan.state, ctx.clock()) as PublicView,
        version,
      );
      continue;
    }
    if (outcome.kind === 'bid-id-taken') {
      answer(pending, {
        ok: false,
        code: 'INVALID_COMMAND',
        message: 'data.bidId is already used by another bidder',
        version,
      });
      continue;
    }
    const { decision, after, now } = outcome;
    const view = publicView(after, now);
    if (decision.ok) {
      // An accepted decision always concerns an existing auction, so its view is not null.
      const result: ExecuteAccepted = {
        ok: true,
        events: decision.events,
        view: view as PublicView,
        version,
      };
      answer(pending, result);
    } else {
      const result: ExecuteRejected =
        view === null ? { ...decision, version } : { ...decision, version, view };
      answer(pending, result);
    }
  }
};

/** Answers every command of a batch `CONFLICT_RETRY_EXHAUSTED`, with the cache's view and version. */
export const answerExhausted = (
  ctx: ServiceContext,
  batch: readonly PendingCommand[],
  cache: CachedAuction,
): void => {
  const view = publicView(cache.state, ctx.clock());
  const message = `Other writers kept changing the auction: gave up after ${ctx.retry.maxAttempts} attempts; send the command again`;
  const version = cache.version;
  for (const pending of batch) {
    const result: ExecuteRejected =
      view === null
        ? { ok: false, code: 'CONFLICT_RETRY_EXHAUSTED', message, version }
        : { ok: false, code: 'CONFLICT_RETRY_EXHAUSTED', message, version, view };
    answer(pending, result);
  }
};
