import type { ExecuteResult } from '../commandHandling/executeResult';
import type { Scheduler } from '../timing/scheduler';
import { closeAnswered, closeFailed } from './closeOutcome';
import type { CloserContext } from './closerContext';
import { createDeadlineTimer } from './deadlineTimer';

/** Sends the closes that are due, and keeps the one timer armed for the next. */
export interface CloseDispatch {
  /** Sends `CloseAuction` for every auction due by now, within the concurrency bound, then arms the timer. */
  dispatch(): void;
  /** Arms the timer for the earliest end (once caught up, and while below the concurrency bound). */
  armNext(): void;
  /** Cancels the timer. */
  cancel(): void;
}

/** Creates the dispatch of a closer's closes over its context. */
export const createCloseDispatch = (ctx: CloserContext, scheduler: Scheduler): CloseDispatch => {
  const { deadlines, inFlight, clock, maxConcurrent, signal } = ctx;

  const armNext = (): void => {
    if (!ctx.caughtUp || signal.aborted || inFlight.size >= maxConcurrent) return;
    timer.arm(deadlines.earliest());
  };

  const dispatch = (): void => {
    if (!ctx.caughtUp || signal.aborted) return;
    const now = clock();
    while (inFlight.size < maxConcurrent && deadlines.earliest() <= now) {
      const due = deadlines.earliest();
      send(deadlines.popEarliest() as string, due);
    }
    armNext();
  };

  const timer = createDeadlineTimer(scheduler, clock, dispatch);

  const finished = (): void => {
    if (inFlight.size === 0 && ctx.settled !== undefined) ctx.settled();
    dispatch();
  };
  const answered = (auctionId: string, result: ExecuteResult): void => {
    closeAnswered(ctx, auctionId, result);
    finished();
  };
  const failed = (auctionId: string, error: unknown): void => {
    closeFailed(ctx, auctionId, error);
    finished();
  };

  const send = (auctionId: string, due: number): void => {
    inFlight.set(auctionId, { due, gone: false });
    ctx.counts.closesSent++;
    if (ctx.failures.has(auctionId)) ctx.counts.retries++;
    let pending: Promise<ExecuteResult>;
    try {
      pending = ctx.service.execute({ type: 'CloseAuction', data: { auctionId } });
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (result) => {
        try {
          answered(auctionId, result);
        } catch (error) {
          failed(auctionId, error); // an answer of an unexpected shape: retried like a failure
        }
      },
      (error: unknown) => failed(auctionId, error),
    );
  };

  return { dispatch, armNext, cancel: timer.cancel };
};
