import { EventStoreError } from '@gavel/core';
import { assertCheckpointCommit, assertProcessorRequest } from '@gavel/core/store';
import type { PoolClient } from 'pg';
import type { CallContext } from '../failures/boundedCall';
import type { SqlNames } from '../schema/sqlNames';
import { acquirePartition } from './acquirePartition';
import { commitCheckpoint } from './commitCheckpoint';
import { heartbeatProcessor } from './heartbeatProcessor';
import type { PostgresProcessorStore } from './postgresProcessorStore';
import { transactionScope } from './postgresTransaction';
import { refuseIfReset } from './processorRefusals';
import { readHeadPosition } from './readHeadPosition';
import { readPartitionState } from './readPartitionState';
import { registerProcessor } from './registerProcessor';
import { releasePartitions } from './releasePartitions';
import { resetProcessor } from './resetProcessor';
import { transactCheckpoint } from './transactCheckpoint';

/** What the processor store needs from its event store. */
export interface ProcessorStoreContext {
  /** Runs one bounded store call (schema migrated first, driver errors mapped). */
  readonly run: <T>(what: string, body: (call: CallContext) => Promise<T>) => Promise<T>;
  readonly names: SqlNames;
  /** Throws `STORE_CLOSED` once the store is closed. */
  readonly ensureOpen: () => void;
  /** The longest `headPosition` waits for the horizon to settle (ms); within the call's `timeoutMs`. */
  readonly headSettleMs: number;
}

/**
 * The PostgreSQL {@link PostgresProcessorStore}: each call checks its request first (as every store
 * does), then runs one statement in a bounded call of the store (`transact`: one short transaction), so
 * that it fails like every other call of the store, within `timeoutMs`, with an `EventStoreError`.
 */
export const createPostgresProcessorStore = (context: ProcessorStoreContext): PostgresProcessorStore => {
  const { run, names } = context;

  /** Open, an object, with the fields the call needs (the types say so; a JavaScript caller may not), checked. */
  const checked = <T extends object>(
    request: T,
    check: (request: T, required?: readonly string[]) => void,
    required?: readonly string[],
  ): void => {
    context.ensureOpen();
    check(request, required);
  };

  /**
   * One statement about `processor` on a client of the pool. A write marks itself sent, so that a
   * failure whose outcome is unknown says `mayHaveWritten`.
   */
  const statement = <T>(
    what: string,
    processor: string,
    body: (client: PoolClient) => Promise<T>,
    writes = true,
  ) =>
    run(`processor ${what}`, async (call) => {
      const client = await call.checkOut();
      if (writes) call.markSent();
      try {
        return await body(client);
      } catch (error) {
        throw refuseIfReset(error, processor);
      }
    });

  return {
    register: async (request) => {
      checked(request, assertProcessorRequest, ['partitions', 'initialCheckpoint']);
      await statement('register', request.processor, (client) => registerProcessor(client, names, request));
    },
    heartbeat: async (request) => {
      checked(request, assertProcessorRequest, ['owner', 'leaseMs']);
      return statement('heartbeat', request.processor, (client) =>
        heartbeatProcessor(client, names, request),
      );
    },
    acquire: async (request) => {
      checked(request, assertProcessorRequest, ['owner', 'partition', 'leaseMs']);
      return statement('acquire', request.processor, (client) => acquirePartition(client, names, request));
    },
    commit: async (request) => {
      checked(request, assertCheckpointCommit);
      return statement('commit', request.processor, (client) => commitCheckpoint(client, names, request));
    },
    release: async (request) => {
      checked(request, assertProcessorRequest, ['owner', 'partitions']);
      if (!Array.isArray(request.partitions))
        throw new EventStoreError('INVALID_ARGUMENT', 'partitions must list the partitions to release');
      await statement('release', request.processor, (client) => releasePartitions(client, names, request));
    },
    readState: async (request) => {
      checked(request, assertProcessorRequest, ['partition']);
      const read = (client: PoolClient) => readPartitionState(client, names, request);
      return statement('read state', request.processor, read, false);
    },
    reset: async (processor) => {
      checked({ processor }, assertProcessorRequest);
      await statement('reset', processor, (client) => resetProcessor(client, names, processor));
    },
    headPosition: async () => {
      context.ensureOpen();
      return run('head position', async (call) =>
        readHeadPosition(await call.checkOut(), names, context.headSettleMs),
      );
    },
    read: async (work) => {
      context.ensureOpen();
      if (typeof work !== 'function')
        throw new EventStoreError('INVALID_ARGUMENT', 'work must be a function of the session');
      return run('read model read', async (call) => {
        const scope = transactionScope(await call.checkOut());
        try {
          return await work(scope.transaction);
        } finally {
          scope.end();
        }
      });
    },
    transact: async (request, work) => {
      checked(request, assertCheckpointCommit);
      if (typeof work !== 'function')
        throw new EventStoreError('INVALID_ARGUMENT', 'work must be a function of the transaction');
      const outcome = await run('processor transaction', (call) =>
        transactCheckpoint(call, names, request, work),
      );
      if (outcome.kind === 'work-failed') throw outcome.error;
      return outcome.kind === 'committed';
    },
  };
};
