import type { RecordedAuctionEvent } from '../decoding/toAuctionEvent';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { InvalidOptionsError } from '../options/invalidOptionsError';
import {
  defaultProcessorRetry,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryOptions,
} from '../timing/retry';
import { type Scheduler, systemScheduler } from '../timing/scheduler';
import { MAX_PARTITIONS, processorNameProblem } from './processorArguments';
import { logProcessorError, type ProcessorError } from './processorError';
import type { ProcessorStore } from './processorStore';

/**
 * The events a processor's handler gets: with `category: 'auction'`, auction events decoded in the read
 * (`followStore`: brought to today's schema, their fields checked; {@link RecordedAuctionEvent});
 * otherwise recorded events (auction ones decoded too).
 */
export type ProcessorEvent<TCategory extends string | undefined> = TCategory extends 'auction'
  ? RecordedAuctionEvent
  : RecordedEvent;

/** Small key/value state of a partition, saved with its checkpoint (see {@link ProcessorOptions.onAssigned}). */
export interface PartitionStateWriter {
  /** Sets a key (1 to 500 characters) to a value (text), with the batch's checkpoint. */
  set(key: string, value: string): void;
  /** Removes a key, with the batch's checkpoint. */
  delete(key: string): void;
}

/** What a handler gets besides its events. */
export interface ProcessorContext<TTransaction> {
  /** The partition of the batch. */
  readonly partition: number;
  /** Changes to the partition's state, saved with the batch's checkpoint (not with `transactional`). */
  readonly state: PartitionStateWriter;
  /**
   * With `transactional: true`, the database transaction in which the checkpoint is saved: write the
   * read model's rows with it and both commit together. Undefined otherwise.
   */
  readonly transaction: TTransaction | undefined;
}

/** Options of {@link createProcessor}. */
export interface ProcessorOptions<TTransaction = never, TCategory extends string | undefined = undefined> {
  /** The store whose events the processor handles. */
  readonly store: EventStore;
  /** The processor's identity (1 to 100 characters of `[A-Za-z0-9_.-]`): its checkpoints and leases are kept under it. */
  readonly name: string;
  /**
   * Handles a batch: 1 to `batchSize` events of one partition, in global order. The checkpoint moves
   * past them once it resolves; if it throws, the same batch comes again after a backoff. Events may
   * come again after a crash or a lost lease (at least once): make it idempotent, e.g. by
   * `streamName` + `streamVersion`.
   */
  readonly handle: (
    events: readonly ProcessorEvent<TCategory>[],
    context: ProcessorContext<TTransaction>,
  ) => void | Promise<void>;
  /** Only streams `<category>-…` (e.g. `'auction'`). Default: every stream but system ones. */
  readonly category?: TCategory;
  /** Partitions (1 to 1024), each handled by one process at a time. Default 1. Changing it needs a reset. */
  readonly partitions?: number;
  /** How long a partition's lease lasts without renewal, in ms. Default 10 000. */
  readonly leaseMs?: number;
  /** How often leases are renewed and partitions rebalanced, in ms. Default `leaseMs / 10`, at most 1 000. */
  readonly renewIntervalMs?: number;
  /** The most events per batch. Default 100. */
  readonly batchSize?: number;
  /** Where a partition without a checkpoint starts: the store's `'start'` (default) or its `'end'` when the processor first ran. */
  readonly from?: 'start' | 'end';
  /** Where checkpoints and leases live. Default `store.processors` (the store's own database). */
  readonly checkpoints?: ProcessorStore<TTransaction>;
  /** Run each batch's handler and its checkpoint in one database transaction (SQL stores only). Default false. */
  readonly transactional?: boolean;
  /**
   * Called when this process takes a partition, before its first batch, with the partition's state (what
   * the handler's `context.state` changes left): load what you keep in memory for it here.
   */
  readonly onAssigned?: (partition: number, state: ReadonlyMap<string, string>) => void | Promise<void>;
  /** Called when this process no longer owns a partition (released, lost or stopped): drop its memory. */
  readonly onRevoked?: (partition: number) => void;
  /** Failures handled by retrying. Default: a line on stderr. */
  readonly onError?: (error: ProcessorError) => void;
  /**
   * The wait before handling a failed batch (or saving a checkpoint, or registering) again. Default
   * {@link defaultProcessorRetry}: 100 ms doubling to 30 s, equal jitter. No `maxAttempts`: a batch is
   * retried until it succeeds, never skipped.
   */
  readonly retry?: RetryOptions;
  /** Timers. Default Node's. */
  readonly scheduler?: Scheduler;
  /** A monotonic clock in ms, for lease validity. Default `performance.now`. */
  readonly now?: () => number;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /**
   * This process's member id among the processes running `name` (1 to 200 characters), unique to the
   * process and new at each start. Default a random UUID; a simulation passes ids drawn from its seed.
   */
  readonly owner?: string;
}

