import { EventStoreError, type ProcessorStore } from '@gavel/core';
import type { ProcessorStatements } from './processorStatements';

/**
 * `processors.register`, inside a write transaction: creates the processor and its partitions (free,
 * token 0, at `initialCheckpoint`) unless it exists; `INVALID_ARGUMENT`, before any write, when it
 * exists with another number of partitions.
 */
export const registerProcessor = (
  statements: ProcessorStatements,
  { processor, partitions, initialCheckpoint }: Parameters<ProcessorStore['register']>[0],
  now: number,
): void => {
  const row = statements.partitionCount.get(processor) as [bigint] | undefined;
  if (row !== undefined) {
    const existing = Number(row[0]);
    if (existing !== partitions)
      throw new EventStoreError(
        'INVALID_ARGUMENT',
        `processor '${processor}' has ${existing} partitions, not ${partitions}: reset it to change them`,
      );
    return;
  }
  statements.insertProcessor.run(processor, partitions, now);
  statements.insertPartitions.run(processor, initialCheckpoint, partitions);
};
