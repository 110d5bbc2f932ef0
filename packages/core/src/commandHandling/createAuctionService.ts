import type { AuctionCommand } from '../auction/commands';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { type PublicView, publicView } from '../auction/publicView';
import type { AppendResult, EventStore, ReadStreamResult } from '../eventStore/eventStore';
import { auctionStreamName } from '../eventStore/streamName';
import { isVersionConflictError } from '../eventStore/versionConflictError';
import { applyRecordedEvents, type CachedAuction, emptyCachedAuction, recordBid } from './cachedAuction';
import { type BatchPlan, decideBatch } from './decideBatch';
import type { ExecuteAccepted, ExecuteRejected, ExecuteResult } from './executeResult';
import { type NormalizedCommand, normalizeCommand } from './normalizeCommand';
import { backoffDelay, defaultRetryOptions, type RetryOptions, retryOptionsError } from './retryOptions';
import { emptyServiceStats, type ServiceStats } from './serviceStats';

/** Options of {@link createAuctionService}. */
export interface AuctionServiceOptions {
  /** Where auction streams are read and appended. */
  readonly store: EventStore;
  /** The server's clock (epoch ms), read once per decision. Default `Date.now`. */
  readonly clock?: () => number;
  /** Retries after a version conflict. Default {@link defaultRetryOptions}. */
  readonly retry?: Partial<RetryOptions>;
  /** The most commands of one auction appended in one write. Default 256. */
  readonly maxBatchSize?: number;
  /** The random source of the backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /**
   * The most auctions whose state this instance keeps between commands. Past it, the least recently
   * used idle auctions are forgotten (and read again from the store when next used). Default 10 000.
   */
  readonly maxCachedAuctions?: number;
}

/** Runs auction commands against an event store; see `docs/concurrency.md`. */
export interface AuctionService {
  /**
   * Decides a command and, when accepted, appends its events. Answers once the write is durable.
   * Anything that is not a well-formed command answers `INVALID_COMMAND`; the promise rejects only
   * when the store fails (the commands of that write are then in an unknown state: retry with the same `bidId`).
   */
  execute(command: AuctionCommand): Promise<ExecuteResult>;
  /** The auction's public view, up to date with the store; null when it does not exist. */
  view(auctionId: string): Promise<PublicView | null>;
  /** Counters of commands, writes, batch sizes and conflicts since the service was created. */
  stats(): ServiceStats;
}

interface Pending {
  readonly normalized: NormalizedCommand;
  readonly resolve: (result: ExecuteResult) => void;
  readonly reject: (error: unknown) => void;
}

