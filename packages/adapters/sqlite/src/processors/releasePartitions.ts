import { EventStoreError, type ProcessorStore } from '@gavel/core';
import { partitionCountOf } from './findLease';
import type { ProcessorStatements } from './processorStatements';

/**
 * `processors.release`, inside a write transaction: frees those of the partitions the owner holds
 * (their tokens and checkpoints stay), and with `leave` ends its membership. Every partition is checked
 * before anything is written.
 */
export const releasePartitions = (
  statements: ProcessorStatements,
  { processor, owner, partitions, leave }: Parameters<ProcessorStore['release']>[0],
): void => {
  const count = partitionCountOf(statements, processor);
  const outside = partitions.find((partition) => partition >= count);
  if (outside !== undefined)
    throw new EventStoreError('INVALID_ARGUMENT', `partition ${outside} is out of range`);
  for (const partition of partitions) statements.freeLease.run(processor, partition, owner);
  if (leave === true) statements.removeMember.run(processor, owner);
};
