import { releasedLease } from './leaseDecisions';
import { LEASE_MAX_COUNT, leaseEvent, toLeaseRecord } from './leaseRecord';
import { CONCURRENT_REQUESTS, mapLimited } from './mapLimited';
import { leaveMembers } from './members';
import type { ProcessorCall } from './processorContext';
import { generationStreams } from './processorStreams';
import { type ActiveRegistration, withRegistration } from './registration';
import { updateLastEvent } from './updateLastEvent';

/**
 * `release`: frees those of `partitions` that `owner` holds (one compare-and-set each; checkpoints
 * kept), then with `leave` ends its membership.
 */
export const releaseLeases = async (
  call: ProcessorCall,
  request: {
    readonly processor: string;
    readonly owner: string;
    readonly partitions: readonly number[];
    readonly leave?: boolean;
  },
): Promise<void> => {
  await withRegistration(call, request.processor, request.partitions, (registration) =>
    release(call, request, registration),
  );
};

const release = async (
  call: ProcessorCall,
  request: Parameters<typeof releaseLeases>[1],
  registration: ActiveRegistration,
): Promise<void> => {
  const { processor, owner, partitions, leave } = request;
  const streams = generationStreams(processor, registration.generation);
  await mapLimited([...new Set(partitions)], CONCURRENT_REQUESTS, (partition) =>
    updateLastEvent(
      call,
      streams.lease(partition),
      (last) => {
        const freed = releasedLease(toLeaseRecord(last, registration.initialCheckpoint), owner);
        return freed === undefined
          ? { result: undefined }
          : { result: undefined, write: leaseEvent('LeaseReleased', freed) };
      },
      { maxCount: LEASE_MAX_COUNT },
    ),
  );
  if (leave === true) await leaveMembers(call, streams.members, owner);
};
