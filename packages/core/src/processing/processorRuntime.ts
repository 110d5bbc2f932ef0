import type { RecordedEvent } from '../eventStore/eventStore';
import type { LagHistogram } from '../timing/lagHistogram';
import type { CheckpointSaver } from './checkpointSaver';
import type { ProcessorErrorCode } from './processorError';
import type { NormalizedProcessorOptions } from './processorOptions';

/** One partition this process owns: its lease, its queue of events, its worker. */
export interface PartitionRun {
  readonly partition: number;
  /** The fencing token this process holds it under. */
  readonly token: number;
  /** The position of the last event queued for it: the reader skips events at or below it. */
  queuedUpTo: bigint;
  /** The checkpoint saved in the store. */
  committed: bigint;
  /** Events read and not yet handled, in global order. */
  readonly queue: RecordedEvent[];
  /** The worker handling the queue, while it runs. */
  working: Promise<void> | undefined;
  /** Taken by another owner, or released: handle nothing more. */
  gone: boolean;
  /** Being given up: the batch in hand is finished and its checkpoint saved, nothing more is taken. */
  releasing: boolean;
  /**
   * Taken behind the reader: until the reader starts again from its checkpoint, nothing is queued for it
   * (the reader running on would otherwise queue later events and skip those in between) and its
   * checkpoint does not move.
   */
  rewinding: boolean;
  /** Until when (monotonic ms) the lease is certainly still ours. */
  validUntil: number;
  /** Resolved when the queue shrinks (the reader waits on it when the queue is full). */
  readonly roomWaiters: (() => void)[];
  /** Saves the checkpoints of handled batches, while the next ones are handled (not transactional). */
  saver: CheckpointSaver | undefined;
}

/** State that the parts of one processor share. */
export interface ProcessorRuntime<TTransaction> {
  readonly options: NormalizedProcessorOptions<TTransaction>;
  /** This process's member id. */
  readonly owner: string;
  /** The partitions owned, by number. */
  readonly runs: Map<number, PartitionRun>;
  /** Aborted by `stop()`. */
  readonly stopping: AbortController;
  /** The reader's position: every event at or below it has been queued (or skipped). */
  readerPosition: bigint;
  /** True once the current reader delivered `caught-up`. */
  readerCaughtUp: boolean;
  /** How many partitions this process should own, as of the last renewal. */
  target: number;
  /** A partition behind the reader was taken: the reader starts again once the renewal is done. */
  readerRestartDue: boolean;
  /** Asks the reader to start again from the lowest position of the owned partitions. */
  restartReader: () => void;
  /** Wakes what waits for a change of ownership or progress (start, an idle reader). */
  notify: () => void;
  counters: { handled: number; batches: number; retries: number };
  /** From each event's `recordedAt` to its batch handled, for the batches handled once caught up. */
  readonly lag: LagHistogram;
  lastError: { code: ProcessorErrorCode; message: string; at: number } | undefined;
  /** Reports a handled failure to `onError` (never throws) and keeps it as the last error. */
  report: (error: {
    code: ProcessorErrorCode;
    message: string;
    partition?: number;
    attempt?: number;
    retryInMs?: number;
    cause?: unknown;
  }) => void;
}

/** The most events queued for one partition before the reader waits: a few batches. */
export const queueLimit = (batchSize: number): number => Math.max(batchSize * 4, 64);

/** Wakes the reader's waits on a run (its queue shrank, or it is gone). */
export const wakeRoomWaiters = (run: PartitionRun): void => {
  for (const wake of run.roomWaiters.splice(0)) wake();
};
