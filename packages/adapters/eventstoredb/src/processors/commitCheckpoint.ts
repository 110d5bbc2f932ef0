import { committedLease } from './leaseDecisions';
import { LEASE_MAX_COUNT, leaseEvent, toLeaseRecord } from './leaseRecord';
import type { ProcessorCall } from './processorContext';
import type { CheckpointCommit } from './processorPort';
import { generationStreams } from './processorStreams';
import { type ActiveRegistration, withRegistration } from './registration';
import { unreadableState } from './state/unreadableState';
import { type StateWrite, writeStateChanges } from './state/writeStateChanges';
import { updateLastEvent } from './updateLastEvent';

/**
 * `commit`: moves the checkpoint (never back) and applies the state changes in one write, unless the
 * partition has been taken since `token` (fencing: false, nothing counts).
 *
 * The changes go to the partition's state stream first (a record linked to the state the lease record
 * points to); then one compare-and-set on the lease stream writes the checkpoint and the pointer to that
 * record together: the state counts only once the lease record points to it, so checkpoint and state
 * move as one. When the compare-and-set meets another write (the owner's own heartbeat renewing the
 * lease, say), it reads again: under the same token it writes again (the state record is reused while
 * the state it applies to is unchanged); under another token it answers false.
 */
export const commitCheckpoint = (call: ProcessorCall, request: CheckpointCommit): Promise<boolean> =>
  withRegistration(call, request.processor, [request.partition], (registration) =>
    commit(call, request, registration),
  );

const commit = async (
  call: ProcessorCall,
  request: CheckpointCommit,
  registration: ActiveRegistration,
): Promise<boolean> => {
  const { processor, partition, token, position, changes } = request;
  const streams = generationStreams(processor, registration.generation);
  const stateStream = streams.state(partition);
  let written: { readonly base: bigint | null; readonly write: StateWrite } | undefined;
  let brokenBase: bigint | null | undefined;

  const committed = await updateLastEvent(
    call,
    streams.lease(partition),
    async (last) => {
      const lease = toLeaseRecord(last, registration.initialCheckpoint);
      const next = committedLease(lease, token, position);
      if (next === 'fenced') return { result: false };
      const base = lease.state?.head ?? null;
      if (changes !== undefined && written?.base !== base) {
        const write = await writeStateChanges(call, stateStream, lease.state, changes);
        if (write === 'broken') {
          // The state moved on meanwhile (a newer snapshot truncated it): read the lease record again.
          if (brokenBase === base) throw unreadableState(stateStream);
          brokenBase = base;
          return 'again';
        }
        written = { base, write };
      }
      const state = written === undefined ? lease.state : written.write.pointer;
      if (next.checkpoint === lease.checkpoint && state === lease.state) return { result: true };
      return { result: true, write: leaseEvent('CheckpointCommitted', { ...next, state }) };
    },
    { maxCount: LEASE_MAX_COUNT },
  );

  const truncateBefore = written?.write.truncateBefore;
  if (committed && truncateBefore !== undefined && !call.deadline.aborted) {
    // The snapshot counts now: what came before it may go. Best effort: if this fails, the next
    // snapshot truncates past it anyway, and reads never walk below a snapshot.
    await call
      .withRetry(() => call.client.setStreamMetadata(stateStream, { truncateBefore: Number(truncateBefore) }))
      .catch(() => undefined);
  }
  return committed;
};
