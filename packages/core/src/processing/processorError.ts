/** What went wrong, for {@link ProcessorError}. */
export type ProcessorErrorCode =
  /** `handle` threw: the same batch is handled again after a backoff, never skipped. */
  | 'HANDLER_FAILED'
  /** Saving the checkpoint failed: it is tried again after a backoff (or the batch is handled again). */
  | 'CHECKPOINT_FAILED'
  /** The heartbeat, an acquisition or a release failed in the store: tried again at the next renewal. */
  | 'LEASE_FAILED'
  /** The store's subscription failed: the processor subscribes again from its last position. */
  | 'SUBSCRIPTION_FAILED'
  /** A partition was taken by another owner (this one's lease lapsed): this one stops handling it. */
  | 'PARTITION_LOST';

/** A failure a processor met and handled (by retrying), reported to `onError`: never thrown at the caller. */
export interface ProcessorError {
  readonly code: ProcessorErrorCode;
  /** A sentence for the log. */
  readonly message: string;
  /** The processor's name. */
  readonly processor: string;
  /** The partition concerned, when one is. */
  readonly partition?: number;
  /** How many times in a row this has failed (1 for the first). */
  readonly attempt?: number;
  /** When the processor tries again, in ms from now. */
  readonly retryInMs?: number;
  /** The error thrown by the handler or the store. */
  readonly cause?: unknown;
}

/** The default `onError`: one line on stderr, so that a failure is never silent. */
export const logProcessorError = (error: ProcessorError): void => {
  console.error(`[gavel processor ${error.processor}] ${error.code}: ${error.message}`);
};

/** A thrown value as text, for a message. */
export const causeText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
