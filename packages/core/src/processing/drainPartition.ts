import { upcastRecordedEvent } from '../decoding/toAuctionEvent';
import type { RecordedEvent } from '../eventStore/eventStore';
import { isAuctionStream } from '../eventStore/streamName';
import { backoffDelay } from '../timing/backoff';
import { sleep } from '../timing/sleep';
import { causeText } from './processorError';
import type { PartitionStateWriter, ProcessorContext } from './processorOptions';
import { type PartitionRun, type ProcessorRuntime, wakeRoomWaiters } from './processorRuntime';
import type { PartitionStateChanges } from './processorStore';

/** A state writer that collects the changes of one batch. */
const collectChanges = (): PartitionStateWriter & { changes: () => PartitionStateChanges | undefined } => {
  const set = new Map<string, string>();
  const deleted = new Set<string>();
  return {
    set: (key, value) => {
      deleted.delete(key);
      set.set(key, value);
    },
    delete: (key) => {
      set.delete(key);
      deleted.add(key);
    },
    changes: () =>
      set.size === 0 && deleted.size === 0 ? undefined : { set: [...set], delete: [...deleted] },
  };
};

const noStateInTransactions: PartitionStateWriter = {
  set: () => {
    throw new TypeError('a transactional processor keeps its state in its own tables, not context.state');
  },
  delete: () => {
    throw new TypeError('a transactional processor keeps its state in its own tables, not context.state');
  },
};

/** The events as handlers get them: auction events brought to today's schema. */
const decoded = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.map((event) => (isAuctionStream(event.streamName) ? upcastRecordedEvent(event) : event));

/**
 * Handles one batch and saves its checkpoint: true when saved, false when the store refused the
 * checkpoint (the partition was taken by another owner). Throws what the handler or the store threw.
 */
const handleBatch = async <T>(
  runtime: ProcessorRuntime<T>,
  run: PartitionRun,
  batch: readonly RecordedEvent[],
): Promise<boolean> => {
  const { checkpoints, name, handle, transactional } = runtime.options;
  const position = (batch[batch.length - 1] as RecordedEvent).globalPosition;
  const commit = { processor: name, partition: run.partition, token: run.token, position };
  const events = decoded(batch);
  if (transactional) {
    return (checkpoints.transact as NonNullable<typeof checkpoints.transact>)(commit, async (transaction) => {
      const context: ProcessorContext<T> = {
        partition: run.partition,
        state: noStateInTransactions,
        transaction,
      };
      await handle(events, context);
    });
  }
  const state = collectChanges();
  await handle(events, { partition: run.partition, state, transaction: undefined });
  const changes = state.changes();
  try {
    return await checkpoints.commit(changes === undefined ? commit : { ...commit, changes });
  } catch (error) {
    throw new CheckpointFailure(error);
  }
};

/** The checkpoint could not be saved (the handler did its part). */
class CheckpointFailure {
  constructor(readonly cause: unknown) {}
}

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
 * handled and checkpointed (never skipped). It stops when the queue is empty, at `stop()` (after the
 * batch in hand), or when the partition is lost. Only one runs per partition at a time.
 */
export const drainPartition = async <T>(runtime: ProcessorRuntime<T>, run: PartitionRun): Promise<void> => {
  const { batchSize, retry, random, scheduler } = runtime.options;
  const signal = runtime.stopping.signal;
  while (run.queue.length > 0 && !run.gone && !signal.aborted) {
    if (!(await leaseHeld(runtime, run))) return;
    const batch = run.queue.slice(0, batchSize);
    for (let attempt = 1; ; attempt++) {
      try {
        const saved = await handleBatch(runtime, run, batch);
        if (!saved) {
          runtime.report({
            code: 'PARTITION_LOST',
            message: `partition ${run.partition} was taken by another owner; its batch was not checkpointed here`,
            partition: run.partition,
          });
          dropRun(runtime, run);
          return;
        }
        break;
      } catch (thrown) {
        if (run.gone || signal.aborted) return;
        const retryInMs = backoffDelay(attempt, retry, random);
        const checkpoint = thrown instanceof CheckpointFailure;
        const error = checkpoint ? thrown.cause : thrown;
        runtime.counters.retries++;
        runtime.report({
          code: checkpoint ? 'CHECKPOINT_FAILED' : 'HANDLER_FAILED',
          message: `${checkpoint ? 'saving the checkpoint of' : 'handling'} a batch of ${batch.length} events of partition ${run.partition} failed (${causeText(error)}); handling it again in ${retryInMs} ms`,
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
    const last = batch[batch.length - 1] as RecordedEvent;
    if (last.globalPosition > run.committed) run.committed = last.globalPosition;
    runtime.counters.handled += batch.length;
    runtime.counters.batches++;
    runtime.lastError = undefined;
    wakeRoomWaiters(run);
    runtime.notify();
  }
};

/** Starts the partition's worker unless it runs already. */
export const kick = <T>(runtime: ProcessorRuntime<T>, run: PartitionRun): void => {
  if (run.working !== undefined || run.gone) return;
  run.working = drainPartition(runtime, run).finally(() => {
    run.working = undefined;
    // Events queued while the worker was finishing.
    if (run.queue.length > 0 && !runtime.stopping.signal.aborted) kick(runtime, run);
    else runtime.notify();
  });
};
