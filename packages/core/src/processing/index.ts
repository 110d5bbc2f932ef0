export { createProcessor, type Processor } from './createProcessor';
export { type FollowStoreOptions, followStore } from './followStore';
export { createInMemoryProcessorStore, type InMemoryProcessorStoreOptions } from './inMemoryProcessorStore';
export { fnv1a32, partitionOf } from './partitionOf';
export {
  assertCheckpointCommit,
  assertProcessorRequest,
  MAX_PARTITIONS,
  processorNameProblem,
} from './processorArguments';
export { logProcessorError, type ProcessorError, type ProcessorErrorCode } from './processorError';
export type {
  PartitionStateWriter,
  ProcessorContext,
  ProcessorEvent,
  ProcessorOptions,
} from './processorOptions';
export type { ProcessorStats } from './processorStats';
export type {
  CheckpointCommit,
  PartitionLease,
  PartitionStateChanges,
  ProcessorHeartbeat,
  ProcessorStore,
} from './processorStore';
export { type RebuildProcessorOptions, rebuildProcessor } from './rebuildProcessor';
