import { type CheckpointCommit, EventStoreError } from '@gavel/core';
import { assertCheckpointCommit, assertProcessorRequest } from '@gavel/core/store';
import { acquirePartition } from './acquirePartition';
import { commitCheckpoint } from './commitCheckpoint';
import { heartbeatProcessor } from './heartbeatProcessor';
import type { ProcessorContext } from './processorContext';
import { readPartitionState } from './readPartitionState';
import { registerProcessor } from './registerProcessor';
import { releasePartitions } from './releasePartitions';
import { resetProcessor } from './resetProcessor';
import type { SqliteProcessorStore } from './sqliteProcessorStore';
import { openSqliteTransaction } from './sqliteTransaction';
import { transactCheckpoint } from './transactCheckpoint';

/** The store is open, then the request passes core's `check`, as every store runs them. */
const checked = (context: ProcessorContext, check: () => void): void => {
  context.ensureOpen();
  check();
};

/** A copy of a checked commit, so that the caller changing its arrays later changes nothing queued. */
const copyOf = ({ processor, partition, token, position, changes }: CheckpointCommit): CheckpointCommit => ({
  processor,
  partition,
  token,
  position,
  ...(changes === undefined
    ? {}
    : {
        changes: {
          ...(changes.delete === undefined ? {} : { delete: [...changes.delete] }),
          ...(changes.set === undefined
            ? {}
            : { set: changes.set.map(([key, value]) => [key, value] as const) }),
        },
      }),
});

/**
 * The SQLite store's processor store, on the event store's connection. Every write (register,
 * heartbeat, acquire, commit, release, reset) joins the group commit: it runs in a `BEGIN IMMEDIATE`
 * transaction, under SQLite's write lock shared by every process on the file, and reads the lease clock
 * inside it; so a lease has one owner at a time across processes. Reads (`readState`, `headPosition`)
 * run at once, like the event store's.
 */
export const createSqliteProcessorStore = (context: ProcessorContext): SqliteProcessorStore => {
  const { statements, commits, clock } = context;
  const write = <T>(what: string, run: (now: number) => T): Promise<T> =>
    commits.write(`processor ${what}`, () => run(clock()));

  return {
    register: async (request) => {
      checked(context, () => assertProcessorRequest(request, ['partitions', 'initialCheckpoint']));
      const { processor, partitions, initialCheckpoint } = request;
      return write('register', (now) =>
        registerProcessor(statements, { processor, partitions, initialCheckpoint }, now),
      );
    },
    heartbeat: async (request) => {
      checked(context, () => assertProcessorRequest(request, ['owner', 'leaseMs']));
      const { processor, owner, leaseMs } = request;
      return write('heartbeat', (now) => heartbeatProcessor(statements, { processor, owner, leaseMs }, now));
    },
    acquire: async (request) => {
      checked(context, () => assertProcessorRequest(request, ['owner', 'partition', 'leaseMs']));
      const { processor, owner, partition, leaseMs } = request;
      return write('acquire', (now) =>
        acquirePartition(statements, { processor, owner, partition, leaseMs }, now),
      );
    },
    commit: async (request) => {
      checked(context, () => assertCheckpointCommit(request));
      const commit = copyOf(request);
      return write('commit', () => commitCheckpoint(statements, commit));
    },
    release: async (request) => {
      checked(context, () => assertProcessorRequest(request, ['owner', 'partitions']));
      if (!Array.isArray(request.partitions))
        throw new EventStoreError('INVALID_ARGUMENT', 'partitions must list partition numbers');
      const { processor, owner, leave } = request;
      const partitions = [...request.partitions];
      return write('release', () => releasePartitions(statements, { processor, owner, partitions, leave }));
    },
    readState: async (request) => {
      checked(context, () => assertProcessorRequest(request, ['partition']));
      return context.read('processor state read', () => readPartitionState(statements, request));
    },
    reset: async (processor) => {
      checked(context, () => assertProcessorRequest({ processor }));
      return write('reset', () => resetProcessor(statements, processor));
    },
    headPosition: async () => context.read('head position read', context.head),
    read: async (work) => {
      context.ensureOpen();
      if (typeof work !== 'function')
        throw new EventStoreError('INVALID_ARGUMENT', 'work must be a function');
      const { db, cache } = context.read('read model session', context.reader);
      const session = openSqliteTransaction(db, cache, false);
      try {
        return await work(session.transaction);
      } finally {
        session.end();
      }
    },
    transact: async (request, work) => {
      checked(context, () => assertCheckpointCommit(request));
      if (typeof work !== 'function')
        throw new EventStoreError('INVALID_ARGUMENT', 'work must be a function');
      return transactCheckpoint(context, copyOf(request), work);
    },
  };
};
