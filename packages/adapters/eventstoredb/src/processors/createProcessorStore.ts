import { EventStoreError } from '@gavel/core';
import { withDeadline } from '../failures/withDeadline';
import { acquireLease } from './acquireLease';
import { commitCheckpoint } from './commitCheckpoint';
import { heartbeat } from './heartbeat';
import type { ProcessorCall, ProcessorStoreContext } from './processorContext';
import { assertCheckpointCommit, assertProcessorRequest, type ProcessorStore } from './processorPort';
import { readPartitionState } from './readPartitionState';
import { registerProcessor } from './registerProcessor';
import { releaseLeases } from './releaseLeases';
import { resetProcessor } from './resetProcessor';

/** What {@link createProcessorStore} needs: the event store's client, clock, retry policy and deadline. */
export interface ProcessorStoreOptions extends Omit<ProcessorStoreContext, 'lastSeen' | 'registrations'> {
  /** The longest a call waits, its retries and compare-and-set rounds included (ms). */
  readonly timeoutMs: number;
}

/**
 * The processor store of the EventStoreDB event store (`store.processors`), in EventStoreDB's own
 * streams (`gavel.processor-<name>…`, never delivered by `subscribe`): per processor a registry stream
 * and a members stream, per partition a lease stream (its last event: owner, expiry, fencing token,
 * checkpoint, state pointer) and a state stream (changes and snapshots). Every write is a
 * compare-and-set on a stream's expected revision; leases run on this process's clock. No `transact`:
 * EventStoreDB has no transactions across streams. Every failure is an `EventStoreError`, every call
 * bounded by `timeoutMs`.
 */
export const createProcessorStore = (options: ProcessorStoreOptions): ProcessorStore<never> => {
  const { timeoutMs, ...shared } = options;
  const context: ProcessorStoreContext = { ...shared, lastSeen: new Map(), registrations: new Map() };

  /** Checks the store is open and the request well-formed, then runs `work` within the deadline. */
  const run = async <R, T>(
    what: string,
    writes: boolean,
    request: R,
    check: (request: R) => void,
    work: (call: ProcessorCall, request: R) => Promise<T>,
  ): Promise<T> => {
    context.ensureOpen();
    if (typeof request !== 'object' || request === null)
      throw new EventStoreError('INVALID_ARGUMENT', 'the request must be an object');
    check(request);
    return withDeadline(timeoutMs, `processor ${what}`, writes, (deadline) =>
      work({ ...context, deadline }, request),
    );
  };

  return {
    register: (request) => run('register', true, request, assertProcessorRequest, registerProcessor),
    heartbeat: (request) => run('heartbeat', true, request, assertProcessorRequest, heartbeat),
    acquire: (request) => run('acquire', true, request, assertProcessorRequest, acquireLease),
    commit: (request) => run('commit', true, request, assertCheckpointCommit, commitCheckpoint),
    release: (request) => run('release', true, request, assertProcessorRequest, releaseLeases),
    readState: (request) => run('readState', false, request, assertProcessorRequest, readPartitionState),
    reset: (processor) =>
      run('reset', true, { processor }, assertProcessorRequest, (call) => resetProcessor(call, processor)),
    headPosition: () =>
      run(
        'headPosition',
        false,
        {},
        () => undefined,
        async (call) => {
          const head = await call.withRetry(() => call.client.readAllHead());
          return head ?? 0n;
        },
      ),
  };
};
