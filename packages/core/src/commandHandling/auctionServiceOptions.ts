import type { EventStore } from '../eventStore/eventStore';
import { InvalidOptionsError } from '../options/invalidOptionsError';
import {
  defaultServiceRetry,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryOptions,
} from '../timing/retry';
import { type Scheduler, systemScheduler } from '../timing/scheduler';
import { DEFAULT_MAX_CACHED_BIDS } from './cachedAuction';

/** Options of `createAuctionService`. */
export interface AuctionServiceOptions {
  /** Where auction streams are read and appended. */
  readonly store: EventStore;
  /** The server's clock (epoch ms), read once per decision. Default `Date.now`. */
  readonly clock?: () => number;
  /**
   * Retries after a version conflict: at most `maxAttempts` appends per batch, the first included, then
   * the batch answers `CONFLICT_RETRY_EXHAUSTED`. Default {@link defaultServiceRetry}: 10 attempts,
   * `initialDelayMs` 1, `maxDelayMs` 50, `jitter` `'full'`.
   */
  readonly retry?: RetryOptions;
  /** The most commands of one auction appended in one write. Default 256. */
  readonly maxBatchSize?: number;
  /** The random source of the backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /**
   * The most auctions whose state this instance keeps between commands. Past it, the least recently
   * used idle auctions are forgotten (and read again from the store when next used). Default 10 000.
   */
  readonly maxCachedAuctions?: number;
  /**
   * The most recent bids of one cached auction whose `bidId`s the service keeps, to answer a retry
   * without asking the store (at least 2). A retry of an older bid is still answered exactly, from the
   * store's event ids, at the cost of a store round trip. Default 50 000 (a few MB per hot auction).
   */
  readonly maxCachedBidsPerAuction?: number;
  /**
   * How long one `execute` may take, in ms of real time from the call (not of `clock`), whatever it
   * waits for: the write of its auction already in flight, reading the auction, its own write, the
   * retries after a conflict. Past it, the call rejects with an `EventStoreError` of code `TIMEOUT`
   * (`mayHaveWritten` when its write was in flight), and its command is never written afterwards.
   * An integer from 1 to 2 147 483 647. Default: the store's own `timeoutMs` (every store of Gavel
   * tells it), else 10 000.
   */
  readonly timeoutMs?: number;
  /**
   * The timers of the `timeoutMs` deadlines and of the waits between conflict retries. Default Node's;
   * a simulation or a test passes one it drives together with `now` and `clock`.
   */
  readonly scheduler?: Scheduler;
  /** The monotonic clock (ms) the `timeoutMs` deadlines are measured on. Default `performance.now`. */
  readonly now?: () => number;
}

/** The options with their defaults filled in, checked. */
export interface ResolvedServiceOptions {
  readonly store: EventStore;
  readonly clock: () => number;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  readonly maxBatchSize: number;
  readonly maxCachedAuctions: number;
  readonly maxCachedBidsPerAuction: number;
  readonly timeoutMs: number;
  readonly scheduler: Scheduler;
  readonly now: () => number;
}

/** The longest delay `setTimeout` takes (a longer one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

const positiveInteger = (value: number, name: string): number => {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new InvalidOptionsError(name, `${name} must be a positive integer`);
  return value;
};

const atLeastTwo = (value: number, name: string): number => {
  if (!Number.isSafeInteger(value) || value < 2)
    throw new InvalidOptionsError(name, `${name} must be an integer of at least 2`);
  return value;
};

const timerDelay = (value: number, name: string): number => {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TIMER_MS)
    throw new InvalidOptionsError(name, `${name} must be an integer from 1 to ${MAX_TIMER_MS}`);
  return value;
};

/** `performance.now`, as a function of its own (the method needs its object). */
const performanceNow = (): number => performance.now();

/** Fills in the defaults and checks every option; throws an `InvalidOptionsError` naming the first wrong one. */
export const resolveServiceOptions = (options: AuctionServiceOptions): ResolvedServiceOptions => {
  const retry = resolveRetryOptions(options.retry, defaultServiceRetry);
  return {
    store: options.store,
    clock: options.clock ?? Date.now,
    random: options.random ?? Math.random,
    retry,
    maxBatchSize: positiveInteger(options.maxBatchSize ?? 256, 'maxBatchSize'),
    maxCachedAuctions: positiveInteger(options.maxCachedAuctions ?? 10_000, 'maxCachedAuctions'),
    maxCachedBidsPerAuction: atLeastTwo(
      options.maxCachedBidsPerAuction ?? DEFAULT_MAX_CACHED_BIDS,
      'maxCachedBidsPerAuction',
    ),
    timeoutMs: timerDelay(options.timeoutMs ?? options.store?.timeoutMs ?? 10_000, 'timeoutMs'),
    scheduler: options.scheduler ?? systemScheduler,
    now: options.now ?? performanceNow,
  };
};
