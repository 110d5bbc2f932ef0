import type { PartitionLease, ProcessorStore } from '@gavel/core';
import { findLease } from './findLease';
import type { ProcessorStatements } from './processorStatements';

/**
 * `processors.acquire`, inside a write transaction at `now` (the lease clock), so that one owner at most
 * takes a partition across every process on the file: null while another owner's lease is live;
 * otherwise the owner holds it for `leaseMs`, under the same token if its own lease was still live, or
 * under the next token.
 */
export const acquirePartition = (
  statements: ProcessorStatements,
  { processor, owner, partition, leaseMs }: Parameters<ProcessorStore['acquire']>[0],
  now: number,
): PartitionLease | null => {
  const lease = findLease(statements, processor, partition);
  const live = lease.owner !== null && lease.expiresAt > now;
  if (live && lease.owner !== owner) return null;
  const taken: PartitionLease = {
    ...lease,
    owner,
    expiresAt: now + leaseMs,
    token: live ? lease.token : lease.token + 1,
  };
  statements.takeLease.run(owner, taken.expiresAt, taken.token, processor, partition);
  return taken;
};
