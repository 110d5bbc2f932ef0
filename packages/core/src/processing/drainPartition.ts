import type { RecordedEvent } from '../eventStore/eventStore';
import { retryDelay } from '../timing/retry';
import { sleep } from '../timing/sleep';
import { createCheckpointSaver } from './checkpointSaver';
import { causeText } from './processorError';
import type { PartitionStateWriter, ProcessorContext } from './processorOptions';
import { type PartitionRun, type ProcessorRuntime, wakeRoomWaiters } from './processorRuntime';
import { collectStateChanges, type StateChanges } from './stateChanges';

const noStateInTransactions: PartitionStateWriter = {
  set: () => {
    throw new TypeError('a transactional processor keeps its state in its own tables, not context.state');
  },
  delete: () => {
    throw new TypeError('a transactional processor keeps its state in its own tables, not context.state');
  },
};

/**
 * Handles one batch of a transactional processor: the handler and the checkpoint in one transaction.
 * True when saved, false when the store refused the checkpoint (the partition was taken by another
 * owner). Throws what the handler or the store threw.
 */
const handleInTransaction = async <T>(
  runtime: ProcessorRuntime<T>,
  run: PartitionRun,
  batch: readonly RecordedEvent[],
): Promise<boolean> => {
  const { checkpoints, name, handle } = runtime.options;
  const position = (batch[batch.length - 1] as RecordedEvent).globalPosition;
  const commit = { processor: name, partition: run.partition, token: run.token, position };
  const saved = await (checkpoints.transact as NonNullable<typeof checkpoints.transact>)(
    commit,
    async (transaction) => {
      const context: ProcessorContext<T> = {
        partition: run.partition,
        state: noStateInTransactions,
        transaction,
      };
      await handle(batch, context);
    },
  );
  if (saved && position > run.committed) run.committed = position;
  return saved;
};

/**
 * Handles one batch of a processor without transactions: resolves with the state changes its handler
 * made (the checkpoint is saved next, by the partition's saver). Throws what the handler threw.
 */
const handleAlone = async <T>(
  runtime: ProcessorRuntime<T>,
  run: PartitionRun,
  batch: readonly RecordedEvent[],
): Promise<StateChanges> => {
  const state = collectStateChanges();
  await runtime.options.handle(batch, { partition: run.partition, state, transaction: undefined });
  return state;
};

/** Resolves at the next turn of the event loop, after the pending I/O callbacks and promise jobs. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Waits while the lease may have lapsed, until a heartbeat renews it or finds it lost (or stop). */
const leaseHeld = async <T>(runtime: ProcessorRuntime<T>, run: PartitionRun): Promise<boolean> => {
  const { now, renewIntervalMs, scheduler } = runtime.options;
  while (!run.gone && !runtime.stopping.signal.aborted && now() >= run.validUntil)
    await sleep(Math.min(renewIntervalMs, 50), runtime.stopping.signal, scheduler);
  return !run.gone && !runtime.stopping.signal.aborted;
};

/** This process no longer owns the partition: it handles nothing more of it. */
export const dropRun = <T>(runtime: ProcessorRuntime<T>, run: PartitionRun): void => {
  if (run.gone) return;
  run.gone = true;
  run.queue.length = 0;
  wakeRoomWaiters(run);
  if (runtime.runs.get(run.partition) === run) runtime.runs.delete(run.partition);
  try {
    runtime.options.onRevoked?.(run.partition);
  } catch {
    // A throwing callback must not stop the processor.
  }
  runtime.notify();
};

/**
 * A partition's worker: handles its queue batch by batch, in order, each batch retried with backoff until
 * handled (never skipped), and saves the checkpoints: with the batch in one transaction for a
 * transactional processor; otherwise through a saver that commits while the next batches are handled
 * (see `createCheckpointSaver`, which goes on saving after the worker stops). It stops when the queue is empty, at `stop()`
 * (after the batch in hand), or when the partition is lost. Only one runs per partition at a time.
 */
export const drainPartition = async <T>(runtime: ProcessorRuntime<T>, run: PartitionRun): Promise<void> => {
  const { batchSize, retry, random, scheduler, transactional } = runtime.options;
  const signal = runtime.stopping.signal;
  const lost = (): void => {
    runtime.report({
      code: 'PARTITION_LOST',
      message: `partition ${run.partition} was taken by another owner; its batch was not checkpointed here`,
      partition: run.partition,
    });
    dropRun(runtime, run);
  };
  if (!transactional) run.saver ??= createCheckpointSaver(runtime, run, () => dropRun(runtime, run));
  const saver = run.saver;
  while (run.queue.length > 0 && !run.gone && !run.releasing && !signal.aborted) {
    // Events arrive one by one as the reader reads a page: a short batch waits one turn of the event loop
    // for the rest of the page, so that batches are full when the store has more to give.
    if (run.queue.length < batchSize) await nextTurn();
    if (!(await leaseHeld(runtime, run))) break;
    const batch = run.queue.slice(0, batchSize);
    let changes: StateChanges | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        if (saver === undefined) {
          if (!(await handleInTransaction(runtime, run, batch))) return lost();
        } else changes = await handleAlone(runtime, run, batch);
        break;
      } catch (error) {
        if (run.gone || signal.aborted) return;
        const retryInMs = retryDelay(attempt, retry, random);
        runtime.counters.retries++;
        runtime.report({
          code: 'HANDLER_FAILED',
          message: `handling a batch of ${batch.length} events of partition ${run.partition} failed (${causeText(error)}); handling it again in ${retryInMs} ms`,
          partition: run.partition,
          attempt,
          retryInMs,
          cause: error,
        });
        await sleep(retryInMs, signal, scheduler);
        if (!(await leaseHeld(runtime, run))) return;
      }
    }
    run.queue.splice(0, batch.length);
    if (runtime.readerCaughtUp) {
      const handledAt = Date.now();
      for (const event of batch) runtime.lag.record(handledAt - event.recordedAt);
    }
    const last = batch[batch.length - 1] as RecordedEvent;
    if (changes !== undefined) saver?.add(last.globalPosition, changes);
    runtime.counters.handled += batch.length;
    runtime.counters.batches++;
    runtime.lastError = undefined;
    wakeRoomWaiters(run);
    runtime.notify();
  }
};

/** Starts the partition's worker unless it runs already. */
export const kick = <T>(runtime: ProcessorRuntime<T>, run: PartitionRun): void => {
  if (run.working !== undefined || run.gone || run.releasing) return;
  run.working = drainPartition(runtime, run).finally(() => {
    run.working = undefined;
    // Events queued while the worker was finishing (a lost lease or a stop ends it for good).
    const more = run.queue.length > 0 && !run.gone && !run.releasing && !runtime.stopping.signal.aborted;
    if (more) kick(runtime, run);
    else runtime.notify();
  });
};
