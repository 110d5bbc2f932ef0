import type { ProcessorHeartbeat, ProcessorStore } from '@gavel/core';
import { partitionCountOf, toPartitionLease } from './findLease';
import type { ProcessorStatements } from './processorStatements';

/**
 * `processors.heartbeat`, inside a write transaction at `now` (the lease clock): renews the owner's
 * membership and its live leases (a lapsed one stays lapsed), forgets members whose time is over, and
 * answers the live members (sorted as JavaScript sorts strings) and every lease.
 */
export const heartbeatProcessor = (
  statements: ProcessorStatements,
  { processor, owner, leaseMs }: Parameters<ProcessorStore['heartbeat']>[0],
  now: number,
): ProcessorHeartbeat => {
  partitionCountOf(statements, processor);
  const until = now + leaseMs;
  statements.upsertMember.run(processor, owner, until);
  statements.dropExpiredMembers.run(processor, now);
  statements.renewLeases.run(until, processor, owner, now);
  const members = statements.liveMembers
    .all(processor, now)
    .map((row) => row[0] as string)
    .sort();
  return { now, members, leases: statements.leases.all(processor).map(toPartitionLease) };
};
