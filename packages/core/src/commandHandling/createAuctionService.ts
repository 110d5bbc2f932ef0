import type { AuctionCommand } from '../auction/commands';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { type PublicView, publicView } from '../auction/publicView';
import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import type { RecordedEvent } from '../eventStore/eventStore';
import { auctionStreamName } from '../eventStore/streamName';
import { type AuctionServiceOptions, resolveServiceOptions } from './auctionServiceOptions';
import { emptyBatchJob, startBatchJob } from './batchJob';
import { readEventsAfter } from './cacheLoading';
import { MAX_ID_LENGTH, textProblem } from './commandText';
import { emptyDeadlines, expireDue, watchDeadline } from './deadlines';
import type { ExecuteResult } from './executeResult';
import { createLaneTable, type Lane } from './lanes';
import { normalizeCommand } from './normalizeCommand';
import { type PendingCommand, unanswered } from './pendingCommand';
import { batchAppended, batchAppendFailed, processBatch } from './processBatch';
import { createPromiseCapture } from './promiseCapture';
import type { ServiceContext } from './serviceContext';
import { emptyServiceStats, type ServiceStats } from './serviceStats';

export type { AuctionServiceOptions } from './auctionServiceOptions';

/** Runs auction commands against an event store; see `docs/concurrency.md`. */
export interface AuctionService {
  /**
   * Decides a command and, when accepted, appends its events. Answers once the write is durable.
   * Anything that is not a well-formed command answers `INVALID_COMMAND`. The promise rejects only
   * with an `EventStoreError`: when the store fails, or with `TIMEOUT` once `timeoutMs` have passed
   * since the call, whatever it was waiting for. When its `mayHaveWritten` is true, the command may have
   * been recorded: retry with the same `bidId`, which is answered with the first outcome if it was.
   */
  execute(command: AuctionCommand): Promise<ExecuteResult>;
  /**
   * The auction's public view, up to date with the store; null when it does not exist (or `auctionId`
   * is not an id the service takes, see `docs/concurrency.md`).
   */
  view(auctionId: string): Promise<PublicView | null>;
  /** Counters of commands, writes, batch sizes and conflicts since the service was created. */
  stats(): ServiceStats;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Creates the command service. Each auction is one stream; each process keeps one queue per auction,
 * so commands for one auction never race inside a process. While a write is in flight, the commands
 * queued behind it are decided in order against the running state and written together in one append
 * with the expected version (group commit); a conflict means another instance wrote first: the service
 * reads the newer events and decides the batch again, with jittered backoff, up to `retry.maxAttempts`.
 * Each call has one deadline, `timeoutMs` after it: past it, it rejects with `TIMEOUT`.
 */
export const createAuctionService = (options: AuctionServiceOptions): AuctionService => {
  const ctx: ServiceContext = { ...resolveServiceOptions(options), stats: emptyServiceStats() };
  const { store, clock, maxBatchSize, timeoutMs, now } = ctx;
  const promises = createPromiseCapture<ExecuteResult>();

  /**
   * Takes the next batch of a lane (a part of a split batch first, else up to `maxBatchSize` queued
   * commands), less the commands already answered (past their deadline), through {@link processBatch},
   * which calls this again when it is done with it.
   */
  const drain = (lane: Lane): void => {
    for (;;) {
      let batch: readonly PendingCommand[] | undefined = lane.split.pop();
      if (batch === undefined) {
        const queue = lane.queue;
        if (queue.length === 0) {
          lane.draining = false;
          lanes.evictIdle();
          return;
        }
        if (queue.length <= maxBatchSize) {
          batch = queue;
          lane.queue = [];
        } else {
          batch = queue.splice(0, maxBatchSize);
        }
      }
      batch = unanswered(batch);
      if (batch.length > 0) {
        processBatch(ctx, lane, startBatchJob(lane.job, batch));
        return;
      }
    }
  };

  const createLane = (auctionId: string): Lane => {
    const lane: Lane = {
      auctionId,
      streamName: auctionStreamName(auctionId),
      queue: [],
      draining: false,
      cache: undefined,
      inFlight: null,
      job: emptyBatchJob(),
      split: [],
      deadlines: emptyDeadlines(),
      drain: () => drain(lane),
      appended: (result) => batchAppended(ctx, lane, result),
      appendFailed: (error) => batchAppendFailed(ctx, lane, error),
      expireDue: () => expireDue(ctx, lane),
    };
    return lane;
  };

  const lanes = createLaneTable(ctx.maxCachedAuctions, createLane, ctx.scheduler);

  const execute = (command: AuctionCommand): Promise<ExecuteResult> => {
    ctx.stats.commands++;
    const normalized = normalizeCommand(command);
    if (!('command' in normalized)) return Promise.resolve(normalized);
    const lane = lanes.laneOf(normalized.auctionId);
    const promise = new Promise<ExecuteResult>(promises.executor);
    const pending: PendingCommand = {
      normalized,
      resolve: promises.resolve,
      reject: promises.reject,
      deadline: now() + timeoutMs,
      answered: false,
    };
    lane.queue.push(pending);
    watchDeadline(ctx, lane, pending);
    if (!lane.draining) {
      lane.draining = true;
      // A microtask, so that the commands sent in the same turn go out in one batch. Node's
      // `queueMicrotask` wraps each callback in an async resource; a resolved promise does not.
      RESOLVED.then(lane.drain);
    }
    return promise;
  };

  const view = async (auctionId: string): Promise<PublicView | null> => {
    // No auction can have an id the service would refuse, so none is looked up.
    if (
      typeof auctionId !== 'string' ||
      auctionId.length === 0 ||
      textProblem(auctionId, MAX_ID_LENGTH) !== null
    )
      return null;
    const streamName = auctionStreamName(auctionId);
    const cache = lanes.peek(auctionId)?.cache;
    if (cache === undefined)
      return publicView(fold(eventsOf((await store.readStream(streamName)).events)), clock());
    const { state, version } = cache;
    const { events, fromStart } = await readEventsAfter(store, streamName, version);
    return publicView(fromStart ? fold(eventsOf(events)) : fold(eventsOf(events), state), clock());
  };

  return { execute, view, stats: () => ({ ...ctx.stats }) };
};

/** The events decoded, those the decoder cannot read left out (they would fold to nothing). */
const eventsOf = (events: readonly RecordedEvent[]): AuctionEvent[] => {
  const decoded: AuctionEvent[] = [];
  for (const event of events) {
    const auctionEvent = decodeAuctionEvent(event);
    if (auctionEvent !== null) decoded.push(auctionEvent);
  }
  return decoded;
};
