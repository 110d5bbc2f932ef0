import type { AuctionCommand } from '../auction/commands';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { type PublicView, publicView } from '../auction/publicView';
import type { AppendResult, EventStore, ReadStreamResult } from '../eventStore/eventStore';
import { auctionStreamName } from '../eventStore/streamName';
import { isVersionConflictError } from '../eventStore/versionConflictError';
import {
  applyRecordedEvents,
  type CachedAuction,
  emptyCachedAuction,
  indexBids,
} from './cachedAuction';
import { toAuctionEvent } from '../decoding/toAuctionEvent';
import { type BatchOutcome, type BatchPlan, decideBatch } from './decideBatch';
import type { ExecuteAccepted, ExecuteRejected, ExecuteResult } from './executeResult';
import { type NormalizedCommand, normalizeCommand } from './normalizeCommand';
import { readRecordedBidEvents } from './recordedBidEvents';
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
  readonly resolve: (result: ExecuteResult | PromiseLike<ExecuteResult>) => void;
  readonly reject: (error: unknown) => void;
}

/** One auction's queue in this process, and its cache. */
interface Lane {
  readonly auctionId: string;
  readonly streamName: string;
  queue: Pending[];
  draining: boolean;
  cache: CachedAuction | undefined;
  /** The batch whose append is in flight on the fast path, with the cache and plan it was decided on. */
  inFlight: InFlight | null;
  /** This lane's callbacks, made once per lane, so that a command allocates no closure for them. */
  readonly drain: () => void;
  readonly appended: (result: AppendResult) => void;
  readonly appendFailed: (error: unknown) => void;
}

interface InFlight {
  readonly batch: readonly Pending[];
  readonly cache: CachedAuction;
  readonly plan: BatchPlan;
}

