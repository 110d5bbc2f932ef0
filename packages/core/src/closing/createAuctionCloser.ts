import type { AuctionService } from '../commandHandling/createAuctionService';
import type { EventStore } from '../eventStore/eventStore';
import { AUCTION_CATEGORY } from '../eventStore/streamName';
import { InvalidOptionsError } from '../options/invalidOptionsError';
import { createProcessor } from '../processing/createProcessor';
import type { ProcessorError } from '../processing/processorError';
import type { ProcessorOptions } from '../processing/processorOptions';
import { createLagHistogram } from '../timing/lagHistogram';
import { defaultProcessorRetry, type RetryOptions, resolveRetryOptions, retryDelay } from '../timing/retry';
import { type Scheduler, systemScheduler } from '../timing/scheduler';
import { createAuctionDeadlines } from './auctionDeadlines';
import { createCloseDispatch } from './closeDispatch';
import { type CloserContext, emptyCloseCounts } from './closerContext';
import { AuctionCloserError, type AuctionCloserErrorData, logCloserError } from './closerError';
import { createCloserPartitions } from './closerPartitions';
import { type AuctionCloserStats, closerStatsOf } from './closerStats';

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
  /**
   * The wait before retrying a failed close (and the closer's processor's retries). Default
   * {@link defaultProcessorRetry}: 100 ms doubling to 30 s, equal jitter. No `maxAttempts`: a close is
   * retried until the auction is closed.
   */
  readonly retry?: RetryOptions;
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
  /**
   * The timers, monotonic clock and member id of the closer's processor (its lease renewals), which
   * `scheduler` and `clock` do not drive. Default Node's timers, `performance.now` and a random id; a
   * simulation passes its own.
   */
  readonly processor?: Pick<ProcessorOptions, 'scheduler' | 'now' | 'owner'>;
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
  if (!Number.isSafeInteger(value) || value < 1)
    throw new InvalidOptionsError(name, `${name} must be a positive integer`);
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
  const backoff = resolveRetryOptions(options.retry, defaultProcessorRetry);
  const maxConcurrent = positiveInteger(options.maxConcurrentCloses ?? 64, 'maxConcurrentCloses');

  const report = (error: AuctionCloserErrorData): void => {
    try {
      onError(new AuctionCloserError(error));
    } catch {
      // A throwing logger must not stop the closer.
    }
  };
  const controller = new AbortController();
  const ctx: CloserContext = {
    service,
    clock,
    maxConcurrent,
    retryDelay: (attempt) => retryDelay(attempt, backoff, random),
    report,
    signal: controller.signal,
    deadlines: createAuctionDeadlines(),
    inFlight: new Map(),
    failures: new Map(),
    lag: createLagHistogram(),
    counts: emptyCloseCounts(),
    caughtUp: false,
    settled: undefined,
  };
  const { inFlight, counts } = ctx;
  const { dispatch, armNext, cancel } = createCloseDispatch(ctx, scheduler);
  /** The first `start()`'s promise: later calls return it. */
  const lifecycle: { started: Promise<void> | undefined } = { started: undefined };

  const partitions = createCloserPartitions(ctx.deadlines, inFlight);
  const processor = createProcessor({
    store,
    name: options.name ?? 'gavel-closer',
    category: AUCTION_CATEGORY,
    partitions: options.partitions ?? 16,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    random,
    retry: backoff,
    ...options.processor,
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
      if (error.code === 'SUBSCRIPTION_FAILED') counts.resubscriptions++;
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
    if (lifecycle.started !== undefined) return lifecycle.started;
    lifecycle.started = processor.start().then(() => {
      if (controller.signal.aborted) return;
      ctx.caughtUp = true;
      dispatch();
    });
    return lifecycle.started;
  };

  const stop = async (): Promise<void> => {
    if (controller.signal.aborted) return;
    controller.abort();
    cancel();
    await processor.stop();
    await lifecycle.started?.catch(() => {});
    if (inFlight.size > 0) await new Promise<void>((resolve) => (ctx.settled = resolve));
  };

  return { start, stop, stats: () => closerStatsOf(ctx, processor.stats()) };
};
