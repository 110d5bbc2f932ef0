/**
 * The processor store port of `@gavel/core`, as the adapter's processor files use it: its types, and
 * the argument checks every store runs first (so that all stores refuse alike).
 */
import type { CheckpointCommit } from '@gavel/core';

export type {
  CheckpointCommit,
  PartitionLease,
  PartitionStateChanges,
  ProcessorHeartbeat,
  ProcessorStore,
} from '@gavel/core';
export { assertCheckpointCommit, assertProcessorRequest } from '@gavel/core/store';

/** A key and its value in a partition's state. */
export type StateEntry = NonNullable<NonNullable<CheckpointCommit['changes']>['set']>[number];
