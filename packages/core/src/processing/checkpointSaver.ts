import { retryDelay } from '../timing/retry';
import { sleep } from '../timing/sleep';
import { causeText } from './processorError';
import type { PartitionRun, ProcessorRuntime } from './processorRuntime';
import { collectStateChanges, type StateChanges } from './stateChanges';

/** The checkpoints of one partition's handled batches, saved one commit at a time. */
export interface CheckpointSaver {
  /** A batch was handled up to `position`, with these state changes: its checkpoint is to be saved. */
  add(position: bigint, changes: StateChanges): void;
  /** Resolves once every checkpoint added is saved: true, or false when the partition was lost. */
  settled(): Promise<boolean>;
  /** True when no checkpoint added is waiting or being saved. */
  idle(): boolean;
}

/**
 * Saves a partition's checkpoints without holding up its handler: while one commit is in flight, the
 * batches handled meanwhile are merged (the highest position, their state changes in order) into the
 * next commit. Each batch's checkpoint is thus saved after it was handled, as soon as the store can
 * take it, and a slow store costs fewer commits instead of stalling the handler. A commit that fails is
 * tried again with backoff (the batches stay handled and their checkpoint pending: at least once); one
 * the store refuses (fencing) drops the partition.
 */
export const createCheckpointSaver = <T>(
  runtime: ProcessorRuntime<T>,
  run: PartitionRun,
  onLost: () => void,
): CheckpointSaver => {
  const { checkpoints, name, retry, random, scheduler } = runtime.options;
  let pending: { position: bigint; changes: StateChanges } | undefined;
  let inFlight: Promise<void> | undefined;
  let lost = false;

  const save = async (position: bigint, changes: StateChanges): Promise<void> => {
    const stateChanges = changes.changes();
    const commit = { processor: name, partition: run.partition, token: run.token, position };
    for (let attempt = 1; !run.gone; attempt++) {
      try {
        const saved = await checkpoints.commit(
          stateChanges === undefined ? commit : { ...commit, changes: stateChanges },
        );
        if (saved) {
          if (position > run.committed) run.committed = position;
          return;
        }
        lost = true;
        runtime.report({
          code: 'PARTITION_LOST',
          message: `partition ${run.partition} was taken by another owner; its checkpoint was not saved here`,
          partition: run.partition,
        });
        onLost();
        return;
      } catch (error) {
        // At stop, one attempt only: what is not saved is handled again by the next owner.
        if (runtime.stopping.signal.aborted) return;
        const retryInMs = retryDelay(attempt, retry, random);
        runtime.report({
          code: 'CHECKPOINT_FAILED',
          message: `saving the checkpoint of partition ${run.partition} at ${position} failed (${causeText(error)}); trying again in ${retryInMs} ms`,
          partition: run.partition,
          attempt,
          retryInMs,
          cause: error,
        });
        await sleep(retryInMs, runtime.stopping.signal, scheduler);
      }
    }
  };

  const start = (): void => {
    const next = pending;
    if (next === undefined || lost) return;
    pending = undefined;
    inFlight = save(next.position, next.changes).finally(() => {
      inFlight = undefined;
      start();
    });
  };

  return {
    add: (position, changes) => {
      if (pending === undefined) pending = { position, changes: collectStateChanges() };
      if (position > pending.position) pending.position = position;
      pending.changes.merge(changes);
      if (inFlight === undefined) start();
    },
    idle: () => pending === undefined && inFlight === undefined,
    settled: async () => {
      while (inFlight !== undefined) await inFlight;
      return !lost;
    },
  };
};
