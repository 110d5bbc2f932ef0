import { EventStoreError, type PartitionLease } from '@gavel/core';
import type { ProcessorStatements } from './processorStatements';

type LeaseRow = readonly [
  partition: bigint,
  owner: string | null,
  expiresAt: bigint,
  token: bigint,
  checkpoint: bigint,
];

/** A row of `gavel_processor_partitions` (its lease columns) as core's {@link PartitionLease}. */
export const toPartitionLease = (row: readonly unknown[]): PartitionLease => {
  const [partition, owner, expiresAt, token, checkpoint] = row as LeaseRow;
  return {
    partition: Number(partition),
    owner,
    expiresAt: Number(expiresAt),
    token: Number(token),
    checkpoint,
  };
};

/** The number of partitions of a processor; `INVALID_ARGUMENT` when it is not registered. */
export const partitionCountOf = (statements: ProcessorStatements, processor: string): number => {
  const row = statements.partitionCount.get(processor) as [bigint] | undefined;
  if (row === undefined)
    throw new EventStoreError('INVALID_ARGUMENT', `processor '${processor}' is not registered`);
  return Number(row[0]);
};

/** Throws `INVALID_ARGUMENT` unless `partition` is one of the processor's (it is registered). */
export const assertPartition = (
  statements: ProcessorStatements,
  processor: string,
  partition: number,
): void => {
  if (partition >= partitionCountOf(statements, processor))
    throw new EventStoreError('INVALID_ARGUMENT', `partition ${partition} is out of range`);
};

/** A partition's lease; `INVALID_ARGUMENT` when the processor is not registered or has no such partition. */
export const findLease = (
  statements: ProcessorStatements,
  processor: string,
  partition: number,
): PartitionLease => {
  const row = statements.lease.get(processor, partition);
  if (row !== undefined) return toPartitionLease(row);
  assertPartition(statements, processor, partition);
  // Registration writes every partition in one transaction: a partition in range is never missing.
  throw new EventStoreError(
    'UNAVAILABLE',
    `the database has no row for partition ${partition} of '${processor}'`,
  );
};
