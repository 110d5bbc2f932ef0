import type { ProcessorStore } from '@gavel/core';

// The requests of core's `ProcessorStore`, by name (the port declares them inline).

/** The request of `register`. */
export type RegisterRequest = Parameters<ProcessorStore['register']>[0];
/** The request of `heartbeat`. */
export type HeartbeatRequest = Parameters<ProcessorStore['heartbeat']>[0];
/** The request of `acquire`. */
export type AcquireRequest = Parameters<ProcessorStore['acquire']>[0];
/** The request of `release`. */
export type ReleaseRequest = Parameters<ProcessorStore['release']>[0];
/** The request of `readState`. */
export type ReadStateRequest = Parameters<ProcessorStore['readState']>[0];
/** A partition's state, as `readState` answers it. */
export type PartitionState = Awaited<ReturnType<ProcessorStore['readState']>>;
