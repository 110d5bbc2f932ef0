import { EventStoreError } from '../eventStore/eventStoreError';
import { isStorableText } from '../eventStore/storableText';
import type { CheckpointCommit, PartitionStateChanges } from './processorStore';

/** The most partitions a processor may have. */
export const MAX_PARTITIONS = 1024;

/** The most characters of an owner id. */
export const MAX_OWNER_LENGTH = 200;
/** The most characters of a key of a partition's state. */
export const MAX_STATE_KEY_LENGTH = 500;
/** The most characters of a value of a partition's state. */
export const MAX_STATE_VALUE_LENGTH = 1 << 20;

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const invalid = (message: string): EventStoreError => new EventStoreError('INVALID_ARGUMENT', message);

/** The problem with a processor name, or null: 1 to 100 characters of `[A-Za-z0-9_.-]`. */
export const processorNameProblem = (name: unknown): string | null =>
  typeof name === 'string' && NAME.test(name)
    ? null
    : 'processor must be 1 to 100 characters of letters, digits, _ . or -';

/**
 * Checks a `ProcessorStore` call's request, throwing `INVALID_ARGUMENT` naming the first problem:
 * it must be an object holding every field of `required`, and each field it holds must be valid (the
 * checks look only at the fields present). Every store runs it first, so that all refuse alike (for
 * store authors).
 *
 * @param request - the call's request, as a JavaScript caller may pass it
 * @param required - the fields the call needs (default none)
 */
export const assertProcessorRequest = (
  request: {
    readonly processor?: unknown;
    readonly owner?: unknown;
    readonly partition?: unknown;
    readonly partitions?: unknown;
    readonly leaseMs?: unknown;
    readonly token?: unknown;
    readonly position?: unknown;
    readonly initialCheckpoint?: unknown;
  },
  required: readonly string[] = [],
): void => {
  if (typeof request !== 'object' || request === null) throw invalid('the request must be an object');
  const missing = required.find((field) => !(field in request));
  if (missing !== undefined) throw invalid(`${missing} is required`);
  const nameProblem = processorNameProblem(request.processor);
  if (nameProblem !== null) throw invalid(nameProblem);
  if ('owner' in request) {
    const owner = request.owner;
    if (
      typeof owner !== 'string' ||
      owner.length === 0 ||
      owner.length > MAX_OWNER_LENGTH ||
      !isStorableText(owner)
    )
      throw invalid(`owner must be 1 to ${MAX_OWNER_LENGTH} characters of storable text`);
  }
  if ('partitions' in request) {
    const partitions = request.partitions;
    // A count for `register`, a list of partition numbers for `release`.
    if (Array.isArray(partitions)) {
      if (!partitions.every((partition) => isIntegerIn(partition, 0, MAX_PARTITIONS - 1)))
        throw invalid(`partitions must list integers from 0 to ${MAX_PARTITIONS - 1}`);
    } else if (!isIntegerIn(partitions, 1, MAX_PARTITIONS))
      throw invalid(`partitions must be an integer from 1 to ${MAX_PARTITIONS}`);
  }
  if ('partition' in request && !isIntegerIn(request.partition, 0, MAX_PARTITIONS - 1))
    throw invalid(`partition must be an integer from 0 to ${MAX_PARTITIONS - 1}`);
  if ('leaseMs' in request && !isIntegerIn(request.leaseMs, 1, 2_147_483_647))
    throw invalid('leaseMs must be a positive integer of milliseconds');
  if ('token' in request && !isIntegerIn(request.token, 0, Number.MAX_SAFE_INTEGER))
    throw invalid('token must be a non-negative integer');
  for (const field of ['position', 'initialCheckpoint'] as const)
    if (field in request && !isPosition(request[field]))
      throw invalid(`${field} must be a non-negative bigint below 2^63`);
};

/** Checks a {@link CheckpointCommit}, as {@link assertProcessorRequest} does, its state changes included (for store authors). */
export const assertCheckpointCommit = (commit: CheckpointCommit): void => {
  assertProcessorRequest(commit);
  for (const field of ['partition', 'token', 'position'] as const)
    if (!(field in commit)) throw invalid(`${field} is required`);
  if (commit.changes !== undefined) assertStateChanges(commit.changes);
};

const assertStateChanges = (changes: PartitionStateChanges): void => {
  if (typeof changes !== 'object' || changes === null) throw invalid('changes must be an object');
  const { set = [], delete: deleted = [] } = changes;
  if (!Array.isArray(set) || !Array.isArray(deleted))
    throw invalid('changes.set and changes.delete must be arrays');
  for (const key of deleted) assertKey(key, 'changes.delete');
  for (const entry of set) {
    if (!Array.isArray(entry) || entry.length !== 2) throw invalid('changes.set holds [key, value] pairs');
    assertKey(entry[0], 'changes.set');
    const value: unknown = entry[1];
    if (typeof value !== 'string' || value.length > MAX_STATE_VALUE_LENGTH || !isStorableText(value))
      throw invalid(
        `changes.set values must be storable text of at most ${MAX_STATE_VALUE_LENGTH} characters`,
      );
  }
};

const assertKey = (key: unknown, where: string): void => {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_STATE_KEY_LENGTH ||
    !isStorableText(key)
  )
    throw invalid(`${where} keys must be 1 to ${MAX_STATE_KEY_LENGTH} characters of storable text`);
};

const isIntegerIn = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const isPosition = (value: unknown): boolean => typeof value === 'bigint' && value >= 0n && value < 2n ** 63n;
