import type { CloserCheckpoint, CloserCheckpointStore } from './closerCheckpoint';
import type { AuctionCloserError } from './closerError';
import type { ScheduledHandle, Scheduler } from './scheduler';

/** A closer's use of its checkpoint store: load once, save every interval and at the end. */
export interface CloserCheckpointing {
  /** The saved checkpoint; undefined when there is none, no store, or loading failed (reported). */
  load(): Promise<CloserCheckpoint | undefined>;
  /** Saves `take()` every interval from now on (a no-op without a store). */
  startSaving(take: () => CloserCheckpoint): void;
  /** Stops the interval and saves once more, if the position moved since the last save. */
  finish(): Promise<void>;
}

/** Creates the checkpointing of a closer; a failed save is reported and tried again at the next interval. */
export const createCloserCheckpointing = (
  target: CloserCheckpointStore | undefined,
  intervalMs: number,
  scheduler: Scheduler,
  report: (error: AuctionCloserError) => void,
): CloserCheckpointing => {
  let savedPosition: bigint | undefined;
  let take: (() => CloserCheckpoint) | undefined;
  let handle: ScheduledHandle | undefined;
  let finished = false;

  const save = async (): Promise<void> => {
    if (target === undefined || take === undefined) return;
    const checkpoint = take();
    if (checkpoint.position === savedPosition) return;
    try {
      await target.save(checkpoint);
      savedPosition = checkpoint.position;
    } catch (error) {
      report({
        code: 'CHECKPOINT_FAILED',
        message: `saving the checkpoint failed: ${String(error)}`,
        attempt: 1,
        cause: error,
      });
    }
  };

  const schedule = (): void => {
    if (finished) return;
    handle = scheduler.setTimeout(() => {
      handle = undefined;
      void save().then(schedule);
    }, intervalMs);
  };

  return {
    load: async () => {
      if (target === undefined) return undefined;
      try {
        const checkpoint = await target.load();
        savedPosition = checkpoint?.position;
        return checkpoint;
      } catch (error) {
        report({
          code: 'CHECKPOINT_FAILED',
          message: `loading the checkpoint failed (${String(error)}): reading the whole history instead`,
          attempt: 1,
          cause: error,
        });
        return undefined;
      }
    },
    startSaving: (snapshot) => {
      if (target === undefined || take !== undefined) return;
      take = snapshot;
      schedule();
    },
    finish: async () => {
      finished = true;
      if (handle !== undefined) scheduler.clearTimeout(handle);
      handle = undefined;
      await save();
    },
  };
};
