import type { LagSummary } from '../timing/lagHistogram';
import type { ProcessorErrorCode } from './processorError';

/** What {@link Processor.stats} answers: a snapshot of one processor in this process. */
export interface ProcessorStats {
  /** The processor's name. */
  readonly name: string;
  /** This process's member id among the processes running the processor. */
  readonly owner: string;
  /** The partitions this process owns now, ascending. */
  readonly partitionsOwned: number[];
  /** Events handled (and checkpointed) since `start()`, redeliveries included. */
  readonly handled: number;
  /** Batches handled since `start()`. */
  readonly batches: number;
  /** Batches handled again after a failure. */
  readonly retries: number;
  /** True once the reader reached the store's end, with nothing of an owned partition waiting. */
  readonly caughtUp: boolean;
  /** The global position the reader has reached. */
  readonly position: bigint;
  /** Events read and not yet handled, over the owned partitions. */
  readonly pending: number;
  /**
   * How far behind the writes the handling runs: from each event's `recordedAt` (the store's clock) to
   * the end of its batch's handling (this process's clock), for the events handled once caught up.
   */
  readonly lag: LagSummary;
  /** The last failure, while it lasts (cleared by the next success of the same kind). */
  readonly lastError?: { readonly code: ProcessorErrorCode; readonly message: string; readonly at: number };
}
