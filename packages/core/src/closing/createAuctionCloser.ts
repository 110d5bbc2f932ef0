import type { AuctionService } from '../commandHandling/createAuctionService';
import type { ExecuteResult } from '../commandHandling/executeResult';
import type { EventStore } from '../eventStore/eventStore';
import { AUCTION_CATEGORY } from '../eventStore/streamName';
import { createProcessor } from '../processing/createProcessor';
import type { ProcessorError } from '../processing/processorError';
import { type Backoff, backoffDelay, backoffProblem, defaultBackoff } from '../timing/backoff';
import { createLagHistogram } from '../timing/lagHistogram';
import { type Scheduler, systemScheduler } from '../timing/scheduler';
import type { InFlightClose as InFlight } from './applyAuctionEvent';
import { createAuctionDeadlines } from './auctionDeadlines';
import { type AuctionCloserError, logCloserError } from './closerError';
import { createCloserPartitions } from './closerPartitions';
import type { AuctionCloserStats } from './closerStats';
import { createDeadlineTimer } from './deadlineTimer';

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
  /** The wait before retrying a failed close. Default 100 ms doubling to 30 s. */
  readonly retry?: Partial<Backoff>;
  /** The most `CloseAuction` commands in flight at once (the rest wait, earliest end first). Default 64. */
  readonly maxConcurrentCloses?: number;
  /**
   * The closer's processor name: closers with the same name on one store share the auctions (each
   * partition watched by one of them). Default `'gavel-closer'`.
   */
  readonly name?: string;
  /**
   * Partitions of the auctions (1 to 1024): the most processes that can share the closing. Default 16.
   * Changing it for an existing closer needs its processor reset.
   */
  readonly partitions?: number;
  /** How long a dead process keeps its partitions before another takes them over, in ms. Default 10 000. */
  readonly leaseMs?: number;
  /** The random source of the backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** A closer: ends every auction whose effective end has passed, by sending `CloseAuction`. */
export interface AuctionCloser {
  /**
   * Takes this process's share of the partitions, loads their open auctions from the store and
   * resolves once they have caught up with the store; by then the auctions already past their end are
   * being closed, earliest end first. A failing store does not reject it: the closer reports through
   * `onError` and retries until it catches up (or `stop()`).
   */
  start(): Promise<void>;
  /** Stops the processor and the timer, waits for the closes in flight, releases the partitions. */
  stop(): Promise<void>;
  /** Open auctions tracked, closes sent, close lag. */
  stats(): AuctionCloserStats;
}

const positiveInteger = (value: number, name: string): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer`);
  return value;
};

/**
 * Creates a closer. It runs on a processor (`createProcessor`, category `auction`): each partition's
 * open auctions and their effective ends are kept in the store, as the partition's state, and in one
 * min-heap in memory for the partitions this process owns (`AuctionOpened` adds one, `AuctionExtended`
 * moves it, `AuctionClosed` and `AuctionCancelled` remove it). One timer is armed for the earliest end;
 * when an end passes, the closer sends `CloseAuction` through the service. Any number of closers may run
 * on one store, in any number of processes: each auction is watched by its partition's owner, a dead
 * process's partitions are taken over within `leaseMs`, and the decider and the expected version make a
 * second close a no-op, so each auction gets one `AuctionClosed`. A start loads only the open auctions of
 * the partitions it owns and the events after their checkpoints, never the whole history.
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
  const backoff: Backoff = { ...defaultBackoff, ...options.retry };
  const backoffError = backoffProblem(backoff, 'retry');
  if (backoffError !== null) throw new TypeError(backoffError);
  const maxConcurrent = positiveInteger(options.maxConcurrentCloses ?? 64, 'maxConcurrentCloses');

  const deadlines = createAuctionDeadlines();
  const inFlight = new Map<string, InFlight>();
  /** Consecutive failures of the auctions being retried (only those). */
  const failures = new Map<string, number>();
  const lag = createLagHistogram();
  const controller = new AbortController();
  let caughtUp = false;
  let started: Promise<void> | undefined;
  let closesSent = 0;
  let closesRecorded = 0;
  let retries = 0;
  let notEnded = 0;
  let resubscriptions = 0;
  let settled: (() => void) | undefined;

  const report = (error: AuctionCloserError): void => {
    try {
      onError(error);
    } catch {
      // A throwing logger must not stop the closer.
    }
  };
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
    const delay = backoffDelay(attempt, backoff, random);
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

  const partitions = createCloserPartitions(deadlines, inFlight);
  const processor = createProcessor({
    store,
    name: options.name ?? 'gavel-closer',
    category: AUCTION_CATEGORY,
    partitions: options.partitions ?? 16,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    random,
    retry: backoff,
    handle: (events, context) => {
      partitions.apply(context.partition, events, context.state);
      armNext();
    },
    onAssigned: (partition, state) => {
      partitions.assign(partition, state);
      dispatch();
    },
    onRevoked: (partition) => partitions.revoke(partition),
    onError: (error: ProcessorError) => {
      if (error.code === 'SUBSCRIPTION_FAILED') resubscriptions++;
      report({
        code: error.code === 'SUBSCRIPTION_FAILED' ? 'SUBSCRIPTION_FAILED' : 'PROCESSOR_FAILED',
        message: error.message,
        attempt: error.attempt ?? 1,
        ...(error.retryInMs === undefined ? {} : { retryInMs: error.retryInMs }),
        cause: error,
      });
    },
  });

  const start = (): Promise<void> => {
    if (started !== undefined) return started;
    started = processor.start().then(() => {
      if (controller.signal.aborted) return;
      caughtUp = true;
      dispatch();
    });
    return started;
  };

  const stop = async (): Promise<void> => {
    if (controller.signal.aborted) return;
    controller.abort();
    timer.cancel();
    await processor.stop();
    await started?.catch(() => {});
    if (inFlight.size > 0) await new Promise<void>((resolve) => (settled = resolve));
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
    position: processor.stats().position,
    partitionsOwned: processor.stats().partitionsOwned,
    closeLag: lag.summary(),
  });

  return { start, stop, stats };
};
