import type { AuctionService } from '../commandHandling/createAuctionService';
import type { ExecuteResult } from '../commandHandling/executeResult';
import type { EventStore } from '../eventStore/eventStore';
import { applyAuctionEvent, type InFlightClose as InFlight } from './applyAuctionEvent';
import { createAuctionDeadlines } from './auctionDeadlines';
import {
  type CloserBackoff,
  closerBackoffDelay,
  closerBackoffError,
  defaultCloserBackoff,
} from './closerBackoff';
import type { CloserCheckpoint, CloserCheckpointStore } from './closerCheckpoint';
import { createCloserCheckpointing } from './closerCheckpointing';
import { type AuctionCloserError, logCloserError } from './closerError';
import type { AuctionCloserStats } from './closerStats';
import { createDeadlineTimer } from './deadlineTimer';
import { type FollowContext, followAuctionStream } from './followAuctionStream';
import { createLagHistogram } from './lagHistogram';
import { type Scheduler, systemScheduler, timerDelay } from './scheduler';

/** Options of {@link createAuctionCloser}. */
export interface AuctionCloserOptions {
  /** The store whose auction streams the closer follows. */
  readonly store: EventStore;
  /** The service that executes the `CloseAuction` commands (any service on the same store). */
  readonly service: Pick<AuctionService, 'execute'>;
  /** The clock (epoch ms) that decides when an end has passed. Default `Date.now`; give the service the same one. */
  readonly clock?: () => number;
  /** The timers. Default Node's; a test passes one it advances with its clock. */
  readonly scheduler?: Scheduler;
  /** Failures the closer handled (it always retries, or drops one auction the service refuses). Default: a line on stderr. */
  readonly onError?: (error: AuctionCloserError) => void;
  /** The wait before retrying a failed close or subscription. Default {@link defaultCloserBackoff}. */
  readonly backoff?: Partial<CloserBackoff>;
  /** The most `CloseAuction` commands in flight at once (the rest wait, earliest end first). Default 64. */
  readonly maxConcurrentCloses?: number;
  /** Resume from a saved state instead of reading the whole history; see `docs/closing.md`. */
  readonly checkpoint?: CloserCheckpointStore;
  /** How often the checkpoint is saved while running (also once at `stop()`). Default 60 000 ms. */
  readonly checkpointIntervalMs?: number;
  /** The random source of the backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** A closer: ends every auction whose effective end has passed, by sending `CloseAuction`. */
export interface AuctionCloser {
  /**
   * Subscribes to the auction streams and resolves once caught up with the store's history; by then the
   * auctions already past their end are being closed, earliest end first. A failing store does not
   * reject it: the closer reports through `onError` and retries until it catches up (or `stop()`).
   */
  start(): Promise<void>;
  /** Ends the subscription and the timer, waits for the closes in flight, saves the checkpoint. */
  stop(): Promise<void>;
  /** Open auctions tracked, closes sent, close lag. */
  stats(): AuctionCloserStats;
}

const positiveInteger = (value: number, name: string): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer`);
  return value;
};

/**
 * Creates a closer. It follows `store.subscribe({ category: 'auction' })` to keep every open auction's
 * effective end in a min-heap (`AuctionOpened` adds one, `AuctionExtended` moves it, `AuctionClosed` and
 * `AuctionCancelled` remove it), arms one timer for the earliest end, and when an end passes sends
 * `CloseAuction` through the service. Any number of closers may run on one store: the decider and the
 * expected version make every close after the first a no-op, so each auction gets one `AuctionClosed`.
 *
 * @example
 * const closer = createAuctionCloser({ store, service });
 * await closer.start();
 * process.on('SIGTERM', () => closer.stop());
 */
export const createAuctionCloser = (options: AuctionCloserOptions): AuctionCloser => {
  const { store, service } = options;
  const clock = options.clock ?? Date.now;
  const scheduler = options.scheduler ?? systemScheduler;
  const onError = options.onError ?? logCloserError;
  const random = options.random ?? Math.random;
  const backoff: CloserBackoff = { ...defaultCloserBackoff, ...options.backoff };
  const backoffError = closerBackoffError(backoff);
  if (backoffError !== null) throw new TypeError(backoffError);
  const maxConcurrent = positiveInteger(options.maxConcurrentCloses ?? 64, 'maxConcurrentCloses');
  const checkpointIntervalMs = positiveInteger(
    options.checkpointIntervalMs ?? 60_000,
    'checkpointIntervalMs',
  );

  const deadlines = createAuctionDeadlines();
  const inFlight = new Map<string, InFlight>();
  /** Consecutive failures of the auctions being retried (only those). */
  const failures = new Map<string, number>();
  const lag = createLagHistogram();
  const controller = new AbortController();
  let caughtUp = false;
  let started: Promise<void> | undefined;
  let running: Promise<void> = Promise.resolve();
  let closesSent = 0;
  let closesRecorded = 0;
  let retries = 0;
  let notEnded = 0;
  let resubscriptions = 0;
  let settled: (() => void) | undefined;
  let markCaughtUp: () => void = () => {};

  const report = (error: AuctionCloserError): void => {
    try {
      onError(error);
    } catch {
      // A throwing logger must not stop the closer.
    }
  };
  const checkpointing = createCloserCheckpointing(
    options.checkpoint,
    checkpointIntervalMs,
    scheduler,
    report,
  );

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (controller.signal.aborted) return resolve();
      const done = (): void => {
        scheduler.clearTimeout(handle);
        controller.signal.removeEventListener('abort', done);
        resolve();
      };
      const handle = scheduler.setTimeout(done, timerDelay(ms, 0));
      controller.signal.addEventListener('abort', done);
    });

  const armNext = (): void => {
    if (!caughtUp || controller.signal.aborted || inFlight.size >= maxConcurrent) return;
    timer.arm(deadlines.earliest());
  };

  /** Sends `CloseAuction` for every auction due by now, within the concurrency bound. */
  const dispatch = (): void => {
    if (!caughtUp || controller.signal.aborted) return;
    const now = clock();
    while (inFlight.size < maxConcurrent && deadlines.earliest() <= now) {
      const due = deadlines.earliest();
      send(deadlines.popEarliest() as string, due);
    }
    armNext();
  };

  const timer = createDeadlineTimer(scheduler, clock, dispatch);

  /** Puts an auction back in the heap to be tried again after its n-th failure. */
  const retryLater = (
    auctionId: string,
    flight: InFlight,
    error: Omit<AuctionCloserError, 'attempt'>,
  ): void => {
    const attempt = (failures.get(auctionId) ?? 0) + 1;
    failures.set(auctionId, attempt);
    const delay = closerBackoffDelay(attempt, backoff, random);
    report({ ...error, auctionId, attempt, retryInMs: delay });
    if (!flight.gone) deadlines.set(auctionId, Math.max(flight.due, clock() + delay));
  };

  const answered = (auctionId: string, result: ExecuteResult): void => {
    const flight = inFlight.get(auctionId) as InFlight;
    inFlight.delete(auctionId);
    if (result.ok) {
      failures.delete(auctionId);
      if (result.events.length > 0) {
        closesRecorded++;
        lag.record(clock() - result.view.endsAt);
      }
    } else if (result.code === 'NOT_ENDED') {
      notEnded++;
      // An extension this closer has not applied yet: its end is in the service's view, and the
      // `AuctionExtended` event follows on the stream.
      const end = result.view?.endsAt ?? flight.due;
      if (end > flight.due) flight.due = end;
      if (flight.due > clock()) {
        failures.delete(auctionId);
        if (!flight.gone) deadlines.set(auctionId, flight.due);
      } else {
        retryLater(auctionId, flight, {
          code: 'CLOSE_CONTENDED',
          message: `'${auctionId}' is not ended for the service at ${flight.due}: are the clocks apart?`,
          cause: result.code,
        });
      }
    } else if (result.code === 'CONFLICT_RETRY_EXHAUSTED') {
      retryLater(auctionId, flight, {
        code: 'CLOSE_CONTENDED',
        message: `closing '${auctionId}' met conflicts on every attempt: ${result.message}`,
        cause: result.code,
      });
    } else {
      failures.delete(auctionId);
      report({
        code: 'CLOSE_REFUSED',
        message: `the service refused to close '${auctionId}' (${result.code}): ${result.message}; no longer tracked`,
        auctionId,
        attempt: 1,
        cause: result.code,
      });
    }
    finished();
  };

  const failed = (auctionId: string, error: unknown): void => {
    const flight = inFlight.get(auctionId) ?? { due: clock(), gone: false };
    inFlight.delete(auctionId);
    retryLater(auctionId, flight, {
      code: 'CLOSE_FAILED',
      message: `closing '${auctionId}' failed in the store: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
    finished();
  };

  const finished = (): void => {
    if (inFlight.size === 0 && settled !== undefined) settled();
    dispatch();
  };

  const send = (auctionId: string, due: number): void => {
    inFlight.set(auctionId, { due, gone: false });
    closesSent++;
    if (failures.has(auctionId)) retries++;
    let pending: Promise<ExecuteResult>;
    try {
      pending = service.execute({ type: 'CloseAuction', data: { auctionId } });
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

  /** The open auctions at the position applied last (taken between two events, so the two agree). */
  const snapshot = (): CloserCheckpoint => {
    const position = follow.position;
    const auctions: [string, number][] = [];
    deadlines.forEach((auctionId, due) => {
      auctions.push([auctionId, due]);
    });
    for (const [auctionId, flight] of inFlight) if (!flight.gone) auctions.push([auctionId, flight.due]);
    return { position, auctions };
  };

  const follow: FollowContext = {
    store,
    signal: controller.signal,
    position: 0n,
    onEvent: (event) => {
      applyAuctionEvent(event, deadlines, inFlight);
      armNext();
    },
    onCaughtUp: () => {
      if (caughtUp) return;
      caughtUp = true;
      dispatch();
      checkpointing.startSaving(snapshot);
      markCaughtUp();
    },
    onFailure: (error, attempt) => {
      resubscriptions++;
      const delay = closerBackoffDelay(attempt, backoff, random);
      report({
        code: 'SUBSCRIPTION_FAILED',
        message: `the auction subscription failed (${error instanceof Error ? error.message : String(error)}); subscribing again from position ${follow.position}`,
        attempt,
        retryInMs: delay,
        cause: error,
      });
      return delay;
    },
    sleep,
  };

  const load = async (): Promise<void> => {
    const checkpoint = await checkpointing.load();
    if (checkpoint === undefined) return;
    for (const [auctionId, due] of checkpoint.auctions) deadlines.set(auctionId, due);
    follow.position = checkpoint.position;
  };

  const start = (): Promise<void> => {
    if (started !== undefined) return started;
    started = new Promise<void>((resolve) => {
      markCaughtUp = resolve;
    });
    running = load().then(() => followAuctionStream(follow));
    // A stop() before catching up also ends start().
    running.then(markCaughtUp, markCaughtUp);
    return started;
  };

  const stop = async (): Promise<void> => {
    if (controller.signal.aborted) return;
    controller.abort();
    timer.cancel();
    await running.catch(() => {});
    if (inFlight.size > 0) await new Promise<void>((resolve) => (settled = resolve));
    await checkpointing.finish();
  };

  const stats = (): AuctionCloserStats => ({
    openAuctions: deadlines.size + inFlight.size,
    closesInFlight: inFlight.size,
    closesSent,
    closesRecorded,
    retries,
    notEnded,
    resubscriptions,
    caughtUp,
    position: follow.position,
    closeLag: lag.summary(),
  });

  return { start, stop, stats };
};
