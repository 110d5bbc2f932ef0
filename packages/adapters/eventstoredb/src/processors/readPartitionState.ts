import { toLeaseRecord } from './leaseRecord';
import { checkCallAlive, type ProcessorCall } from './processorContext';
import type { StateEntry } from './processorPort';
import { generationStreams } from './processorStreams';
import { type ActiveRegistration, withRegistration } from './registration';
import { readStateChain } from './state/readStateChain';
import { unreadableState } from './state/unreadableState';

/**
 * `readState`: reads the partition's lease record (one event) and the state it points to (the last
 * snapshot and the changes since). If a newer snapshot truncated that chain meanwhile, reads the lease
 * record again.
 */
export const readPartitionState = async (
  call: ProcessorCall,
  request: { readonly processor: string; readonly partition: number },
): Promise<StateEntry[]> => {
  const { processor, partition } = request;
  return withRegistration(call, processor, [partition], (registration) =>
    readState(call, processor, partition, registration),
  );
};

const readState = async (
  call: ProcessorCall,
  processor: string,
  partition: number,
  registration: ActiveRegistration,
): Promise<StateEntry[]> => {
  const streams = generationStreams(processor, registration.generation);
  let brokenHead: bigint | undefined;
  for (;;) {
    checkCallAlive(call);
    const last = await call.withRetry(() => call.client.readLast(streams.lease(partition)));
    const lease = toLeaseRecord(
      last === 'stream-not-found' ? undefined : last,
      registration.initialCheckpoint,
    );
    if (lease.state === null) return [];
    const state = await readStateChain(call, streams.state(partition), lease.state);
    if (state !== 'broken') return [...state];
    if (brokenHead === lease.state.head) throw unreadableState(streams.state(partition));
    brokenHead = lease.state.head;
  }
};
