import { EventStoreError } from '@gavel/core';

/** The refusal of a call naming a processor that has not been registered (or was reset). */
export const notRegistered = (processor: string): EventStoreError =>
  new EventStoreError('INVALID_ARGUMENT', `processor '${processor}' is not registered`);

/**
 * Throws `INVALID_ARGUMENT` unless the processor is registered (`partitions`, its number of
 * partitions, is not null) and has partition `partition` (when given), as the in-memory store does.
 */
export const assertPartitionExists = (
  processor: string,
  partitions: number | null | undefined,
  partition?: number,
): void => {
  if (partitions == null) throw notRegistered(processor);
  if (partition !== undefined && partition >= partitions)
    throw new EventStoreError('INVALID_ARGUMENT', `partition ${partition} is out of range`);
};

/**
 * A processor statement that failed because the processor was reset while it ran (SQLSTATE `23503`,
 * its row gone from under a foreign key) is refused as not registered; any other error is left as is.
 */
export const refuseIfReset = (error: unknown, processor: string): unknown =>
  (error as { code?: unknown } | null)?.code === '23503'
    ? new EventStoreError('INVALID_ARGUMENT', `processor '${processor}' is not registered (it was reset)`, {
        cause: error,
      })
    : error;
