import type { ExecuteResult } from '../commandHandling/executeResult';
import type { InFlightClose } from './applyAuctionEvent';
import type { CloserContext } from './closerContext';
import type { AuctionCloserErrorData } from './closerError';

/** Puts an auction back in the heap to be tried again after its n-th failure. */
const retryLater = (
  ctx: CloserContext,
  auctionId: string,
  flight: InFlightClose,
  error: Omit<AuctionCloserErrorData, 'attempt'>,
): void => {
  const attempt = (ctx.failures.get(auctionId) ?? 0) + 1;
  ctx.failures.set(auctionId, attempt);
  const delay = ctx.retryDelay(attempt);
  ctx.report({ ...error, auctionId, attempt, retryInMs: delay });
  if (!flight.gone) ctx.deadlines.set(auctionId, Math.max(flight.due, ctx.clock() + delay));
};

/**
 * Takes the service's answer to a `CloseAuction`: a close recorded (or made by another closer) ends
 * the auction's tracking; `NOT_ENDED` waits for the new end; contention is retried with backoff; any
 * other refusal drops the auction.
 */
export const closeAnswered = (ctx: CloserContext, auctionId: string, result: ExecuteResult): void => {
  const { failures, deadlines, clock } = ctx;
  const flight = ctx.inFlight.get(auctionId) as InFlightClose;
  ctx.inFlight.delete(auctionId);
  if (result.ok) {
    failures.delete(auctionId);
    if (result.events.length > 0) {
      ctx.counts.closesRecorded++;
      ctx.lag.record(clock() - result.view.endsAt);
    }
  } else if (result.code === 'NOT_ENDED') {
    ctx.counts.notEnded++;
    // An extension this closer has not applied yet: its end is in the service's view, and the
    // `AuctionExtended` event follows on the stream.
    const end = result.view?.endsAt ?? flight.due;
    if (end > flight.due) flight.due = end;
    if (flight.due > clock()) {
      failures.delete(auctionId);
      if (!flight.gone) deadlines.set(auctionId, flight.due);
    } else {
      retryLater(ctx, auctionId, flight, {
        code: 'CLOSE_CONTENDED',
        message: `'${auctionId}' is not ended for the service at ${flight.due}: are the clocks apart?`,
        cause: result.code,
      });
    }
  } else if (result.code === 'CONFLICT_RETRY_EXHAUSTED') {
    retryLater(ctx, auctionId, flight, {
      code: 'CLOSE_CONTENDED',
      message: `closing '${auctionId}' met conflicts on every attempt: ${result.message}`,
      cause: result.code,
    });
  } else {
    failures.delete(auctionId);
    ctx.report({
      code: 'CLOSE_REFUSED',
      message: `the service refused to close '${auctionId}' (${result.code}): ${result.message}; no longer tracked`,
      auctionId,
      attempt: 1,
      cause: result.code,
    });
  }
};

/** Takes a `CloseAuction` that threw or rejected (a store failure): retried with backoff. */
export const closeFailed = (ctx: CloserContext, auctionId: string, error: unknown): void => {
  const flight = ctx.inFlight.get(auctionId) ?? { due: ctx.clock(), gone: false };
  ctx.inFlight.delete(auctionId);
  retryLater(ctx, auctionId, flight, {
    code: 'CLOSE_FAILED',
    message: `closing '${auctionId}' failed in the store: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
};
