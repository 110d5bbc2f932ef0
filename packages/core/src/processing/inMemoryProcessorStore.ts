import { EventStoreError } from '../eventStore/eventStoreError';
import { assertCheckpointCommit, assertProcessorRequest } from './processorArguments';
import type { CheckpointCommit, PartitionLease, ProcessorStore } from './processorStore';

/** What the in-memory processor store needs from its event store. */
export interface InMemoryProcessorStoreOptions {
  /** The lease clock (epoch ms). Default `Date.now`. */
  readonly clock?: () => number;
  /** The global position of the store's last event. */
  readonly headPosition: () => bigint;
  /** Throws `STORE_CLOSED` once the store is closed. */
  readonly ensureOpen: () => void;
}

interface Processor {
  readonly leases: PartitionLease[];
  /** owner → until when it is a member. */
  readonly members: Map<string, number>;
  /** One state per partition. */
  readonly states: Map<string, string>[];
}

/**
 * The reference {@link ProcessorStore}, in the memory of one process (the in-memory event store's).
 * Each call runs without an `await` between its check and its write, so it is atomic.
 */
export const createInMemoryProcessorStore = (
  options: InMemoryProcessorStoreOptions,
): ProcessorStore<never> => {
  const clock = options.clock ?? Date.now;
  const processors = new Map<string, Processor>();

  const find = (processor: string): Processor => {
    const found = processors.get(processor);
    if (found === undefined)
      throw new EventStoreError('INVALID_ARGUMENT', `processor '${processor}' is not registered`);
    return found;
  };

  const leaseOf = (found: Processor, partition: number): PartitionLease => {
    const lease = found.leases[partition];
    if (lease === undefined)
      throw new EventStoreError('INVALID_ARGUMENT', `partition ${partition} is out of range`);
    return lease;
  };

  const checked = <T extends object>(request: T, check: (request: T) => void): void => {
    options.ensureOpen();
    check(request);
  };

  const commitNow = (request: CheckpointCommit): boolean => {
    const found = find(request.processor);
    const lease = leaseOf(found, request.partition);
    if (lease.token !== request.token) return false;
    if (request.position > lease.checkpoint)
      found.leases[request.partition] = { ...lease, checkpoint: request.position };
    const state = found.states[request.partition] as Map<string, string>;
    for (const key of request.changes?.delete ?? []) state.delete(key);
    for (const [key, value] of request.changes?.set ?? []) state.set(key, value);
    return true;
  };

  return {
    register: async (request) => {
      checked(request, assertProcessorRequest);
      const existing = processors.get(request.processor);
      if (existing !== undefined) {
        if (existing.leases.length !== request.partitions)
          throw new EventStoreError(
            'INVALID_ARGUMENT',
            `processor '${request.processor}' has ${existing.leases.length} partitions, not ${request.partitions}: reset it to change them`,
          );
        return;
      }
      processors.set(request.processor, {
        leases: Array.from({ length: request.partitions }, (_, partition) => ({
          partition,
          owner: null,
          expiresAt: 0,
          token: 0,
          checkpoint: request.initialCheckpoint,
        })),
        members: new Map(),
        states: Array.from({ length: request.partitions }, () => new Map()),
      });
    },

    heartbeat: async (request) => {
      checked(request, assertProcessorRequest);
      const found = find(request.processor);
      const now = clock();
      found.members.set(request.owner, now + request.leaseMs);
      for (const [index, lease] of found.leases.entries())
        if (lease.owner === request.owner && lease.expiresAt > now)
          found.leases[index] = { ...lease, expiresAt: now + request.leaseMs };
      const members = [...found.members]
        .filter(([, until]) => until > now)
        .map(([owner]) => owner)
        .sort();
      return { now, members, leases: [...found.leases] };
    },

    acquire: async (request) => {
      checked(request, assertProcessorRequest);
      const found = find(request.processor);
      const lease = leaseOf(found, request.partition);
      const now = clock();
      const live = lease.owner !== null && lease.expiresAt > now;
      if (live && lease.owner !== request.owner) return null;
      const taken: PartitionLease = {
        ...lease,
        owner: request.owner,
        expiresAt: now + request.leaseMs,
        token: live ? lease.token : lease.token + 1,
      };
      found.leases[request.partition] = taken;
      return taken;
    },

    commit: async (request) => {
      checked(request, assertCheckpointCommit);
      return commitNow(request);
    },

    release: async (request) => {
      checked(request, assertProcessorRequest);
      const found = find(request.processor);
      // Every partition checked before any is released: a bad one changes nothing, as in a transaction.
      const leases = request.partitions.map((partition) => leaseOf(found, partition));
      for (const lease of leases)
        if (lease.owner === request.owner)
          found.leases[lease.partition] = { ...lease, owner: null, expiresAt: 0 };
      if (request.leave === true) found.members.delete(request.owner);
    },

    readState: async (request) => {
      checked(request, assertProcessorRequest);
      const found = find(request.processor);
      leaseOf(found, request.partition);
      const state = found.states[request.partition] as Map<string, string>;
      return [...state];
    },

    reset: async (processor) => {
      checked({ processor }, assertProcessorRequest);
      processors.delete(processor);
    },

    headPosition: async () => {
      options.ensureOpen();
      return options.headPosition();
    },
  };
};