/** The options with every default filled in and checked. */
export interface NormalizedProcessorOptions<TTransaction> {
  readonly store: EventStore;
  readonly name: string;
  readonly handle: (
    events: readonly RecordedEvent[],
    context: ProcessorContext<TTransaction>,
  ) => void | Promise<void>;
  readonly category: string | undefined;
  readonly partitions: number;
  readonly leaseMs: number;
  readonly renewIntervalMs: number;
  readonly batchSize: number;
  readonly from: 'start' | 'end';
  readonly checkpoints: ProcessorStore<TTransaction>;
  readonly transactional: boolean;
  readonly onAssigned:
    | ((partition: number, state: ReadonlyMap<string, string>) => void | Promise<void>)
    | undefined;
  readonly onRevoked: ((partition: number) => void) | undefined;
  readonly onError: (error: ProcessorError) => void;
  readonly retry: RetryPolicy;
  readonly scheduler: Scheduler;
  readonly now: () => number;
  readonly random: () => number;
  readonly owner: string;
}

const invalid = (path: string, message: string): InvalidOptionsError =>
  new InvalidOptionsError(path, message);

const integerIn = (value: unknown, min: number, max: number, name: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalid(name, `${name} must be an integer from ${min} to ${max}`);
  return value;
};

const ownerOf = (owner: unknown): string => {
  if (owner === undefined) return globalThis.crypto.randomUUID();
  if (typeof owner !== 'string' || owner.length === 0 || owner.length > 200)
    throw invalid('owner', 'owner must be a string of 1 to 200 characters');
  return owner;
};

/**
 * Fills in and checks {@link ProcessorOptions}.
 * @throws InvalidOptionsError naming the first bad option
 */
export const normalizeProcessorOptions = <TTransaction, TCategory extends string | undefined>(
  options: ProcessorOptions<TTransaction, TCategory>,
): NormalizedProcessorOptions<TTransaction> => {
  if (typeof options !== 'object' || options === null) throw invalid('', 'options must be an object');
  const nameProblem = processorNameProblem(options.name);
  if (nameProblem !== null) throw invalid('name', `name: ${nameProblem.replace(/^processor /, '')}`);
  if (typeof options.handle !== 'function') throw invalid('handle', 'handle must be a function');
  if (options.category !== undefined && (typeof options.category !== 'string' || options.category === ''))
    throw invalid('category', 'category must be a non-empty string');
  const checkpoints = (options.checkpoints ?? options.store?.processors) as
    | ProcessorStore<TTransaction>
    | undefined;
  if (checkpoints === undefined)
    throw invalid('checkpoints', 'the store has no processors: give checkpoints');
  const transactional = options.transactional === true;
  if (transactional && typeof checkpoints.transact !== 'function')
    throw invalid(
      'transactional',
      'transactional needs a store whose processors have transactions (SQLite, PostgreSQL)',
    );
  const leaseMs = integerIn(options.leaseMs ?? 10_000, 100, 2_147_483_647, 'leaseMs');
  const renewIntervalMs = integerIn(
    options.renewIntervalMs ?? Math.max(10, Math.min(1_000, Math.floor(leaseMs / 10))),
    1,
    Math.floor(leaseMs / 2),
    'renewIntervalMs',
  );
  const from = options.from ?? 'start';
  if (from !== 'start' && from !== 'end') throw invalid('from', "from must be 'start' or 'end'");
  const retry = resolveRetryOptions(options.retry, defaultProcessorRetry);
  return {
    store: options.store,
    name: options.name,
    handle: options.handle as NormalizedProcessorOptions<TTransaction>['handle'],
    category: options.category,
    partitions: integerIn(options.partitions ?? 1, 1, MAX_PARTITIONS, 'partitions'),
    leaseMs,
    renewIntervalMs,
    batchSize: integerIn(options.batchSize ?? 100, 1, 100_000, 'batchSize'),
    from,
    checkpoints,
    transactional,
    onAssigned: options.onAssigned,
    onRevoked: options.onRevoked,
    onError: options.onError ?? logProcessorError,
    retry,
    scheduler: options.scheduler ?? systemScheduler,
    now: options.now ?? (() => performance.now()),
    random: options.random ?? Math.random,
    owner: ownerOf(options.owner),
  };
};