const RESOLVED: Promise<void> = Promise.resolve();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The functions of the promise being made by `execute` (one shared executor, no closure per command). */
let capturedResolve: Pending['resolve'] = () => {};
let capturedReject: Pending['reject'] = () => {};
const capture = (resolve: Pending['resolve'], reject: Pending['reject']): void => {
  capturedResolve = resolve;
  capturedReject = reject;
};

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
  /** One lane per auction id, in order of last use (a used lane moves to the end). */
  const lanes = new Map<string, Lane>();
  /** The lane used last, i.e. the last of `lanes`: using it again needs no reordering. */
  let recent: Lane | undefined;
  const stats = emptyServiceStats();

  const laneOf = (auctionId: string): Lane => {
    if (recent !== undefined && recent.auctionId === auctionId) return recent;
    let lane = lanes.get(auctionId);
    if (lane === undefined) {
      const created: Lane = {
        auctionId,
        streamName: auctionStreamName(auctionId),
        queue: [],
        draining: false,
        cache: undefined,
        inFlight: null,
        drain: () => drain(created),
        appended: (result) => appended(created, result),
        appendFailed: (error) => appendFailed(created, error),
      };
      lane = created;
    } else {
      lanes.delete(auctionId);
    }
    lanes.set(auctionId, lane);
    recent = lane;
    return lane;
  };

  /** Forgets the least recently used idle lanes while there are more than `maxCachedAuctions`. */
  const evictIdleLanes = (): void => {
    if (lanes.size <= maxCachedAuctions) return;
    for (const [auctionId, lane] of lanes) {
      if (lanes.size <= maxCachedAuctions) return;
      if (!lane.draining && lane.queue.length === 0) {
        lanes.delete(auctionId);
        if (lane === recent) recent = undefined;
      }
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

  /** Answers a retried bid with the events recorded for it the first time, read back from the stream. */
  const answerDuplicate = (
    pending: Pending,
    lane: Lane,
    outcome: Extract<BatchOutcome, { kind: 'duplicate' }>,
    view: PublicView,
    version: number,
  ): void => {
    readRecordedBidEvents(store, lane.streamName, outcome.bidId, outcome.version).then(
      (events) => pending.resolve({ ok: true, events, view, version, duplicate: true }),
      pending.reject,
    );
  };

  const answer = (lane: Lane, batch: readonly Pending[], plan: BatchPlan, version: number): void => {
    const outcomes = plan.outcomes;
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i] as BatchOutcome;
      const pending = batch[i] as Pending;
      if (outcome.kind === 'duplicate') {
        answerDuplicate(pending, lane, outcome, publicView(plan.state, clock()) as PublicView, version);
        continue;
      }
      if (outcome.kind === 'bid-id-taken') {
        pending.resolve({
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
        pending.resolve(result);
      } else {
        const { code, message } = decision;
        const result: ExecuteRejected =
          view === null ? { ok: false, code, message, version } : { ok: false, code, message, version, view };
        pending.resolve(result);
      }
    }
  };

  const exhausted = (batch: readonly Pending[], cache: CachedAuction): void => {
    const view = publicView(cache.state, clock());
    const message = `Other writers kept changing the auction: gave up after ${retry.maxAttempts} attempts; send the command again`;
    const version = cache.version;
    for (const pending of batch) {
      const result: ExecuteRejected =
        view === null
          ? { ok: false, code: 'CONFLICT_RETRY_EXHAUSTED', message, version }
          : { ok: false, code: 'CONFLICT_RETRY_EXHAUSTED', message, version, view };
      pending.resolve(result);
    }
  };

  /** After a successful append of `plan`: updates the cache and answers the batch. */
  const committed = (
    lane: Lane,
    batch: readonly Pending[],
    cache: CachedAuction,
    plan: BatchPlan,
    result: AppendResult,
  ): void => {
    if (result.nextExpectedVersion === cache.version + plan.events.length) {
      indexBids(cache, plan.events, cache.version + 1);
      cache.state = plan.state;
      cache.version = result.nextExpectedVersion;
    } else {
      lane.cache = undefined; // the store numbered differently than expected: reload next time
    }
    stats.batches++;
    stats.batchedCommands += batch.length;
    if (batch.length > stats.maxBatchSize) stats.maxBatchSize = batch.length;
    answer(lane, batch, plan, result.nextExpectedVersion);
  };

  /** Appends a plan's events with the cached version as the expected version. */
  const append = (lane: Lane, cache: CachedAuction, plan: BatchPlan): Promise<AppendResult> => {
    stats.appends++;
    try {
      return store.appendToStream(lane.streamName, plan.events, { expectedVersion: cache.version });
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /**
   * Decides and writes a batch, the general way: loads the cache if needed, reads newer events before
   * answering a batch with nothing to write, and retries after conflicts. It may start from a plan
   * already made on the cached state, or right after the `attempts`-th append met a conflict.
   */
  const processBatch = async (
    lane: Lane,
    batch: readonly Pending[],
    start: { readonly plan: BatchPlan | null; readonly attempts: number; readonly conflicted: boolean },
  ): Promise<void> => {
    let { plan, attempts } = start;
    let conflicted = start.conflicted;
    let fresh = false;
    for (;;) {
      if (conflicted) {
        // A conflict (or every id already recorded by another instance): read what changed, decide again.
        conflicted = false;
        stats.conflicts++;
        const stale = lane.cache ?? (await load(lane));
        await refresh(lane, stale);
        fresh = true;
        plan = null;
        if (attempts >= retry.maxAttempts) {
          stats.exhausted += batch.length;
          exhausted(batch, lane.cache ?? stale);
          return;
        }
        const delay = backoffDelay(attempts, retry, random);
        if (delay > 0) {
          await sleep(delay);
          fresh = false; // others may have written while we slept
        }
      }
      let cache = lane.cache;
      if (cache === undefined) {
        cache = await load(lane);
        fresh = true;
        plan = null;
      }
      plan ??= decideBatch(cache, batch, clock);
      if (plan.events.length === 0) {
        // Nothing to write, so no expected version will catch a stale cache: read the newer events first.
        if (!fresh) {
          fresh = true;
          if (await refresh(lane, cache)) {
            plan = null;
            continue;
          }
        }
        answer(lane, batch, plan, cache.version);
        return;
      }
      attempts++;
      let result: AppendResult | null = null;
      try {
        result = await append(lane, cache, plan);
      } catch (error) {
        if (!isVersionConflictError(error)) throw error;
      }
      if (result !== null && !result.duplicate) {
        committed(lane, batch, cache, plan, result);
        return;
      }
      conflicted = true;
    }
  };

  /** A batch that failed in the store: its commands are in an unknown state. */
  const failed = (lane: Lane, batch: readonly Pending[], error: unknown): void => {
    lane.cache = undefined;
    for (const pending of batch) pending.reject(error);
  };

  /** Takes the next batch of the lane through {@link processBatch}, then drains on. */
  const slowPath = (
    lane: Lane,
    batch: readonly Pending[],
    start: { readonly plan: BatchPlan | null; readonly attempts: number; readonly conflicted: boolean },
  ): void => {
    processBatch(lane, batch, start).then(lane.drain, (error: unknown) => {
      failed(lane, batch, error);
      lane.drain();
    });
  };

  /**
   * Takes the next batch off the lane's queue. The common case (cache warm, something to write, no
   * conflict) runs without an async function: decide, append, then answer and drain on from the
   * append's callback; everything else goes through {@link processBatch}.
   */
  const drain = (lane: Lane): void => {
    const queue = lane.queue;
    if (queue.length === 0) {
      lane.draining = false;
      evictIdleLanes();
      return;
    }
    let batch: Pending[];
    if (queue.length <= maxBatchSize) {
      batch = queue;
      lane.queue = [];
    } else {
      batch = queue.splice(0, maxBatchSize);
    }
    const cache = lane.cache;
    if (cache === undefined) {
      slowPath(lane, batch, { plan: null, attempts: 0, conflicted: false });
      return;
    }
    let plan: BatchPlan;
    try {
      plan = decideBatch(cache, batch, clock);
    } catch (error) {
      // Only a throwing clock gets here: answer as processBatch would, and go on with the queue.
      failed(lane, batch, error);
      drain(lane);
      return;
    }
    if (plan.events.length === 0) {
      slowPath(lane, batch, { plan, attempts: 0, conflicted: false });
      return;
    }
    lane.inFlight = { batch, cache, plan };
    append(lane, cache, plan).then(lane.appended, lane.appendFailed);
  };

  const appended = (lane: Lane, result: AppendResult): void => {
    const { batch, cache, plan } = lane.inFlight as InFlight;
    lane.inFlight = null;
    if (result.duplicate) {
      slowPath(lane, batch, { plan: null, attempts: 1, conflicted: true });
      return;
    }
    try {
      committed(lane, batch, cache, plan, result);
    } catch (error) {
      failed(lane, batch, error);
    }
    drain(lane);
  };

  const appendFailed = (lane: Lane, error: unknown): void => {
    const { batch } = lane.inFlight as InFlight;
    lane.inFlight = null;
    if (isVersionConflictError(error)) {
      slowPath(lane, batch, { plan: null, attempts: 1, conflicted: true });
      return;
    }
    failed(lane, batch, error);
    drain(lane);
  };

  const execute = (command: AuctionCommand): Promise<ExecuteResult> => {
    stats.commands++;
    const normalized = normalizeCommand(command);
    if (!('command' in normalized)) return Promise.resolve(normalized);
    const lane = laneOf(normalized.auctionId);
    const promise = new Promise<ExecuteResult>(capture);
    lane.queue.push({ normalized, resolve: capturedResolve, reject: capturedReject });
    if (!lane.draining) {
      lane.draining = true;
      // A microtask, so that the commands sent in the same turn go out in one batch. Node's
      // `queueMicrotask` wraps each callback in an async resource; a resolved promise does not.
      RESOLVED.then(lane.drain);
    }
    return promise;
  };

  const view = async (auctionId: string): Promise<PublicView | null> => {
    if (typeof auctionId !== 'string' || auctionId.length === 0) return null;
    const streamName = auctionStreamName(auctionId);
    const cache = lanes.get(auctionId)?.cache;
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

const eventsOf = (read: ReadStreamResult): AuctionEvent[] => read.events.map(toAuctionEvent);
