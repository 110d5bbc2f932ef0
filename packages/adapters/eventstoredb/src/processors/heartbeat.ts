import { renewedLease } from './leaseDecisions';
import { LEASE_MAX_COUNT, leaseEvent, toLeaseRecord, toPartitionLease } from './leaseRecord';
import { CONCURRENT_REQUESTS, mapLimited, range } from './mapLimited';
import { beatMembers } from './members';
import type { ProcessorCall } from './processorContext';
import type { ProcessorHeartbeat } from './processorPort';
import { generationStreams } from './processorStreams';
import { type ActiveRegistration, withRegistration } from './registration';
import { updateLastEvent } from './updateLastEvent';

/**
 * `heartbeat`: renews `owner`'s membership (the members stream) and each lease it holds live (one
 * compare-and-set per such partition), reading every partition's last event; answers the live members,
 * every partition and the clock. Costs 1 + partitions reads and 1 + (leases held) writes.
 */
export const heartbeat = async (
  call: ProcessorCall,
  request: { readonly processor: string; readonly owner: string; readonly leaseMs: number },
): Promise<ProcessorHeartbeat> => {
  const { processor, owner, leaseMs } = request;
  return withRegistration(call, processor, [], (registration) =>
    beat(call, processor, owner, leaseMs, registration),
  );
};

const beat = async (
  call: ProcessorCall,
  processor: string,
  owner: string,
  leaseMs: number,
  registration: ActiveRegistration,
): Promise<ProcessorHeartbeat> => {
  const streams = generationStreams(processor, registration.generation);
  const [members, leases] = await Promise.all([
    beatMembers(call, streams.members, owner, leaseMs),
    mapLimited(range(registration.partitions), CONCURRENT_REQUESTS, (partition) =>
      updateLastEvent(
        call,
        streams.lease(partition),
        (last) => {
          const lease = toLeaseRecord(last, registration.initialCheckpoint);
          const renewed = renewedLease(lease, owner, call.clock(), leaseMs);
          return renewed === undefined
            ? { result: lease }
            : { result: renewed, write: leaseEvent('LeaseRenewed', renewed) };
        },
        { maxCount: LEASE_MAX_COUNT },
      ),
    ),
  ]);
  return {
    now: call.clock(),
    members,
    leases: leases.map((lease, partition) => toPartitionLease(partition, lease)),
  };
};
