import { acquiredLease } from './leaseDecisions';
import { LEASE_MAX_COUNT, leaseEvent, toLeaseRecord, toPartitionLease } from './leaseRecord';
import type { ProcessorCall } from './processorContext';
import type { PartitionLease } from './processorPort';
import { generationStreams } from './processorStreams';
import { withRegistration } from './registration';
import { updateLastEvent } from './updateLastEvent';

/**
 * `acquire`: takes the partition (new token) if free or expired, renews it if `owner` holds it, or
 * answers null when another owner holds it live: one compare-and-set on the partition's lease stream.
 * Of owners racing for a free partition, the one whose append lands first wins; the others read its
 * lease and answer null.
 */
export const acquireLease = async (
  call: ProcessorCall,
  request: {
    readonly processor: string;
    readonly owner: string;
    readonly partition: number;
    readonly leaseMs: number;
  },
): Promise<PartitionLease | null> => {
  const { processor, owner, partition, leaseMs } = request;
  const taken = await withRegistration(call, processor, [partition], (registration) =>
    updateLastEvent(
      call,
      generationStreams(processor, registration.generation).lease(partition),
      (last) => {
        const lease = toLeaseRecord(last, registration.initialCheckpoint);
        const next = acquiredLease(lease, owner, call.clock(), leaseMs);
        return next === null ? { result: null } : { result: next, write: leaseEvent('LeaseAcquired', next) };
      },
      { maxCount: LEASE_MAX_COUNT },
    ),
  );
  return taken === null ? null : toPartitionLease(partition, taken);
};
