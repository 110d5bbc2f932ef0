import type { ProcessorStore } from '@gavel/core';
import { assertPartition } from './findLease';
import type { ProcessorStatements } from './processorStatements';

/** `processors.readState`: every key and value of a partition's state, in no particular order. */
export const readPartitionState = (
  statements: ProcessorStatements,
  { processor, partition }: Parameters<ProcessorStore['readState']>[0],
): (readonly [key: string, value: string])[] => {
  assertPartition(statements, processor, partition);
  return statements.state
    .all(processor, partition)
    .map((row) => [row[0] as string, row[1] as string] as const);
};
