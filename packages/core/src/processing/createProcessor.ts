import { isEventStoreError, isTransientEventStoreError } from '../eventStore/eventStoreError';
import { createLagHistogram } from '../timing/lagHistogram';
import { retryDelay } from '../timing/retry';
import { sleep } from '../timing/sleep';
import { releaseRuns, renewLeases } from './keepLeases';
import { causeText } from './processorError';
import { normalizeProcessorOptions, type ProcessorOptions } from './processorOptions';
import { type ProcessorRuntime, wakeRoomWaiters } from './processorRuntime';
import type { ProcessorStats } from './processorStats';
import { readPartitions } from './readPartitions';

/** A running consumer of the store: see {@link createProcessor}. */
export interface Processor {
  /**
   * Registers the processor, takes this process's share of the partitions and resolves once they have
   * handled what was in the store (a process whose share is none resolves at once). A store that
   * fails for a while does not reject it: it retries; it rejects only for a processor that cannot run
   * (`INVALID_ARGUMENT`, e.g. another number of partitions than the store keeps for its name).
   */
  start(): Promise<void>;
  /** Finishes the batches in hand, saves their checkpoints, releases the leases (at once, for the other processes). */
  stop(): Promise<void>;
  /** Partitions owned, events handled, position, last error. */
  stats(): ProcessorStats;
}

/**
 * Creates a processor: a durable, partitioned, checkpointed consumer of the store's events, the one
 * way anything follows the store (the closer, read models, notifications and relays stand on it).
 *
 * - **Checkpointed:** each partition's checkpoint (the global position of its last handled event) lives
 *   in the store's database under `name`; a restart resumes after it.
 * - **At least once, never skipped, in order:** a batch is checkpointed only after `handle` resolves and
 *   retried (with backoff) until it does; each stream's events come in stream order, in global order
 *   within a partition. After a crash, the events after the last checkpoint come again.
 * - **Partitioned:** a stream belongs to partition `partitionOf(streamName, partitions)`. Each partition
 *   has one owner at a time across every process running `name`: a lease renewed every
 *   `renewIntervalMs`, with a fencing token that makes a stale owner's checkpoint fail. The live
 *   processes share the partitions evenly; a stopped one releases its share at once, a dead one's is
 *   taken over within `leaseMs` and one renewal.
 *
 * @example
 * const processor = createProcessor({
 *   store,
 *   name: 'sold-auctions',
 *   category: 'auction',
 *   partitions: 8,
 *   handle: async (events) => {
 *     for (const event of events) if (event.type === 'AuctionClosed') await requestPayment(event);
 *   },
 * });
 * await processor.start();
 * process.on('SIGTERM', () => processor.stop());
 */
export const createProcessor = <TTransaction = never, TCategory extends string | undefined = undefined>(
  processorOptions: ProcessorOptions<TTransaction, TCategory>,
): Processor => {
  const options = normalizeProcessorOptions(processorOptions);
  const { checkpoints, name, scheduler, renewIntervalMs, retry, random } = options;
  const changeWaiters: (() => void)[] = [];
  const runtime: ProcessorRuntime<TTransaction> = {
    options,
    owner: options.owner,
    runs: new Map(),
    stopping: new AbortController(),
    readerPosition: 0n,
    readerCaughtUp: false,
    target: 0,
    readerRestartDue: false,
    restartReader: () => {},
    notify: () => {
      for (const wake of changeWaiters.splice(0)) wake();
    },
    counters: { handled: 0, batches: 0, retries: 0 },
    lag: createLagHistogram(),
    lastError: undefined,
    report: (error) => {
      runtime.lastError = { code: error.code, message: error.message, at: Date.now() };
      try {
        options.onError({ ...error, processor: name });
      } catch {
        // A throwing logger must not stop the processor.
      }
    },
  };
  const signal = runtime.stopping.signal;
  const waitForChange = (resolve: () => void): void => {
    if (signal.aborted) resolve();
    else changeWaiters.push(resolve);
  };
  signal.addEventListener('abort', () => runtime.notify());

  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  let renewing: Promise<void> = Promise.resolve();
  let reading: Promise<void> = Promise.resolve();
  let renewedOnce = false;

  const idle = (): boolean =>
    [...runtime.runs.values()].every((run) => run.queue.length === 0 && run.working === undefined);
  const caughtUp = (): boolean =>
    renewedOnce && (runtime.runs.size === 0 ? runtime.target === 0 : runtime.readerCaughtUp && idle());

  /** Registers the processor, retrying while the store is unavailable. */
  const register = async (): Promise<void> => {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        const initialCheckpoint = options.from === 'end' ? await checkpoints.headPosition() : 0n;
        await checkpoints.register({ processor: name, partitions: options.partitions, initialCheckpoint });
        return;
      } catch (error) {
        if (isEventStoreError(error) && !isTransientEventStoreError(error)) throw error;
        const retryInMs = retryDelay(attempt, retry, random);
        runtime.report({
          code: 'LEASE_FAILED',
          message: `registering the processor failed (${causeText(error)}); trying again in ${retryInMs} ms`,
          attempt,
          retryInMs,
          cause: error,
        });
        await sleep(retryInMs, signal, scheduler);
      }
    }
  };

  const renewLoop = async (): Promise<void> => {
    while (!signal.aborted) {
      await renewLeases(runtime);
      renewedOnce = true;
      runtime.notify();
      await sleep(renewIntervalMs, signal, scheduler);
    }
  };

  const start = (): Promise<void> => {
    if (started !== undefined) return started;
    started = (async () => {
      await register();
      renewing = renewLoop();
      reading = readPartitions(runtime, waitForChange).catch((error: unknown) => {
        runtime.report({
          code: 'SUBSCRIPTION_FAILED',
          message: `the reader stopped: ${causeText(error)}`,
          cause: error,
        });
      });
      while (!signal.aborted && !caughtUp()) await new Promise<void>(waitForChange);
    })();
    return started;
  };

  const stop = (): Promise<void> => {
    if (stopped !== undefined) return stopped;
    runtime.stopping.abort();
    for (const run of runtime.runs.values()) wakeRoomWaiters(run);
    stopped = (async () => {
      await Promise.all([renewing, reading, started?.catch(() => {})]);
      const runs = [...runtime.runs.values()];
      try {
        await releaseRuns(runtime, runs);
        await checkpoints.release({ processor: name, owner: runtime.owner, partitions: [], leave: true });
      } catch (error) {
        runtime.report({
          code: 'LEASE_FAILED',
          message: `releasing the leases failed (${causeText(error)}); they lapse by themselves`,
          cause: error,
        });
      }
    })();
    return stopped;
  };

  const stats = (): ProcessorStats => {
    let pending = 0;
    for (const run of runtime.runs.values()) pending += run.queue.length;
    return {
      name,
      owner: runtime.owner,
      partitionsOwned: [...runtime.runs.keys()].sort((a, b) => a - b),
      handled: runtime.counters.handled,
      batches: runtime.counters.batches,
      retries: runtime.counters.retries,
      caughtUp: caughtUp(),
      position: runtime.readerPosition,
      pending,
      lag: runtime.lag.summary(),
      ...(runtime.lastError === undefined ? {} : { lastError: runtime.lastError }),
    };
  };

  return { start, stop, stats };
};