/** One auction's queue in this process, and its cache. */
interface Lane {
  readonly streamName: string;
  readonly queue: Pending[];
  draining: boolean;
  cache: CachedAuction | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the command service. Each auction is one stream; each process keeps one queue per auction,
 * so commands for one auction never race inside a process. While a write is in flight, the commands
 * queued behind it are decided in order against the running state and written together in one append
 * with the expected version (group commit); a conflict means another instance wrote first: the service
 * reads the newer events and decides the batch again, with jittered backoff, up to `retry.maxAttempts`.
 */
export const createAuctionService = (options: AuctionServiceOptions): AuctionService => {
  const store = options.store;
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const retry: RetryOptions = { ...defaultRetryOptions, ...options.retry };
  const retryError = retryOptionsError(retry);
  if (retryError !== null) throw new TypeError(retryError);
  const maxBatchSize = options.maxBatchSize ?? 256;
  if (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1)
    throw new TypeError('maxBatchSize must be a positive integer');
  const maxCachedAuctions = options.maxCachedAuctions ?? 10_000;
  if (!Number.isSafeInteger(maxCachedAuctions) || maxCachedAuctions < 1)
    throw new TypeError('maxCachedAuctions must be a positive integer');
  /** One lane per auction, in order of last use (a used lane moves to the end). */
  const lanes = new Map<string, Lane>();
  const stats = emptyServiceStats();

  const laneOf = (auctionId: string): Lane => {
    const streamName = auctionStreamName(auctionId);
    let lane = lanes.get(streamName);
    if (lane === undefined) {
      lane = { streamName, queue: [], draining: false, cache: undefined };
    } else {
      lanes.delete(streamName);
    }
    lanes.set(streamName, lane);
    return lane;
  };

  /** Forgets the least recently used idle lanes while there are more than `maxCachedAuctions`. */
  const evictIdleLanes = (): void => {
    if (lanes.size <= maxCachedAuctions) return;
    for (const [streamName, lane] of lanes) {
      if (lanes.size <= maxCachedAuctions) return;
      if (!lane.draining && lane.queue.length === 0) lanes.delete(streamName);
    }
  };

  const load = async (lane: Lane): Promise<CachedAuction> => {
    const cache = emptyCachedAuction();
    applyRecordedEvents(cache, (await store.readStream(lane.streamName)).events);
    lane.cache = cache;
    return cache;
  };

  /** Reads only the events after the cached version. True when there were any. */
  const refresh = async (lane: Lane, cache: CachedAuction): Promise<boolean> => {
    const read = await store.readStream(lane.streamName, { fromVersion: cache.version });
    if (read.currentVersion < cache.version) {
      await load(lane);
      return true;
    }
    applyRecordedEvents(cache, read.events);
    return read.events.length > 0;
  };

  const answer = (batch: readonly Pending[], plan: BatchPlan, version: number): void => {
    plan.outcomes.forEach((outcome, i) => {
      const pending = batch[i] as Pending;
      if (outcome.kind === 'duplicate') {
        const view = publicView(plan.state, clock()) as PublicView;
        pending.resolve({ ok: true, events: outcome.bid.events, view, version, duplicate: true });
        return;
      }
      if (outcome.kind === 'bid-id-taken') {
        pending.resolve({
          ok: false,
          code: 'INVALID_COMMAND',
          message: 'data.bidId is already used by another bidder',
          version,
        });
        return;
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
        pending.resolve(result);
      } else {
        const result: ExecuteRejected = {
          ok: false,
          code: decision.code,
          message: decision.message,
          version,
        };
        pending.resolve(view === null ? result : { ...result, view });
      }
    });
  };

  const exhausted = (batch: readonly Pending[], cache: CachedAuction): void => {
    const view = publicView(cache.state, clock());
    for (const pending of batch) {
      const result: ExecuteRejected = {
        ok: false,
        code: 'CONFLICT_RETRY_EXHAUSTED',
        message: `Other writers kept changing the auction: gave up after ${retry.maxAttempts} attempts; send the command again`,
        version: cache.version,
      };
      pending.resolve(view === null ? result : { ...result, view });
    }
  };

  const processBatch = async (lane: Lane, batch: readonly Pending[]): Promise<void> => {
    const commands = batch.map((pending) => pending.normalized);
    let attempts = 0;
    let fresh = false;
    for (;;) {
      let cache = lane.cache;
      if (cache === undefined) {
        cache = await load(lane);
        fresh = true;
      }
      const plan = decideBatch(cache, commands, clock);
      if (plan.events.length === 0) {
        // Nothing to write, so no expected version will catch a stale cache: read the newer events first.
        if (!fresh) {
          fresh = true;
          if (await refresh(lane, cache)) continue;
        }
        answer(batch, plan, cache.version);
        return;
      }
      attempts++;
      stats.appends++;
      let result: AppendResult | null = null;
      try {
        result = await store.appendToStream(lane.streamName, plan.events, { expectedVersion: cache.version });
      } catch (error) {
        if (!isVersionConflictError(error)) throw error;
      }
      if (result !== null && !result.duplicate) {
        if (result.nextExpectedVersion === cache.version + plan.events.length) {
          cache.state = plan.state;
          cache.version = result.nextExpectedVersion;
          for (const [bidId, bid] of plan.newBids) recordBid(cache, bidId, bid.bidderId, bid.events);
        } else {
          lane.cache = undefined; // the store numbered differently than expected: reload next time
        }
        stats.batches++;
        stats.batchedCommands += batch.length;
        if (batch.length > stats.maxBatchSize) stats.maxBatchSize = batch.length;
        answer(batch, plan, result.nextExpectedVersion);
        return;
      }
      // A conflict (or every id already recorded by another instance): read what changed, decide again.
      stats.conflicts++;
      await refresh(lane, cache);
      fresh = true;
      if (attempts >= retry.maxAttempts) {
        stats.exhausted += batch.length;
        exhausted(batch, lane.cache ?? cache);
        return;
      }
      const delay = backoffDelay(attempts, retry, random);
      if (delay > 0) {
        await sleep(delay);
        fresh = false; // others may have written while we slept
      }
    }
  };

  const drain = async (lane: Lane): Promise<void> => {
    while (lane.queue.length > 0) {
      const batch =
        lane.queue.length <= maxBatchSize ? lane.queue.splice(0) : lane.queue.splice(0, maxBatchSize);
      try {
        await processBatch(lane, batch);
      } catch (error) {
        lane.cache = undefined;
        for (const pending of batch) pending.reject(error);
      }
    }
    lane.draining = false;
    evictIdleLanes();
  };

  const execute = (command: AuctionCommand): Promise<ExecuteResult> => {
    stats.commands++;
    const normalized = normalizeCommand(command);
    if (!('command' in normalized)) return Promise.resolve(normalized);
    const lane = laneOf(normalized.auctionId);
    const promise = new Promise<ExecuteResult>((resolve, reject) => {
      lane.queue.push({ normalized, resolve, reject });
    });
    if (!lane.draining) {
      lane.draining = true;
      queueMicrotask(() => void drain(lane));
    }
    return promise;
  };

  const view = async (auctionId: string): Promise<PublicView | null> => {
    if (typeof auctionId !== 'string' || auctionId.length === 0) return null;
    const streamName = auctionStreamName(auctionId);
    const cache = lanes.get(streamName)?.cache;
    if (cache === undefined) return publicView(fold(eventsOf(await store.readStream(streamName))), clock());
    const { state, version } = cache;
    const read = await store.readStream(streamName, { fromVersion: version });
    return publicView(
      read.currentVersion < version
        ? fold(eventsOf(await store.readStream(streamName)))
        : fold(eventsOf(read), state),
      clock(),
    );
  };

  return { execute, view, stats: () => ({ ...stats }) };
};

const eventsOf = (read: ReadStreamResult): AuctionEvent[] =>
  read.events.map((recorded) => ({ type: recorded.type, data: recorded.data }) as AuctionEvent);
